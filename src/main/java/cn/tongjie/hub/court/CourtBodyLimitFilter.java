package cn.tongjie.hub.court;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
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
        chain.doFilter(new Buffered(request, buffer.toByteArray()), response);
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentLength(0);
        response.flushBuffer();
    }

    /** The request with its body replayed from memory. */
    private static final class Buffered extends HttpServletRequestWrapper {

        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    // synchronous servlet: CXF reads the stream directly
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
