package cn.tongjie.hub.court;

import cn.tongjie.hub.common.BufferedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Contract §10 step 1 on POST /services/court/docking: a body larger than the limit (10 MiB) gets HTTP 413 with an
 * empty body, before anything parses or records it. Otherwise the body, read once into memory (at most the limit),
 * is handed on unchanged. Registered for that path only ({@link CourtDockingEndpoint}).
 */
class CourtBodyLimitFilter extends OncePerRequestFilter {

    /** A declared length this far over the limit is refused without reading it at all. */
    private static final int SHORTCUT_FACTOR = 4;
    private final long maxBodyBytes;

    CourtBodyLimitFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            chain.doFilter(request, response); // GET ?wsdl / ?xsd
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes * SHORTCUT_FACTOR) {
            tooLarge(response);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 8192), 1 << 20));
        InputStream in = request.getInputStream();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            total += n;
            if (total > maxBodyBytes) {
                // Read the rest (within the shortcut bound) so the client gets the 413 instead of a reset connection.
                long drained = total;
                while (drained <= maxBodyBytes * SHORTCUT_FACTOR && (n = in.read(chunk)) > 0) {
                    drained += n;
                }
                tooLarge(response);
                return;
            }
            buffer.write(chunk, 0, n);
        }
        chain.doFilter(new BufferedBodyRequest(request, buffer.toByteArray()), response);
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentLength(0);
        response.flushBuffer();
    }
}
