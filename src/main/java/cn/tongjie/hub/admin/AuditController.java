package cn.tongjie.hub.admin;

import cn.tongjie.hub.registry.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log for AUDITOR (X-Road's anchor): every admin action including refused ones, and every read of unmasked
 * personal data ({@code action=PERSONAL_DATA_READ}). Reading the log is not itself audited: it changes nothing and
 * shows no personal data.
 */
@RestController
@RequestMapping("/api/admin/audit")
@Tag(name = "audit", description = "Audit log: admin actions, refused requests, unmasked data access (AUDITOR)")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * @param outcome OK, DENIED (403) or UNAUTHENTICATED (401)
     * @param action  e.g. MAINTENANCE_ON, PERSONAL_DATA_READ, "HTTP POST" (refused requests)
     */
    @GetMapping
    @Operation(summary = "Audit entries, newest first (AUDITOR)")
    List<AuditLog.Entry> entries(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(defaultValue = "200") int limit) {
        return audit.search(blank(actor), blank(action), blank(outcome), from, to, limit);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
