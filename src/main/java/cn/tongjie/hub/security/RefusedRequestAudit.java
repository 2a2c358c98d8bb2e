package cn.tongjie.hub.security;

import cn.tongjie.hub.registry.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * Audits every refused request to the admin API (issue 6: "including refused ones"): 401 for missing or wrong
 * credentials, 403 for a missing role. Wraps Spring's own entry point and access-denied handler, so the answers stay
 * exactly what they were (Basic challenge, empty 403). The password is never recorded, only the user name tried.
 */
@Component
class RefusedRequestAudit {

    private static final Logger log = LoggerFactory.getLogger(RefusedRequestAudit.class);
    /** Only people's API is audited; agency endpoints answer per their contract and log there. */
    static final String AUDITED_PREFIX = "/api/admin";

    private final AuditLog audit;
    private final BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
    private final AccessDeniedHandler denied = new AccessDeniedHandlerImpl();

    RefusedRequestAudit(AuditLog audit) {
        this.audit = audit;
        basic.setRealmName("Tongjie");
    }

    AuthenticationEntryPoint entryPoint() {
        return (request, response, ex) -> {
            record(request, attemptedUser(request), AuditLog.UNAUTHENTICATED, ex.getClass().getSimpleName());
            if ("XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))) {
                // the console's own requests: no Basic challenge, or the browser would pop its login box over the
                // console's login form (what Spring's default entry point does for such requests too)
                response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            basic.commence(request, response, ex);
        };
    }

    AccessDeniedHandler accessDeniedHandler() {
        return (request, response, ex) -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            String who = auth == null ? attemptedUser(request) : auth.getName();
            String roles = auth == null ? "" : " roles=" + auth.getAuthorities();
            record(request, who, AuditLog.DENIED, "role missing" + roles);
            denied.handle(request, response, ex);
        };
    }

    private void record(HttpServletRequest request, String who, String outcome, String detail) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(AUDITED_PREFIX)) {
            return;
        }
        try {
            audit.record(who, "HTTP " + request.getMethod(), path, detail, request.getRemoteAddr(), outcome);
        } catch (RuntimeException e) {
            // the refusal must still be answered when the store is down; the log line keeps the trace
            log.warn("Could not audit refused {} {} ({}): {}", request.getMethod(), path, outcome, e.toString());
        }
    }

    /** User name of a Basic header (never the password), or "anonymous". */
    static String attemptedUser(HttpServletRequest request) {
        String h = request.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String name = colon < 0 ? decoded : decoded.substring(0, colon);
                return name.isBlank() ? "anonymous" : name;
            } catch (IllegalArgumentException notBase64) {
                return "anonymous (malformed Basic header)";
            }
        }
        return "anonymous";
    }
}
