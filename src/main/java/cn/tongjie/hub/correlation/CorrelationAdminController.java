package cn.tongjie.hub.correlation;

import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Undo of a wrong correlation (OPERATOR: SecurityConfig requires it for every POST under /api/admin). Audited by
 * {@link CorrelationUndo}. 400 without a reason, 404 when the dispute does not carry that attached report, 409 when
 * it was undone already or the report is the dispute's origin.
 */
@RestController
@RequestMapping("/api/admin/disputes")
class CorrelationAdminController {

    private final CorrelationUndo undo;
    private final ObjectMapper mapper;

    CorrelationAdminController(CorrelationUndo undo, ObjectMapper mapper) {
        this.undo = undo;
        this.mapper = mapper;
    }

    record UndoRequest(String reason) {
    }

    @PostMapping("/{disputeId}/correlations/{agency}/{refType}/{ref}/undo")
    ResponseEntity<ObjectNode> undo(@PathVariable String disputeId, @PathVariable String agency,
            @PathVariable String refType, @PathVariable String ref,
            @RequestBody(required = false) UndoRequest request, Authentication auth) {
        CorrelationUndo.Result r = undo.undo(disputeId, agency, refType, ref, request == null ? null : request.reason(),
                auth.getName());
        return ResponseEntity.ok(mapper.createObjectNode().put("disputeId", r.disputeId()).put("agency", r.agency())
                .put("refType", r.refType()).put("ref", r.ref()).put("newDisputeId", r.newDisputeId()));
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<ObjectNode> refused(HubException e) {
        int status = switch (e.errorCode()) {
            case TJ_INBOUND_INVALID -> 400;
            case TJ_CORRELATION_UNKNOWN -> 404;
            case TJ_CORRELATION_NOT_UNDOABLE -> 409;
            default -> 500;
        };
        return ResponseEntity.status(status).body(mapper.createObjectNode().put("errorCode", e.errorCode().code())
                .put("message", e.getMessage()));
    }
}
