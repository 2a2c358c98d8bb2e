package cn.tongjie.hub.petition;

import cn.tongjie.hub.common.StrictUtf8;
import cn.tongjie.hub.exchangelog.ExchangeLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/petition/v1/disputes} (§5): size and media type, then §4.3 authentication (before any body
 * check), then JSON, then §5.3 validation of every field, then §5.4 idempotent intake. Every answer is the §3 envelope;
 * nothing is stored unless the answer is 202 (or a conflict alert with 409).
 */
@Component
class PetitionEndpoint {

    private static final Logger log = LoggerFactory.getLogger(PetitionEndpoint.class);
    static final int MAX_BODY = 1_048_576;
    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final PetitionAuth auth;
    private final PetitionIntake intake;
    private final ObjectMapper mapper;
    private final PetitionProperties props;

    PetitionEndpoint(PetitionAuth auth, PetitionIntake intake, ObjectMapper mapper, PetitionProperties props) {
        this.auth = auth;
        this.intake = intake;
        this.mapper = mapper;
        this.props = props;
    }

    void handle(Exchange exchange) {
        var in = exchange.getIn();
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > MAX_BODY) {
            answer(exchange, 413, envelope("1002", "请求体超过1048576字节", null));
            return;
        }
        if (!jsonUtf8(in.getHeader(Exchange.CONTENT_TYPE, String.class))) {
            answer(exchange, 415, envelope("1003", "Content-Type应为application/json", null));
            return;
        }
        Optional<String> denied = auth.verify("POST", in.getHeader(PetitionSignature.APP_KEY, String.class),
                in.getHeader(PetitionSignature.TIMESTAMP, String.class), in.getHeader(PetitionSignature.NONCE, String.class),
                in.getHeader(PetitionSignature.SIGNATURE, String.class), body);
        if (denied.isPresent()) {
            log.warn("Petition push refused: 401 {}", denied.get());
            answer(exchange, 401, envelope("2001", unauthorisedText(denied.get()),
                    mapper.createObjectNode().put("cwdm", denied.get())));
            return;
        }
        ExchangeLog.record(PetitionIntake.AGENCY, ExchangeLog.Direction.IN, "dispute-push", in.getHeader(PetitionSignature.NONCE, String.class), null, in.getHeader(Exchange.CONTENT_TYPE, String.class), body);
        JsonNode push = parse(body);
        if (push == null) {
            ObjectNode data = mapper.createObjectNode().putNull("xfjbh");
            data.putArray("cwlb").addObject().put("zd", "$").put("cwdm", "JSON_SYNTAX").put("cwxx", "请求体不是合法的JSON对象");
            answer(exchange, 400, envelope("1000", "请求体不是JSON对象", data));
            return;
        }
        List<PushValidator.Problem> problems = PushValidator.validate(push, props.baseUrl());
        if (!problems.isEmpty()) {
            ObjectNode data = mapper.createObjectNode();
            JsonNode x = push.get("xfjbh");
            if (x != null && x.isTextual()) {
                data.put("xfjbh", x.asText());
            } else {
                data.putNull("xfjbh");
            }
            ArrayNode list = data.putArray("cwlb");
            problems.forEach(p -> list.addObject().put("zd", p.zd()).put("cwdm", p.cwdm()).put("cwxx", p.cwxx()));
            // Field paths and codes only: values may be personal data.
            log.warn("Petition push refused: 400 {}", problems.stream().map(p -> p.zd() + " " + p.cwdm()).toList());
            answer(exchange, 400, envelope("1001", "字段校验失败", data));
            return;
        }
        String xfjbh = push.get("xfjbh").asText();
        String nonce = in.getHeader(PetitionSignature.NONCE, String.class);
        PetitionIntake.Result r;
        try {
            r = accept(push, new String(body, StandardCharsets.UTF_8), nonce);
        } catch (RuntimeException e) {
            // §7.1: the petition system retries 5xx; nothing was committed.
            log.error("Petition push {} not stored: {}", xfjbh, e.toString());
            answer(exchange, 500, envelope("9999", "内部错误，请稍后重试", null));
            return;
        }
        switch (r.outcome()) {
            case ACCEPTED -> answer(exchange, 202, envelope("0000", "接收成功",
                    mapper.createObjectNode().put("xfjbh", xfjbh).put("tjgzh", r.tjgzh()).put("cf", "N")));
            case DUPLICATE -> answer(exchange, 200, envelope("0000", "重复推送，已忽略",
                    mapper.createObjectNode().put("xfjbh", xfjbh).put("tjgzh", r.tjgzh()).put("cf", "Y")));
            case CONFLICT -> answer(exchange, 409, envelope("3001", "信访件编号已存在且内容不一致",
                    mapper.createObjectNode().put("xfjbh", xfjbh).put("tjgzh", r.tjgzh())));
        }
    }

    /** Two nodes (or two threads) racing on the first push of one xfjbh: the loser retries and sees the winner's row. */
    private PetitionIntake.Result accept(JsonNode push, String raw, String nonce) {
        try {
            return intake.accept(push, raw, nonce);
        } catch (DataIntegrityViolationException raced) {
            return intake.accept(push, raw, nonce);
        }
    }

    private static JsonNode parse(byte[] body) {
        // §2: UTF-8 without BOM.
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            return null;
        }
        if (!StrictUtf8.isValid(body)) {
            // other bytes (e.g. GB18030) are "not JSON" (1000), never decoded with replacement characters
            return null;
        }
        try {
            JsonNode n = STRICT.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** §2: application/json, with a charset parameter only if it is UTF-8 (case-insensitive). */
    static boolean jsonUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv[0].trim().toLowerCase(Locale.ROOT).equals("charset")
                    && (kv.length < 2 || !kv[1].trim().replace("\"", "").equalsIgnoreCase("UTF-8"))) {
                return false;
            }
        }
        return true;
    }

    private static String unauthorisedText(String cwdm) {
        return switch (cwdm) {
            case "HEADER_MISSING" -> "认证请求头缺失或格式错误";
            case "APP_KEY_UNKNOWN" -> "appKey未知";
            case "TIMESTAMP_EXPIRED" -> "时间戳超出允许范围";
            case "NONCE_REPLAYED" -> "请求重放";
            default -> "签名校验失败";
        };
    }

    private ObjectNode envelope(String code, String msg, JsonNode data) {
        ObjectNode o = mapper.createObjectNode().put("code", code).put("msg", msg);
        o.set("data", data == null ? mapper.nullNode() : data);
        return o;
    }

    private static void answer(Exchange e, int status, JsonNode body) {
        var m = e.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        m.setBody(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
