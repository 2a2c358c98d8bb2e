package cn.tongjie.hub.simulator.petition;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers the simulated feedback endpoint itself (the request never reaches the CXF servlet behind it). */
class PetitionSimulatorFilter extends HttpFilter {

    private final PetitionSystemSimulator simulator;

    PetitionSimulatorFilter(PetitionSystemSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        byte[] body = req.getInputStream().readAllBytes();
        if ("GET".equals(req.getMethod()) && req.getRequestURI().startsWith(PetitionSimulatorConfig.FILES_PATH)) {
            String id = req.getRequestURI().substring(PetitionSimulatorConfig.FILES_PATH.length());
            PetitionSystemSimulator.FileReply file = simulator.download(req.getRequestURI(), id,
                    req.getHeader("X-App-Key"), req.getHeader("X-Timestamp"), req.getHeader("X-Nonce"),
                    req.getHeader("X-Signature"));
            res.setStatus(file.status());
            if (file.content() != null) {
                res.setContentType("application/octet-stream");
                res.getOutputStream().write(file.content());
            } else {
                res.setContentType("application/json;charset=UTF-8");
                res.getOutputStream().write(file.error().body().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        PetitionSystemSimulator.Reply reply;
        if (!"POST".equals(req.getMethod()) || !PetitionSimulatorConfig.FEEDBACK_PATH.equals(req.getRequestURI())) {
            reply = new PetitionSystemSimulator.Reply(404, null,
                    "{\"code\":\"4004\",\"msg\":\"接口不存在\",\"data\":null}");
        } else {
            // §4.2: the raw request target path as received
            reply = simulator.receiveFeedback(req.getRequestURI(), req.getHeader("Content-Type"),
                    req.getHeader("X-App-Key"), req.getHeader("X-Timestamp"), req.getHeader("X-Nonce"),
                    req.getHeader("X-Signature"), body);
        }
        res.setStatus(reply.status());
        if (reply.retryAfter() != null) {
            res.setHeader("Retry-After", reply.retryAfter());
        }
        res.setContentType("application/json;charset=UTF-8");
        res.getOutputStream().write(reply.body().getBytes(StandardCharsets.UTF_8));
    }
}
