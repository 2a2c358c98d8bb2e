package cn.tongjie.hub.admin;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeRegistry.DisputeQuery;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineStore;
import cn.tongjie.hub.registry.TimelineEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.security.core.Authentication;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.legal.LegalCases;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.warning.EarlyWarningAlerts;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API, first cut: disputes with their cross-references, assignments, status and timeline; quarantine; alerts.
 * Personal data is masked for MONITOR; OPERATOR and ADMIN see it in full.
 */
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private final DisputeRegistry registry;
    private final Assignments assignments;
    private final QuarantineStore quarantine;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final LegalCases legalCases;
    private final AuditLog audit;
    private final EarlyWarningAlerts earlyWarnings;

    AdminController(DisputeRegistry registry, Assignments assignments, QuarantineStore quarantine, Alerts alerts,
            ObjectMapper mapper, LegalCases legalCases, AuditLog audit, EarlyWarningAlerts earlyWarnings) {
        this.earlyWarnings = earlyWarnings;
        this.legalCases = legalCases;
        this.audit = audit;
        this.registry = registry;
        this.assignments = assignments;
        this.quarantine = quarantine;
        this.alerts = alerts;
        this.mapper = mapper;
    }

    /**
     * @param ref    any agency's reference (jjdbh, caseNo, externalRef ...) or the hub's disputeId
     * @param agency limit {@code ref} to one agency's references, or list disputes an agency is involved in
     * @param status dispute status (REGISTERED, ASSIGNING, ASSIGNED, ACCEPTED, IN_MEDIATION, CONCLUDED, ...)
     * @param region GB/T 2260 prefix, e.g. 150502
     */
    @GetMapping("/disputes")
    ArrayNode disputes(@RequestParam(required = false) String ref, @RequestParam(required = false) String agency,
            @RequestParam(required = false) String status, @RequestParam(required = false) String region,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String party,
            @RequestParam(required = false) java.time.LocalDate from,
            @RequestParam(required = false) java.time.LocalDate to, Authentication auth) {
        boolean unmasked = seesPersonalData(auth);
        if (blank(party) != null && !unmasked) {
            // searching by a name would tell a masked role who is in a dispute
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.FORBIDDEN, "party search needs a role that sees personal data");
        }
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        ArrayNode out = mapper.createArrayNode();
        for (Dispute d : registry.search(new DisputeQuery(blank(ref), blank(agency), blank(status), blank(region), limit,
                blank(party), from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime()))) {
            out.add(view(d, unmasked));
        }
        return out;
    }

    @GetMapping("/quarantine")
    ArrayNode quarantine(@RequestParam(required = false) String status, @RequestParam(defaultValue = "100") int limit,
            Authentication auth) {
        boolean unmasked = seesPersonalData(auth);
        ArrayNode out = mapper.createArrayNode();
        for (QuarantineEntry q : quarantine.list(blank(status), limit)) {
            ObjectNode n = out.addObject().put("id", q.id()).put("agency", q.agency()).put("source", q.source())
                    .put("primaryReason", q.primaryReason()).put("status", q.status())
                    .put("quarantinedAt", String.valueOf(q.quarantinedAt()));
            if (q.kafkaPartition() != null) {
                n.put("partition", q.kafkaPartition()).put("offset", q.kafkaOffset());
            }
            n.set("reasons", read(q.reasonsJson()));
            n.set("headers", read(q.headersJson()));
            if (q.keyBytes() != null) {
                n.put("key", new String(q.keyBytes(), StandardCharsets.UTF_8));
            }
            if (unmasked && q.valueBytes() != null) {
                // exact bytes: the record may not be text at all
                n.put("valueBase64", Base64.getEncoder().encodeToString(q.valueBytes()));
            }
        }
        return out;
    }

    /**
     * Open operational alerts ({@code kind = operational}) and early-warning alerts of mass disputes with their
     * evidence ({@code kind = early-warning}); both unless {@code kind} picks one. Evidence is masked for MONITOR.
     */
    @GetMapping("/alerts")
    ArrayNode alerts(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String kind,
            Authentication auth) {
        String k = blank(kind);
        if (k != null && !k.equals("operational") && !k.equals("early-warning")) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.BAD_REQUEST, "kind is operational or early-warning");
        }
        ArrayNode out = mapper.createArrayNode();
        if (k == null || k.equals("operational")) {
            for (Alerts.Alert a : alerts.open(limit)) {
                out.add(((ObjectNode) mapper.valueToTree(a)).put("kind", "operational"));
            }
        }
        if (k == null || k.equals("early-warning")) {
            boolean unmasked = seesPersonalData(auth);
            for (EarlyWarningAlerts.View w : earlyWarnings.list(limit)) {
                ObjectNode n = ((ObjectNode) mapper.valueToTree(w)).put("kind", "early-warning");
                JsonNode evidence = read(w.evidence());
                n.set("evidence", unmasked ? evidence : Masking.mask(evidence));
                out.add(n);
            }
        }
        return out;
    }

    /** An operator took an early-warning alert in hand (OPERATOR); audited. */
    @PostMapping("/alerts/early-warning/{alertId}/acknowledge")
    ResponseEntity<ObjectNode> acknowledge(@PathVariable String alertId, @RequestBody(required = false) AckRequest body,
            Authentication auth) {
        try {
            earlyWarnings.acknowledge(alertId, auth.getName(), body == null ? null : body.note());
            return ResponseEntity.ok(mapper.createObjectNode().put("alertId", alertId).put("status", "ACKNOWLEDGED"));
        } catch (HubException e) {
            return ResponseEntity.status(e.errorCode() == cn.tongjie.hub.common.ErrorCode.TJ_ILLEGAL_STATE ? 409 : 404)
                    .body(mapper.createObjectNode().put("code", e.errorCode().code()).put("message", e.getMessage()));
        }
    }

    record AckRequest(String note) {
    }

    /** legal-service §6: withdraw an assignment (OPERATOR); the answer and the action are audited. */
    @PostMapping("/assignments/{externalRef}/withdraw")
    ResponseEntity<LegalCases.WithdrawResult> withdraw(@PathVariable String externalRef,
            @RequestBody WithdrawRequest request, Authentication auth) {
        try {
            var result = legalCases.withdraw(externalRef, request.reason(), request.reasonText(), auth.getName());
            return ResponseEntity.status(result.httpStatus() == 200 || result.httpStatus() == 409 ? 200 : 502).body(result);
        } catch (HubException e) {
            return ResponseEntity.badRequest().body(new LegalCases.WithdrawResult(400, e.errorCode().code(), e.getMessage()));
        }
    }

    /** legal-service §7.5: run the reconciliation now instead of waiting for the daily run (ADMIN). */
    @PostMapping("/legal-service/reconcile")
    ObjectNode reconcile(Authentication auth) {
        int checked = legalCases.reconcileDue(true);
        audit.record(auth.getName(), "LEGAL_RECONCILE", "legal-service", checked + " cases checked");
        return mapper.createObjectNode().put("casesChecked", checked);
    }

    record WithdrawRequest(String reason, String reasonText) {
    }

    private ObjectNode view(Dispute d, boolean unmasked) {
        ObjectNode n = mapper.createObjectNode().put("disputeId", d.disputeId()).put("status", d.status().name());
        if (d.outcome() != null) {
            n.put("outcome", d.outcome());
        }
        n.put("category", d.category()).put("regionCode", d.regionCode()).put("urgent", d.urgent()).put("mass", d.mass());
        n.putObject("source").put("agency", d.sourceAgency()).put("channel", d.sourceChannel())
                .put("ref", d.sourceRef()).put("version", d.sourceVersion());
        n.put("createdAt", d.createdAt().toString()).put("updatedAt", d.updatedAt().toString());
        ArrayNode refs = n.putArray("references");
        registry.xrefs(d.disputeId()).forEach(x -> refs.addObject().put("agency", x.agency()).put("type", x.refType())
                .put("ref", x.ref()));
        ArrayNode as = n.putArray("assignments");
        for (Assignment a : assignments.ofDispute(d.disputeId())) {
            ObjectNode an = as.addObject().put("externalRef", a.externalRef()).put("agency", a.agency())
                    .put("targetCode", a.targetCode()).put("targetName", a.targetName()).put("rule", a.ruleId())
                    .put("status", a.status().name()).put("caseNo", a.caseNo()).put("dueDate", a.dueDate().toString())
                    .put("urgent", a.urgent()).put("attempts", a.attempts()).put("result", a.result())
                    .put("lastError", a.lastError());
            if (a.mediatorName() != null) {
                an.put("mediatorName", unmasked ? a.mediatorName() : Masking.name(a.mediatorName()));
            }
            if (a.performed() != null) {
                an.put("performed", a.performed());
            }
        }
        JsonNode snapshot = read(d.snapshot());
        n.set("dispute", unmasked ? snapshot : Masking.mask(snapshot));
        ArrayNode tl = n.putArray("timeline");
        for (TimelineEntry t : registry.timeline(d.disputeId())) {
            ObjectNode tn = tl.addObject().put("occurredAt", t.occurredAt().toString()).put("type", t.eventType())
                    .put("agency", t.agency()).put("direction", t.direction().name()).put("summary", t.summary());
            if (t.payload() != null) {
                JsonNode p = read(t.payload());
                tn.set("payload", unmasked ? p : Masking.mask(p));
            }
        }
        return n;
    }

    private static boolean seesPersonalData(Authentication auth) {
        return auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR") || a.getAuthority().equals("ROLE_ADMIN"));
    }

    private JsonNode read(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.getNodeFactory().textNode("(unreadable)");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
