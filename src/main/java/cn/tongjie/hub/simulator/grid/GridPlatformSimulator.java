package cn.tongjie.hub.simulator.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated 网格化服务管理平台's putStatus endpoint (grid contract §6) on the hub's own port, gridBase prefix
 * {@code /sim/grid/gateway}. Faithful to the contract's checks in its order: signature headers (§4, 40101 …
 * 40105, own implementation), JSON (40000), fields incl. unknown members (40001), unknown event (404/40401),
 * identical body (200), stale (409/40902), transition (409/40901). An event is known once the platform pushed it, or —
 * so tests can replay the contract's pushes without this simulator — on its first status update.
 */
@RestController
@ConditionalOnProperty(name = "tongjie.simulators.grid.enabled", havingValue = "true")
public class GridPlatformSimulator {

    static final String PREFIX = "/sim/grid/gateway";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?\\+08:00");
    private static final Set<String> MEMBERS = Set.of("status", "handler_org", "note", "updated_at");
    private static final Set<String> STATUSES = Set.of("received", "assigned", "in_mediation", "resolved", "escalated");

    /** One status update as the platform stored it, with the HTTP answer it gave. */
    public record Received(String eventId, String body, int httpStatus, int code) {
    }

    private final String appKey;
    private final String appSecret;
    private final Clock clock;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> current = new ConcurrentHashMap<>();
    private final List<Received> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile boolean autoKnow = true;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public GridPlatformSimulator(@Value("${tongjie.grid.outbound-app-key}") String appKey,
            @Value("${tongjie.grid.outbound-app-secret}") String appSecret, Clock clock) {
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.clock = clock;
    }

