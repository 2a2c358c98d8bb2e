package cn.tongjie.hub.admin.console;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The APIs the console's pages need beyond the first admin API: who am I (the console shows only what the role may),
 * the overview, the deadlines and the routes with suspend/resume. GET needs MONITOR; suspend/resume need ADMIN (URL
 * rules in SecurityConfig).
 */
@RestController
@RequestMapping("/api/admin")
class ConsoleController {

    private final RoleHierarchy roles;
    private final Overview overview;
    private final DeadlineBoard deadlines;
    private final RouteBoard routes;

    ConsoleController(RoleHierarchy roles, Overview overview, DeadlineBoard deadlines, RouteBoard routes) {
        this.roles = roles;
        this.overview = overview;
        this.deadlines = deadlines;
        this.routes = routes;
    }

    /** The user's effective roles (ADMIN also has OPERATOR and MONITOR): the console hides what the role may not do. */
    @GetMapping("/console/me")
    Map<String, Object> me(Authentication auth) {
        List<String> effective = roles.getReachableGrantedAuthorities(auth.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5))
                .sorted().toList();
        return Map.of("user", auth.getName(), "roles", effective);
    }

    @GetMapping("/console/overview")
    Overview.Snapshot overview() {
        return overview.snapshot();
    }

    @GetMapping("/deadlines")
    List<DeadlineBoard.Deadline> deadlines(@RequestParam(defaultValue = "200") int limit) {
        return deadlines.running(Math.max(1, Math.min(limit, 2000)));
    }

    @GetMapping("/routes")
    List<RouteBoard.RouteView> routes() {
        return routes.routes();
    }

    @PostMapping("/routes/{routeId}/suspend")
    RouteBoard.RouteView suspend(@PathVariable String routeId, Authentication auth) {
        return routes.suspend(routeId, auth.getName());
    }

    @PostMapping("/routes/{routeId}/resume")
    RouteBoard.RouteView resume(@PathVariable String routeId, Authentication auth) {
        return routes.resume(routeId, auth.getName());
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<Map<String, String>> refused(HubException e) {
        int status = e.errorCode() == ErrorCode.TJ_CONSOLE_NOT_FOUND ? 404 : 409;
        return ResponseEntity.status(status).body(Map.of("errorCode", e.errorCode().code(), "message", e.getMessage()));
    }
}
