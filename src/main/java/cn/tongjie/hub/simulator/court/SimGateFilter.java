package cn.tongjie.hub.simulator.court;

import cn.tongjie.hub.common.BufferedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The simulated courts' gateway in front of CXF: keeps the raw request for the log, answers the maintenance window
 * (00:00–01:00 +08:00: HTTP 503 SERVICE_UNAVAILABLE, contract §3) and the outage switch (HTTP 503 without a body), and
 * logs every request with its answer.
 */
class SimGateFilter extends OncePerRequestFilter {

    private static final Pattern PATH = Pattern.compile(".*/sim/court/([0-9]{2,4})/intake/?$");
    private static final Pattern BODY = Pattern.compile("<(?:[A-Za-z0-9_.-]+:)?Body[^>]*>(.*)</(?:[A-Za-z0-9_.-]+:)?Body>",
            Pattern.DOTALL);
    private static final Pattern OPERATION = Pattern.compile("^\\s*<(?:[A-Za-z0-9_.-]+:)?([A-Za-z]+)[\\s>/]");
    private static final int MAX_BODY = 10 * 1024 * 1024;

    private final CourtSimulator simulator;
    private final LocalTime maintenanceStart;
    private final LocalTime maintenanceEnd;

    SimGateFilter(CourtSimulator simulator, LocalTime maintenanceStart, LocalTime maintenanceEnd) {
        this.simulator = simulator;
        this.maintenanceStart = maintenanceStart;
        this.maintenanceEnd = maintenanceEnd;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = PATH.matcher(request.getRequestURI());
        String digits = path.matches() ? path.group(1) : "?";
        byte[] raw = request.getInputStream().readNBytes(MAX_BODY + 1);
        String text = new String(raw, StandardCharsets.UTF_8);
        String answer;
        if (simulator.isDown()) {
            response.setStatus(503);
            answer = "HTTP:503";
        } else if (inMaintenance(simulator.now().toLocalTime())) {
            response.setStatus(503);
            response.setHeader("Retry-After", "60");
            response.setContentType("text/xml; charset=utf-8");
            response.getOutputStream().write(SimFaults.serviceUnavailableEnvelope().getBytes(StandardCharsets.UTF_8));
            answer = "FAULT:SERVICE_UNAVAILABLE";
        } else {
            BufferedBodyRequest wrapped = new BufferedBodyRequest(request, raw);
            chain.doFilter(wrapped, response);
            Object noted = wrapped.getAttribute(SimulatedCourtIntake.ANSWER);
            answer = noted != null ? noted.toString() : "HTTP:" + response.getStatus();
        }
        simulator.log().add(entry(digits, text, answer));
    }

    private CourtSimulatorLog.Received entry(String digits, String envelope, String answer) {
        Matcher b = BODY.matcher(envelope);
        String body = b.find() ? b.group(1) : null;
        String op = null;
        if (body != null) {
            Matcher o = OPERATION.matcher(body);
            op = o.find() ? o.group(1) : null;
        }
        return new CourtSimulatorLog.Received(op, element(body, "messageId"), element(body, "courtCode"), digits,
                body, element(envelope, "Nonce"), simulator.now(), answer);
    }

    private static String element(String xml, String local) {
        if (xml == null) {
            return null;
        }
        Matcher m = Pattern.compile("<(?:[A-Za-z0-9_.-]+:)?" + local + "(?:\\s[^>]*)?>([^<]*)<").matcher(xml);
        return m.find() ? m.group(1).trim() : null;
    }

    private boolean inMaintenance(LocalTime t) {
        return maintenanceStart.isBefore(maintenanceEnd)
                ? !t.isBefore(maintenanceStart) && t.isBefore(maintenanceEnd)
                : !t.isBefore(maintenanceStart) || t.isBefore(maintenanceEnd);
    }
}
