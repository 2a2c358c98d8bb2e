package cn.tongjie.hub.simulator.petition;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated 信访信息系统, faithful to the petition contract's checks of hub feedback: §4.3 signature verification
 * (own implementation, as the real system has its own), §6.1 fields (unknown members rejected), §6.3 sequences (409
 * 3004), §6.4 numbering (3003 gap, 3002 changed repeat, 200 identical repeat), 404 for items it never pushed. It also
 * pushes petitions to the hub (§5) signed with its own credentials. Faults can be forced for outage tests.
 */
public class PetitionSystemSimulator {

    private static final Logger log = LoggerFactory.getLogger(PetitionSystemSimulator.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("xfjbh", "tjgzh", "fkxh", "blzt", "bljg", "cbdw", "cbdwdm", "cbr",
            "cbrdh", "fksj", "bjsj", "ajh", "sqyq", "yqly");
    private static final Set<String> FINAL = Set.of("04", "05", "06");
    private static final Map<String, Set<String>> NEXT = Map.of("01", Set.of("02", "03", "04", "05"),
            "02", Set.of("02", "03", "04", "05"), "03", Set.of("03", "04", "05"));
    private static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}");
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public record Reply(int status, String retryAfter, String body) {
    }

    private final Clock clock;
    private final String hubAppKey;
    private final String hubAppSecret;
    private final String appKey;
    private final String appSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** xfjbh → the hub's tjgzh, for items this system pushed and the hub accepted. */
    private final Map<String, String> pushed = new ConcurrentHashMap<>();
    /** xfjbh → recorded feedback bodies in fkxh order. */
    private final Map<String, List<JsonNode>> recorded = new ConcurrentHashMap<>();
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final List<Integer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int faultStatus;
    private volatile int faultsLeft;

    PetitionSystemSimulator(Clock clock, String hubAppKey, String hubAppSecret, String appKey, String appSecret) {
        this.clock = clock;
        this.hubAppKey = hubAppKey;
        this.hubAppSecret = hubAppSecret;
        this.appKey = appKey;
        this.appSecret = appSecret;
    }

    // --- petition → hub -----------------------------------------------------------------------------------

