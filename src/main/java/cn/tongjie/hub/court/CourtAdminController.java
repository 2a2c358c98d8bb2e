package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's part of the court follow-up (/api/admin/court; GET needs MONITOR, POST OPERATOR, SecurityConfig):
 * delegations, 司法确认 applications and transfers with what is still missing, and the inputs no system supplies —
 * documents (base64, ≤ 1 MiB, SHA-256 computed by the hub), consent, dates, claims, applicant data. Every POST is
 * audited by the service it calls. Personal data in operator input is masked for MONITOR.
 */
@RestController
@RequestMapping("/api/admin/court")
class CourtAdminController {

    private static final Set<String> PERSONAL = Set.of("phone", "idNumber", "address", "legalRepresentative",
            "mediatorName", "mediatorPhone");

    private final Delegations delegations;
    private final JudicialConfirmations confirmations;
    private final CourtTransfers transfers;
    private final CourtDocuments documents;
    private final ObjectMapper mapper;

    CourtAdminController(Delegations delegations, JudicialConfirmations confirmations, CourtTransfers transfers,
            CourtDocuments documents, ObjectMapper mapper) {
        this.delegations = delegations;
        this.confirmations = confirmations;
        this.transfers = transfers;
        this.documents = documents;
        this.mapper = mapper;
    }

    /** A document as the operator posts it; {@code content} is base64. */
    record DocumentRequest(String docType, String title, String fileName, String mimeType, String content) {
    }

    record StartRequest(String disputeId, String causeCode) {
    }

    @GetMapping("/delegations")
    ArrayNode delegations(@RequestParam(defaultValue = "100") int limit) {
        ArrayNode out = mapper.createArrayNode();
        for (Delegation d : delegations.list(Math.max(1, Math.min(limit, 500)))) {
            ObjectNode n = out.addObject().put("court", d.courtCode()).put("delegationId", d.delegationId())
                    .put("courtNumber", d.courtNumber()).put("regime", d.regime()).put("disputeId", d.disputeId())
                    .put("state", d.state()).put("dueAt", String.valueOf(d.dueAt()))
                    .put("originalDueAt", String.valueOf(d.originalDueAt()));
            if (d.closedReason() != null) {
                n.put("closedReason", d.closedReason());
            }
            // the body the court suggested (an organisation, not a person: readable for every role)
            n.putObject("suggestedMediationBody").put("code", d.suggestedOrgCode()).put("name", d.suggestedOrgName());
            n.put("ackDecision", d.ackDecision()).put("resultType", d.resultType());
        }
        return out;
    }

    @GetMapping("/applications")
    ArrayNode applications(@RequestParam(defaultValue = "100") int limit, Authentication auth) {
        ArrayNode out = mapper.createArrayNode();
        confirmations.list(limit).forEach(a -> out.add(view(a, auth)));
        return out;
    }

