package cn.tongjie.hub.grid;

import cn.tongjie.hub.common.StrictUtf8;
import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.grid.GridEventValidator.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/grid/v1/events} (contract §5): authentication first (§4), then JSON (40000), then every field
 * (40001), then de-duplication (§5.4). Nothing is stored unless the answer is 200; every answer is the §3 body.
 */
@Component
class GridInbound {

    static final String PATH = "/api/grid/v1/events";
    private static final Logger log = LoggerFactory.getLogger(GridInbound.class);
    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final GridAuth auth;
    private final GridIntake intake;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    GridInbound(GridAuth auth, GridIntake intake, ObjectMapper mapper, MeterRegistry meters) {
        this.auth = auth;
        this.intake = intake;
        this.mapper = mapper;
        this.meters = meters;
    }

    void handle(Exchange exchange) {
        var in = exchange.getIn();
        byte[] body = in.getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        String nonce = in.getHeader("X-Nonce", String.class);
        // The signed PATH is the route's own path: the hub serves it without a context path.
        GridAuth.Verdict v = auth.verify("POST", PATH, in.getHeader("X-App-Key", String.class),
                in.getHeader("X-Timestamp", String.class), nonce, in.getHeader("X-Signature", String.class), body);
        if (!v.ok()) {
            count("UNAUTHORIZED");
            answer(exchange, 401, v.code(), v.message(), null);
            return;
        }
        ExchangeLog.record(GridIntake.AGENCY, ExchangeLog.Direction.IN, "event-push", nonce, null, in.getHeader(Exchange.CONTENT_TYPE, String.class), body);
        JsonNode event;
        try {
            // §2: JSON in UTF-8; other bytes (e.g. GB18030) are "not JSON" (40000), never decoded with replacement characters
            event = StrictUtf8.isValid(body) ? STRICT.readTree(body) : null;
        } catch (Exception e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            count("NOT_JSON");
            answer(exchange, 400, 40000, "请求体不是JSON对象", null);
            return;
        }
        List<FieldError> errors = GridEventValidator.validate(event);
        if (!errors.isEmpty()) {
            count("INVALID");
            ObjectNode data = mapper.createObjectNode();
            ArrayNode list = data.putArray("errors");
            errors.forEach(f -> list.addObject().put("field", f.field()).put("reason", f.reason()));
            answer(exchange, 400, 40001, "字段校验失败", data);
            return;
        }
        GridIntake.Result r;
        try {
            r = receive(event, new String(body, StandardCharsets.UTF_8), nonce);
        } catch (RuntimeException e) {
            // The platform retries 5xx (§7); nothing was committed.
            log.error("Grid event {} not stored: {}", event.path("event_id").asText(), e.toString());
            answer(exchange, 500, 50000, "内部错误", null);
            return;
        }
        count(r.outcome().name());
        ObjectNode data = mapper.createObjectNode().put("tracking_id", r.trackingId());
        switch (r.outcome()) {
            case CREATED -> answer(exchange, 200, 0, "ok", data.put("duplicate", false));
            case DUPLICATE -> answer(exchange, 200, 0, "ok", data.put("duplicate", true));
            case CONFLICT -> answer(exchange, 409, 40901, "事件编号已存在且内容不一致", data);
        }
    }

    private GridIntake.Result receive(JsonNode event, String rawBody, String nonce) {
        String eventId = event.get("event_id").asText();
        Optional<String[]> stored = intake.stored(eventId);
        if (stored.isPresent()) {
            return intake.repeat(event, stored.get(), nonce);
        }
        try {
            return intake.create(event, rawBody, nonce);
        } catch (DuplicateKeyException concurrentPush) {
            // The same event_id was stored by a concurrent request in the meantime: answer as a repeat of it.
            return intake.repeat(event, intake.stored(eventId).orElseThrow(() -> concurrentPush), nonce);
        }
    }

    private void count(String outcome) {
        meters.counter("tongjie.inbound", "agency", GridIntake.AGENCY, "outcome", outcome).increment();
    }

    private void answer(Exchange e, int status, int code, String message, JsonNode data) {
        ObjectNode body = mapper.createObjectNode().put("code", code).put("message", message);
        body.set("data", data == null ? mapper.nullNode() : data);
        e.getMessage().removeHeaders("*");
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        e.getMessage().setBody(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
