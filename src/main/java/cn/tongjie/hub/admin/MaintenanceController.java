package cn.tongjie.hub.admin;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.infra.MaintenanceMode;
import cn.tongjie.hub.registry.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Maintenance mode of this node (ADMIN to change, MONITOR to read); every change is audited. */
@RestController
@RequestMapping("/api/admin/maintenance")
@Tag(name = "maintenance", description = "Take this hub node out of readiness without stopping it (ADMIN)")
class MaintenanceController {

    private final MaintenanceMode maintenance;
    private final AuditLog audit;

    MaintenanceController(MaintenanceMode maintenance, AuditLog audit) {
        this.maintenance = maintenance;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Current maintenance state of this node (MONITOR)")
    MaintenanceMode.State state() {
        return maintenance.state();
    }

    /** {@code {"on": true, "reason": "..."}}; a reason is required to switch on. */
    @PostMapping
    @Operation(summary = "Switch maintenance on (readiness OUT_OF_SERVICE) or off (ADMIN, audited)")
    ResponseEntity<?> set(@RequestBody Request request, Authentication auth) {
        if (request.on() == null || (request.on() && (request.reason() == null || request.reason().isBlank()))) {
            HubException e = new HubException(ErrorCode.TJ_MAINTENANCE_REQUEST_INVALID,
                    "give on (true/false) and, to switch on, a reason");
            return ResponseEntity.badRequest().body(Map.of("code", e.errorCode().code(), "message", e.getMessage()));
        }
        MaintenanceMode.State s = maintenance.set(request.on(), request.reason(), auth.getName());
        audit.record(auth.getName(), request.on() ? "MAINTENANCE_ON" : "MAINTENANCE_OFF", "hub",
                request.reason());
        return ResponseEntity.ok(s);
    }

    record Request(Boolean on, String reason) {
    }
}