    @GetMapping("/applications/{id}")
    ObjectNode application(@PathVariable String id, Authentication auth) {
        return view(confirmations.find(id).orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE,
                "no application " + id)), auth);
    }

    /** Starts an application for a hub-originated agreement (OPERATOR). */
    @PostMapping("/applications")
    ObjectNode start(@RequestBody StartRequest request, Authentication auth) {
        if (request == null || request.disputeId() == null) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "disputeId is required");
        }
        return view(confirmations.start(request.disputeId(), blank(request.causeCode()), auth.getName()), auth);
    }

    @PostMapping("/applications/{id}/input")
    ObjectNode applicationInput(@PathVariable String id, @RequestBody JsonNode input, Authentication auth) {
        return view(confirmations.supply(id, input, auth.getName()), auth);
    }

    @PostMapping("/applications/{id}/documents")
    ObjectNode applicationDocument(@PathVariable String id, @RequestBody DocumentRequest doc, Authentication auth) {
        return view(confirmations.addDocument(id, doc.docType(), doc.title(), doc.fileName(), doc.mimeType(),
                decode(doc.content()), auth.getName()), auth);
    }

    @GetMapping("/transfers")
    ArrayNode transfers(@RequestParam(defaultValue = "100") int limit, Authentication auth) {
        ArrayNode out = mapper.createArrayNode();
        transfers.list(limit).forEach(t -> out.add(view(t, auth)));
        return out;
    }

    /** A new transfer after the court refused or did not file the previous one (OPERATOR). */
    @PostMapping("/transfers")
    ObjectNode restartTransfer(@RequestBody StartRequest request, Authentication auth) {
        if (request == null || request.disputeId() == null) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "disputeId is required");
        }
        return view(transfers.restart(request.disputeId(), auth.getName()), auth);
    }

    @PostMapping("/transfers/{id}/input")
    ObjectNode transferInput(@PathVariable String id, @RequestBody JsonNode input, Authentication auth) {
        return view(transfers.supply(id, input, auth.getName()), auth);
    }

    @PostMapping("/transfers/{id}/documents")
    ObjectNode transferDocument(@PathVariable String id, @RequestBody DocumentRequest doc, Authentication auth) {
        return view(transfers.addDocument(id, doc.docType(), doc.title(), doc.fileName(), doc.mimeType(),
                decode(doc.content()), auth.getName()), auth);
    }

    /** Contract-shaped answers for the operator: 400 for bad input, 409 for a state that does not allow it. */
    @ExceptionHandler(HubException.class)
    ResponseEntity<ObjectNode> refused(HubException e) {
        int status = e.errorCode() == ErrorCode.TJ_INBOUND_INVALID ? 400 : 409;
        return ResponseEntity.status(status).body(mapper.createObjectNode().put("errorCode", e.errorCode().code())
                .put("message", e.getMessage()));
    }

    private ObjectNode view(JudicialConfirmations.Application a, Authentication auth) {
        ObjectNode n = mapper.createObjectNode().put("applicationId", a.applicationId())
                .put("disputeId", a.disputeId()).put("court", a.courtCode())
                .put("relatedDelegationId", a.relatedDelegationId()).put("state", a.state())
                .put("agreementDate", String.valueOf(a.agreementDate())).put("deadline", String.valueOf(a.deadline()))
                .put("reasonCode", a.reasonCode()).put("messageId", a.messageId())
                .put("causeCode", a.causeCode());
        n.set("input", masked(a.inputs(), auth));
        ArrayNode missing = n.putArray("missing");
        confirmations.missing(a).forEach(missing::add);
        documents(n, a.applicationId());
        return n;
    }

    private ObjectNode view(CourtTransfers.Transfer t, Authentication auth) {
        ObjectNode n = mapper.createObjectNode().put("transferId", t.transferId()).put("disputeId", t.disputeId())
                .put("court", t.courtCode()).put("state", t.state()).put("reasonCode", t.reasonCode())
                .put("messageId", t.messageId()).put("sentAt", t.sentAt() == null ? null : t.sentAt().toString())
                .put("filedCaseNo", t.filedCaseNo());
        n.set("input", masked(t.inputs(), auth));
        ArrayNode missing = n.putArray("missing");
        transfers.missing(t).forEach(missing::add);
        documents(n, t.transferId());
        return n;
    }

    private void documents(ObjectNode n, String objectId) {
        ArrayNode docs = n.putArray("documents");
        documents.of(objectId).forEach(d -> docs.addObject().put("id", d.id()).put("docType", d.docType())
                .put("title", d.title()).put("fileName", d.fileName()).put("mimeType", d.mimeType())
                .put("sizeBytes", d.content().length).put("sha256", d.sha256()).put("addedBy", d.addedBy()));
    }

    /** As cn.tongjie.hub.admin.Masking: MONITOR sees that data was supplied, not what it is. */
    private static JsonNode masked(ObjectNode input, Authentication auth) {
        boolean unmasked = auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR") || a.getAuthority().equals("ROLE_ADMIN"));
        return unmasked ? input : mask(input.deepCopy());
    }

    private static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && PERSONAL.contains(e.getKey())) {
                    e.setValue(o.textNode("（已脱敏）"));
                } else {
                    mask(e.getValue());
                }
            });
        } else if (node != null && node.isArray()) {
            node.forEach(CourtAdminController::mask);
        }
        return node;
    }

    private static byte[] decode(String base64) {
        if (base64 == null) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "content (base64) is required");
        }
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "content is not base64", e);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