    @PutMapping(path = PREFIX + "/wg/api/events/{eventId}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    public synchronized ResponseEntity<String> putStatus(@PathVariable String eventId,
            @RequestBody(required = false) byte[] raw, HttpServletRequest request) {
        byte[] body = raw == null ? new byte[0] : raw;
        int auth = authenticate(request, body);
        if (auth != 0) {
            return answer(eventId, body, 401, auth, "签名校验失败");
        }
        if (failures.get() > 0) {
            failures.decrementAndGet();
            return answer(eventId, body, failureStatus, failureStatus == 429 ? 42900 : 50000, "simulated outage");
        }
        JsonNode update;
        try {
            update = JSON.readTree(body);
        } catch (Exception e) {
            update = null;
        }
        if (update == null || !update.isObject()) {
            return answer(eventId, body, 400, 40000, "请求体不是JSON对象");
        }
        List<String[]> errors = validate(update);
        if (!errors.isEmpty()) {
            ObjectNode data = JSON.createObjectNode();
            var list = data.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e[0]).put("reason", e[1]));
            return answer(eventId, body, 400, 40001, "字段校验失败", data);
        }
        if (!known.contains(eventId)) {
            if (!autoKnow) {
                return answer(eventId, body, 404, 40401, "事件不存在");
            }
            known.add(eventId);
        }
        JsonNode stored = current.get(eventId);
        if (stored != null && stored.equals(update)) {
            return answer(eventId, body, 200, 0, "ok");
        }
        if (stored != null && !OffsetDateTime.parse(update.get("updated_at").asText())
                .isAfter(OffsetDateTime.parse(stored.get("updated_at").asText()))) {
            return answer(eventId, body, 409, 40902, "更新时间不晚于已存状态");
        }
        String from = stored == null ? null : stored.get("status").asText();
        String to = update.get("status").asText();
        if (!allowed(from, to)) {
            return answer(eventId, body, 409, 40901, "状态不允许从" + from + "变更为" + to);
        }
        current.put(eventId, update);
        return answer(eventId, body, 200, 0, "ok");
    }

    /** §6.2 transitions as the platform enforces them. */
    static boolean allowed(String from, String to) {
        if (from == null) {
            return "received".equals(to);
        }
        return switch (from) {
            case "received", "assigned" -> Set.of("assigned", "in_mediation", "resolved", "escalated").contains(to);
            case "in_mediation" -> Set.of("in_mediation", "resolved", "escalated").contains(to);
            default -> false;
        };
    }

    private List<String[]> validate(JsonNode u) {
        List<String[]> errors = new ArrayList<>();
        u.fieldNames().forEachRemaining(n -> {
            if (!MEMBERS.contains(n)) {
                errors.add(new String[] {n, "FIELD_UNKNOWN"});
            }
        });
        JsonNode status = u.get("status");
        if (status == null || status.isNull()) {
            errors.add(new String[] {"status", "REQUIRED"});
        } else if (!STATUSES.contains(status.asText())) {
            errors.add(new String[] {"status", "CODE_UNKNOWN"});
        }
        JsonNode org = u.get("handler_org");
        if (org == null || org.isNull()) {
            if (status != null && !"received".equals(status.asText())) {
                errors.add(new String[] {"handler_org", "CONDITIONAL_REQUIRED"});
            }
        } else if (!org.isTextual() || org.asText().isEmpty() || org.asText().codePointCount(0, org.asText().length()) > 100) {
            errors.add(new String[] {"handler_org", "LENGTH"});
        }
        JsonNode note = u.get("note");
        if (note != null && (!note.isTextual() || note.asText().codePointCount(0, note.asText().length()) > 500)) {
            errors.add(new String[] {"note", "LENGTH"});
        }
        JsonNode at = u.get("updated_at");
        if (at == null || at.isNull()) {
            errors.add(new String[] {"updated_at", "REQUIRED"});
        } else if (!at.isTextual() || !TS.matcher(at.asText()).matches()) {
            errors.add(new String[] {"updated_at", "FORMAT"});
        }
        return errors;
    }

    /** §4 receiver checks in the contract's order; 0 when authenticated. */
    private int authenticate(HttpServletRequest r, byte[] body) {
        String key = r.getHeader("X-App-Key");
        String ts = r.getHeader("X-Timestamp");
        String nonce = r.getHeader("X-Nonce");
        String sig = r.getHeader("X-Signature");
        if (key == null || ts == null || !ts.matches("\\d{13}") || nonce == null
                || !nonce.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}") || sig == null
                || !sig.matches("[A-Za-z0-9+/]{43}=")) {
            return 40101;
        }
        if (!appKey.equals(key)) {
            return 40102;
        }
        long now = clock.millis();
        if (Math.abs(now - Long.parseLong(ts)) > 300_000) {
            return 40103;
        }
        String expected = sign(appSecret, r.getMethod(), r.getRequestURI(), ts, nonce, body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII))) {
            return 40105;
        }
        nonces.values().removeIf(expiry -> expiry < now);
        if (nonces.putIfAbsent(key + "|" + nonce, now + 600_000) != null) {
            return 40104;
        }
        return 0;
    }

    static String sign(String secret, String method, String path, String ts, String nonce, byte[] body) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((method + "\n" + path + "\n" + ts + "\n" + nonce
                    + "\n" + hash).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException("HmacSHA256 unavailable", e));
        }
    }

    private ResponseEntity<String> answer(String eventId, byte[] body, int http, int code, String message) {
        return answer(eventId, body, http, code, message, null);
    }

    private ResponseEntity<String> answer(String eventId, byte[] body, int http, int code, String message,
            JsonNode data) {
        log.add(new Received(eventId, new String(body, StandardCharsets.UTF_8), http, code));
        ObjectNode out = JSON.createObjectNode().put("code", code).put("message", message);
        out.set("data", data == null ? JSON.nullNode() : data);
        return ResponseEntity.status(http).contentType(MediaType.APPLICATION_JSON).body(out.toString());
    }

    // --- test and demo controls ---------------------------------------------------------------------------------

    /** Every status update received (also refused ones), oldest first. */
    public List<Received> received() {
        return List.copyOf(log);
    }

    /** The accepted status updates of one event, oldest first. */
    public List<JsonNode> accepted(String eventId) {
        List<JsonNode> out = new ArrayList<>();
        for (Received r : log) {
            if (r.eventId().equals(eventId) && r.httpStatus() == 200) {
                try {
                    out.add(JSON.readTree(r.body()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** The next {@code times} authenticated requests are answered with {@code httpStatus} (503, 429, 500 …). */
    public void failNext(int times, int httpStatus) {
        failureStatus = httpStatus;
        failures.set(times);
    }

    /** An event the platform knows (it pushed it). */
    public void know(String eventId) {
        known.add(eventId);
    }

    /** When false, a status update for an event the platform never pushed is 404/40401. */
    public void setAutoKnow(boolean autoKnow) {
        this.autoKnow = autoKnow;
    }

    public synchronized void reset() {
        log.clear();
        current.clear();
        known.clear();
        nonces.clear();
        failures.set(0);
        autoKnow = true;
    }
}
