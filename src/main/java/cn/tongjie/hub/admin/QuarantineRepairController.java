package cn.tongjie.hub.admin;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer.Replayed;
import cn.tongjie.hub.registry.QuarantineStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One quarantine entry for the console's repair view, and its replay (optionally edited) or discard. Reading needs
 * MONITOR (payload masked) and writing OPERATOR, by the URL rules in SecurityConfig.
 */
@RestController
@RequestMapping("/api/admin/quarantine")
class QuarantineRepairController {

    private final QuarantineStore store;
    private final QuarantineRepair repair;
    private final ObjectMapper mapper;

    QuarantineRepairController(QuarantineStore store, QuarantineRepair repair, ObjectMapper mapper) {
        this.store = store;
        this.repair = repair;
        this.mapper = mapper;
    }

    @GetMapping("/{id}")
    ObjectNode entry(@PathVariable long id, Authentication auth) {
        QuarantineEntry q = store.find(id).orElseThrow(() -> new HubException(ErrorCode.TJ_CONSOLE_NOT_FOUND,
                "no quarantine entry " + id));
        boolean unmasked = seesPersonalData(auth);
        ObjectNode n = mapper.createObjectNode().put("id", q.id()).put("agency", q.agency()).put("source", q.source())
                .put("primaryReason", q.primaryReason()).put("status", q.status())
                .put("quarantinedAt", String.valueOf(q.quarantinedAt()))
                .put("recordTimestamp", q.recordTimestamp() == null ? null : q.recordTimestamp().toString())
                .put("replayable", "OPEN".equals(q.status()) && repair.replayable(q));
        if (q.kafkaPartition() != null) {
            n.put("partition", q.kafkaPartition()).put("offset", q.kafkaOffset());
        }
        n.set("reasons", read(q.reasonsJson()));
        n.put("headers", q.headersJson());
        if (q.keyBytes() != null) {
            n.put("key", new String(q.keyBytes(), StandardCharsets.UTF_8));
        }
        String text = utf8(q.valueBytes());
        n.put("payloadBytes", q.valueBytes() == null ? 0 : q.valueBytes().length);
        if (unmasked) {
            // the exact text for editing; not text at all → Base64 of the exact bytes
            n.put("payload", text);
            if (text == null && q.valueBytes() != null) {
                n.put("payloadBase64", Base64.getEncoder().encodeToString(q.valueBytes()));
            }
        } else {
            JsonNode json = text == null ? null : readOrNull(text);
            n.put("payload", json == null ? "（已脱敏：非 JSON 内容不向本角色显示）" : Masking.mask(json).toPrettyString());
            n.put("masked", true);
        }
        return n;
    }

    /** Body (all optional): {"payload": "edited text"} and/or {"headers": {...}}; none = replay the stored record. */
    @PostMapping("/{id}/replay")
    ResponseEntity<ObjectNode> replay(@PathVariable long id, @RequestBody(required = false) ReplayRequest body,
            Authentication auth) {
        byte[] value = body == null || body.payload() == null ? null : body.payload().getBytes(StandardCharsets.UTF_8);
        String headers = body == null || body.headers() == null || body.headers().isNull() ? null
                : body.headers().toString();
        Replayed r = repair.replay(id, value, headers, auth.getName());
        ObjectNode n = mapper.createObjectNode().put("accepted", r.accepted()).put("outcome", r.outcome())
                .put("disputeId", r.disputeId());
        r.reasons().forEach(n.putArray("reasons")::add);
        return ResponseEntity.status(r.accepted() ? 200 : 422).body(n);
    }

    @PostMapping("/{id}/discard")
    ObjectNode discard(@PathVariable long id, @RequestBody DiscardRequest body, Authentication auth) {
        repair.discard(id, body == null ? null : body.reason(), auth.getName());
        return mapper.createObjectNode().put("id", id).put("status", QuarantineRepair.DISCARDED);
    }

    record ReplayRequest(String payload, JsonNode headers) {
    }

    record DiscardRequest(String reason) {
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<ObjectNode> refused(HubException e) {
        int status = switch (e.errorCode()) {
            case TJ_CONSOLE_NOT_FOUND -> 404;
            case TJ_INBOUND_INVALID -> 400;
            case TJ_CONSOLE_CONFLICT -> 409;
            default -> 500;
        };
        return ResponseEntity.status(status).body(mapper.createObjectNode().put("errorCode", e.errorCode().code())
                .put("message", e.getMessage()));
    }

    private static boolean seesPersonalData(Authentication auth) {
        return auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR") || a.getAuthority().equals("ROLE_ADMIN"));
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private JsonNode readOrNull(String text) {
        try {
            return mapper.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private JsonNode read(String json) {
        JsonNode n = json == null ? null : readOrNull(json);
        return n == null ? mapper.getNodeFactory().textNode(String.valueOf(json)) : n;
    }
}