    /** Pushes one XfDispute body (bytes as given) to the hub, signed per §4; returns status and answer body. */
    public HttpResponse<String> push(String hubBaseUrl, byte[] body) throws IOException, InterruptedException {
        String path = "/api/petition/v1/disputes";
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        HttpRequest req = HttpRequest.newBuilder(URI.create(hubBaseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json;charset=UTF-8").header("X-App-Key", appKey)
                .header("X-Timestamp", ts).header("X-Nonce", nonce)
                .header("X-Signature", sign(appSecret, "POST", path, ts, nonce, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() == 202 || r.statusCode() == 200) {
            JsonNode data = MAPPER.readTree(r.body()).path("data");
            pushed.put(data.path("xfjbh").asText(), data.path("tjgzh").asText());
        }
        return r;
    }

    // --- hub → petition -----------------------------------------------------------------------------------

    /** Files this system offers for download (§5.5), by the last path segment of their xzdz. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> fileRequests = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Offers a file at {@code {petitionBase}/xf/api/v1/files/{id}}. */
    public void offerFile(String id, byte[] content) {
        files.put(id, content.clone());
    }

    /** The file ids the hub asked for, in order (accepted signatures only). */
    public List<String> fileRequests() {
        return List.copyOf(fileRequests);
    }

    /** §5.5: a GET signed with the hub → petition credentials and an empty body. */
    synchronized FileReply download(String path, String id, String key, String ts, String nonce, String signature) {
        if (key == null || ts == null || !ts.matches("[0-9]{13}") || nonce == null || !NONCE.matcher(nonce).matches()
                || signature == null || signature.length() != 44) {
            return FileReply.error(unauthorised("HEADER_MISSING"));
        }
        if (!key.equals(hubAppKey)) {
            return FileReply.error(unauthorised("APP_KEY_UNKNOWN"));
        }
        if (Math.abs(clock.millis() - Long.parseLong(ts)) > 300_000) {
            return FileReply.error(unauthorised("TIMESTAMP_EXPIRED"));
        }
        if (!MessageDigest.isEqual(sign(hubAppSecret, "GET", path, ts, nonce, new byte[0])
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return FileReply.error(unauthorised("SIGNATURE_INVALID"));
        }
        if (nonces.putIfAbsent(key + "/" + nonce, clock.millis()) != null) {
            return FileReply.error(unauthorised("NONCE_REPLAYED"));
        }
        byte[] content = files.get(id);
        if (content == null) {
            return FileReply.error(new Reply(404, null, envelope("4004", "文件不存在", null)));
        }
        fileRequests.add(id);
        return new FileReply(200, content, null);
    }

    /** A file download's answer: the bytes, or a JSON error reply. */
    record FileReply(int status, byte[] content, Reply error) {
        static FileReply error(Reply r) {
            return new FileReply(r.status(), null, r);
        }
    }

    synchronized Reply receiveFeedback(String path, String contentType, String key, String ts, String nonce,
            String signature, byte[] body) {
        Reply r = check(path, contentType, key, ts, nonce, signature, body);
        answers.add(r.status());
        log.info("Simulated petition system answered feedback with {}", r.status());
        return r;
    }

    private Reply check(String path, String contentType, String key, String ts, String nonce, String signature,
            byte[] body) {
        if (faultsLeft > 0) {
            faultsLeft--;
            return new Reply(faultStatus, faultStatus == 429 ? "1" : null,
                    envelope(faultStatus == 429 ? "4290" : "9999", "系统繁忙", null));
        }
        if (key == null || ts == null || !ts.matches("[0-9]{13}") || nonce == null || !NONCE.matcher(nonce).matches()
                || signature == null || signature.length() != 44) {
            return unauthorised("HEADER_MISSING");
        }
        if (!key.equals(hubAppKey)) {
            return unauthorised("APP_KEY_UNKNOWN");
        }
        if (Math.abs(clock.millis() - Long.parseLong(ts)) > 300_000) {
            return unauthorised("TIMESTAMP_EXPIRED");
        }
        if (!MessageDigest.isEqual(sign(hubAppSecret, "POST", path, ts, nonce, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return unauthorised("SIGNATURE_INVALID");
        }
        long now = clock.millis();
        nonces.values().removeIf(t -> t < now - 600_000);
        if (nonces.putIfAbsent(key + "/" + nonce, now) != null) {
            return unauthorised("NONCE_REPLAYED");
        }
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return new Reply(415, null, envelope("1003", "Content-Type错误", null));
        }
        JsonNode fb;
        try {
            fb = MAPPER.readTree(body);
        } catch (IOException e) {
            fb = null;
        }
        if (fb == null || !fb.isObject()) {
            return invalid(null, "$", "JSON_SYNTAX", "1000");
        }
        List<String[]> bad = validate(fb);
        if (!bad.isEmpty()) {
            ObjectNode data = MAPPER.createObjectNode().put("xfjbh", fb.path("xfjbh").asText(null));
            var list = data.putArray("cwlb");
            bad.forEach(b -> list.addObject().put("zd", b[0]).put("cwdm", b[1]).put("cwxx", b[1]));
            return new Reply(400, null, envelope("1001", "字段校验失败", data));
        }
        String xfjbh = fb.get("xfjbh").asText();
        if (!pushed.containsKey(xfjbh)) {
            return new Reply(404, null, envelope("4004", "信访件不存在", null));
        }
        List<JsonNode> list = recorded.computeIfAbsent(xfjbh, k -> new ArrayList<>());
        int fkxh = fb.get("fkxh").asInt();
        if (fkxh <= list.size()) {
            return list.get(fkxh - 1).equals(fb) ? new Reply(200, null, envelope("0000", "重复反馈，已忽略", null))
                    : new Reply(409, null, envelope("3002", "反馈序号已存在且内容不一致", null));
        }
        if (fkxh != list.size() + 1) {
            return new Reply(409, null, envelope("3003", "反馈序号不连续", null));
        }
        String previous = list.isEmpty() ? null : list.get(list.size() - 1).get("blzt").asText();
        String blzt = fb.get("blzt").asText();
        boolean allowed = previous == null ? Set.of("01", "02", "06").contains(blzt)
                : NEXT.getOrDefault(previous, Set.of()).contains(blzt);
        if (!allowed) {
            return new Reply(409, null, envelope("3004", "办理状态转换不允许", null));
        }
        if (fb.has("sqyq") && list.stream().anyMatch(x -> x.has("sqyq"))) {
            return new Reply(409, null, envelope("3005", "已申请过延期", null));
        }
        list.add(fb);
        return new Reply(200, null, envelope("0000", "反馈成功", null));
    }

    /** §6.1 checks of the fields the hub sends; the full table lives in the contract. */
    private static List<String[]> validate(JsonNode fb) {
        List<String[]> bad = new ArrayList<>();
        fb.fieldNames().forEachRemaining(n -> {
            if (!FIELDS.contains(n)) {
                bad.add(new String[] {n, "FIELD_UNKNOWN"});
            }
        });
        for (String r : List.of("xfjbh", "tjgzh", "fkxh", "blzt", "cbdw", "fksj")) {
            if (fb.path(r).isMissingNode() || fb.path(r).isNull()) {
                bad.add(new String[] {r, "REQUIRED"});
            }
        }
        if (!bad.isEmpty()) {
            return bad;
        }
        int fkxh = fb.get("fkxh").isInt() ? fb.get("fkxh").asInt() : 0;
        if (fkxh < 1 || fkxh > 999) {
            bad.add(new String[] {"fkxh", "RANGE"});
        }
        String blzt = fb.get("blzt").asText();
        if (!Set.of("01", "02", "03", "04", "05", "06").contains(blzt)) {
            bad.add(new String[] {"blzt", "CODE_UNKNOWN"});
        }
        if (!DATE_TIME.matcher(fb.get("fksj").asText()).matches()) {
            bad.add(new String[] {"fksj", "FORMAT"});
        }
        int cbdw = fb.get("cbdw").asText().codePointCount(0, fb.get("cbdw").asText().length());
        if (cbdw < 1 || cbdw > 100) {
            bad.add(new String[] {"cbdw", "LENGTH"});
        }
        boolean fin = FINAL.contains(blzt);
        if (fin && !fb.hasNonNull("bjsj")) {
            bad.add(new String[] {"bjsj", "CONDITIONAL_REQUIRED"});
        } else if (!fin && fb.hasNonNull("bjsj")) {
            bad.add(new String[] {"bjsj", "FORBIDDEN"});
        } else if (fin && !DATE_TIME.matcher(fb.get("bjsj").asText()).matches()) {
            bad.add(new String[] {"bjsj", "FORMAT"});
        }
        if (fin && !fb.hasNonNull("bljg")) {
            bad.add(new String[] {"bljg", "CONDITIONAL_REQUIRED"});
        }
        if (fb.hasNonNull("bljg") && fb.get("bljg").asText().codePointCount(0, fb.get("bljg").asText().length()) > 2000) {
            bad.add(new String[] {"bljg", "LENGTH"});
        }
        if (fb.hasNonNull("ajh") && !"05".equals(blzt)) {
            bad.add(new String[] {"ajh", "FORBIDDEN"});
        }
        if (fb.hasNonNull("sqyq") && fin) {
            bad.add(new String[] {"sqyq", "FORBIDDEN"});
        }
        return bad;
    }

    // --- test and demo controls -----------------------------------------------------------------------------

    /** The next {@code times} feedback requests are answered with {@code status} (e.g. 503, 429). */
    public void failNext(int status, int times) {
        this.faultStatus = status;
        this.faultsLeft = times;
    }

    /** Feedback the simulated system recorded for one item, in fkxh order. */
    public List<JsonNode> recorded(String xfjbh) {
        synchronized (this) {
            return List.copyOf(recorded.getOrDefault(xfjbh, List.of()));
        }
    }

    /** Every HTTP status it answered feedback with, in order. */
    public List<Integer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    public synchronized void reset() {
        files.clear();
        fileRequests.clear();
        pushed.clear();
        recorded.clear();
        nonces.clear();
        answers.clear();
        faultsLeft = 0;
    }

    private Reply unauthorised(String cwdm) {
        return new Reply(401, null, envelope("2001", "签名校验失败", MAPPER.createObjectNode().put("cwdm", cwdm)));
    }

    private Reply invalid(String xfjbh, String zd, String cwdm, String code) {
        ObjectNode data = MAPPER.createObjectNode().put("xfjbh", xfjbh);
        data.putArray("cwlb").addObject().put("zd", zd).put("cwdm", cwdm).put("cwxx", cwdm);
        return new Reply(400, null, envelope(code, "请求体不是JSON对象", data));
    }

    private static String envelope(String code, String msg, JsonNode data) {
        ObjectNode o = MAPPER.createObjectNode().put("code", code).put("msg", msg);
        o.set("data", data);
        return o.toString();
    }

    static String sign(String secret, String method, String path, String ts, String nonce, byte[] body) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String toSign = method + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + hash;
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "HmacSHA256 unavailable", e);
        }
    }
}
