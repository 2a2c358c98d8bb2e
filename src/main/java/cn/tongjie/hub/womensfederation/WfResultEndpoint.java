package cn.tongjie.hub.womensfederation;

import cn.tongjie.hub.common.StrictUtf8;
import cn.tongjie.hub.exchangelog.ExchangeLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** POST /api/womens-federation/v1/results (§7): token, JSON, validation, then store; answers per §4/§7. */
@Component
class WfResultEndpoint {

    private static final Logger log = LoggerFactory.getLogger(WfResultEndpoint.class);
    // Duplicate members would make "identical repeat" ambiguous: refuse them as malformed.
    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final WfResults results;
    private final WomensFederationProperties props;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final Clock clock;

    WfResultEndpoint(WfResults results, WomensFederationProperties props, ObjectMapper mapper, MeterRegistry meters,
            Clock clock) {
        this.results = results;
        this.props = props;
        this.mapper = mapper;
        this.meters = meters;
        this.clock = clock;
    }

    void handle(Exchange exchange) {
        var in = exchange.getIn();
        if (!authorised(in.getHeader("X-WF-Token", String.class))) {
            answer(exchange, 401, error("unauthorized", "$", "TOKEN_INVALID", "missing or wrong X-WF-Token"));
            return;
        }
        byte[] body = in.getBody(byte[].class);
        ExchangeLog.record(WfDelivery.AGENCY, ExchangeLog.Direction.IN, "case-result", null, null, in.getHeader(Exchange.CONTENT_TYPE, String.class), body);
        JsonNode r;
        try {
            // JSON in UTF-8; other bytes (e.g. GB18030) are MALFORMED_JSON, never decoded with replacement characters
            r = StrictUtf8.isValid(body) ? STRICT.readTree(body == null ? new byte[0] : body) : null;
        } catch (Exception e) {
            r = null;
        }
        if (r == null || !r.isObject()) {
            answer(exchange, 400, error("bad_request", "$", "MALFORMED_JSON", "body is not a JSON object"));
            return;
        }
        List<WfResultValidator.Problem> problems = WfResultValidator.validate(r,
                clock.instant().plus(props.resultClockSkew()));
        if (!problems.isEmpty()) {
            ObjectNode err = mapper.createObjectNode().put("error", "bad_request");
            ArrayNode list = err.putArray("errors");
            problems.forEach(p -> list.addObject().put("field", p.field()).put("code", p.code())
                    .put("message", p.message()));
            answer(exchange, 400, err);
            return;
        }
        WfResults.Answer a;
        try {
            a = results.receive(r);
        } catch (RuntimeException e) {
            // The federation retries 5xx (§8); nothing was committed.
            log.error("Women's-federation result for {} not stored: {}", r.path("case_ref").asText(), e.toString());
            answer(exchange, 500, error("internal_error", "$", "INTERNAL_ERROR", "retry later"));
            return;
        }
        meters.counter("tongjie.inbound", "agency", WfDelivery.AGENCY, "outcome", a.name()).increment();
        switch (a) {
            case STORED -> answer(exchange, 200, mapper.createObjectNode().put("ok", true).put("duplicate", false));
            case DUPLICATE -> answer(exchange, 200, mapper.createObjectNode().put("ok", true).put("duplicate", true));
            case CONFLICT -> answer(exchange, 409, error("conflict", "result", "RESULT_CONFLICT",
                    "a different result is already recorded for this case_ref"));
            case NOT_FOUND -> answer(exchange, 404, error("not_found", "case_ref", "CASE_NOT_FOUND",
                    "no referral with this case_ref and wf_case_id"));
        }
    }

    private boolean authorised(String header) {
        String expected = props.inboundToken();
        if (header == null || expected == null || expected.isBlank()) {
            return false;
        }
        // constant-time comparison: no timing oracle on the token
        return MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode error(String error, String field, String code, String message) {
        ObjectNode n = mapper.createObjectNode().put("error", error);
        n.putArray("errors").addObject().put("field", field).put("code", code).put("message", message);
        return n;
    }

    private static void answer(Exchange e, int status, JsonNode body) {
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        e.getMessage().setBody(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
