package cn.tongjie.hub.legal;

import cn.tongjie.hub.common.StrictUtf8;
import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.legal.CaseEventValidator.Problem;
import cn.tongjie.hub.legal.LegalEvents.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/legal-service/v1/events} (§7): bearer token first, then JSON, then the schema, then idempotent
 * storage. Every answer is the contract's body; nothing is stored unless the answer is 200.
 */
@Component
class LegalCallback {

    private static final Logger log = LoggerFactory.getLogger(LegalCallback.class);
    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final LegalEvents legalEvents;
    private final LegalServiceProperties props;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    LegalCallback(LegalEvents legalEvents, LegalServiceProperties props, ObjectMapper mapper, MeterRegistry meters) {
        this.legalEvents = legalEvents;
        this.props = props;
        this.mapper = mapper;
        this.meters = meters;
    }

    void handle(Exchange exchange) {
        var in = exchange.getIn();
        if (!authorised(in.getHeader("Authorization", String.class))) {
            answer(exchange, 401, error("UNAUTHORIZED", "missing or unknown bearer token"));
            return;
        }
        byte[] body = in.getBody(byte[].class);
        ExchangeLog.record("legal-service", ExchangeLog.Direction.IN, "case-event", null, null, in.getHeader(Exchange.CONTENT_TYPE, String.class), body);
        JsonNode event;
        try {
            // §1: JSON in UTF-8; other bytes (e.g. GB18030) are "not JSON", never decoded with replacement characters
            event = StrictUtf8.isValid(body) ? STRICT.readTree(body == null ? new byte[0] : body) : null;
        } catch (Exception e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            ObjectNode err = error("MALFORMED_JSON", "body is not a JSON object");
            err.putArray("errors").addObject().put("field", "$").put("code", "INVALID_FORMAT").put("message", "not JSON");
            answer(exchange, 400, err);
            return;
        }
        List<Problem> problems = CaseEventValidator.validate(event);
        if (!problems.isEmpty()) {
            ObjectNode err = error("VALIDATION_FAILED", "event violates the contract");
            ArrayNode list = err.putArray("errors");
            problems.forEach(p -> list.addObject().put("field", p.field()).put("code", p.code()).put("message", p.message()));
            answer(exchange, 400, err);
            return;
        }
        Answer a;
        try {
            a = legalEvents.receive(event);
        } catch (RuntimeException e) {
            // The sender retries 5xx (§8); nothing was committed.
            log.error("Legal-service event {} not stored: {}", event.path("eventId").asText(), e.toString());
            answer(exchange, 500, error("INTERNAL_ERROR", "hub could not store the event; retry later"));
            return;
        }
        meters.counter("tongjie.inbound", "agency", "legal-service", "outcome", a.name()).increment();
        switch (a) {
            case STORED -> answer(exchange, 200, mapper.createObjectNode().put("received", true).put("duplicate", false));
            case DUPLICATE -> answer(exchange, 200, mapper.createObjectNode().put("received", true).put("duplicate", true));
            case EVENT_ID_CONFLICT -> answer(exchange, 409, error("EVENT_ID_CONFLICT",
                    "eventId already stored with different content"));
            case CASE_MISMATCH -> answer(exchange, 409, error("CASE_MISMATCH",
                    "externalRef is bound to a different caseNo"));
        }
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String t : props.inboundTokenList()) {
            // constant-time comparison: no timing oracle on the token
            ok |= MessageDigest.isEqual(presented, t.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    private ObjectNode error(String code, String message) {
        return mapper.createObjectNode().put("errorCode", code).put("message", message);
    }

    private static void answer(Exchange e, int status, JsonNode body) {
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        e.getMessage().setBody(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
