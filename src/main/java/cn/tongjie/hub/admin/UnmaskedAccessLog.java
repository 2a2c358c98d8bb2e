package cn.tongjie.hub.admin;

import cn.tongjie.hub.registry.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Logs every successful read of unmasked personal data (issue 6: AUDITOR reads the "unmasked data access log"):
 * OPERATOR and ADMIN see party names, ID numbers and phones in disputes and quarantined payloads (MONITOR sees them
 * masked, {@link Masking}). One audit entry {@code PERSONAL_DATA_READ} per request, with the path and query (which
 * name references, never personal data themselves).
 */
@Configuration(proxyBeanMethods = false)
class UnmaskedAccessLog implements WebMvcConfigurer {

    static final String ACTION = "PERSONAL_DATA_READ";
    /** Admin reads that return unmasked party data to OPERATOR and ADMIN. */
    static final String[] PATHS = {"/api/admin/disputes", "/api/admin/disputes/**", "/api/admin/quarantine",
            "/api/admin/quarantine/**"};

    private final AuditLog audit;

    UnmaskedAccessLog(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                    Exception ex) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if ("GET".equals(request.getMethod()) && response.getStatus() == 200 && ex == null
                        && seesPersonalData(auth)) {
                    String query = request.getQueryString();
                    audit.record(auth.getName(), ACTION, request.getRequestURI() + (query == null ? "" : "?" + query),
                            "unmasked party data returned", request.getRemoteAddr(), AuditLog.OK);
                }
            }
        }).addPathPatterns(PATHS);
    }

    /** Same rule as AdminController: OPERATOR (and ADMIN above it) see personal data unmasked. */
    static boolean seesPersonalData(Authentication auth) {
        return auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR") || a.getAuthority().equals("ROLE_ADMIN"));
    }
}
