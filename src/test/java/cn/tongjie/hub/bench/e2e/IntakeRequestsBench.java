package cn.tongjie.hub.bench.e2e;

import cn.tongjie.hub.common.IdNumbers;
import cn.tongjie.hub.common.WsUsernameToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Valid, unique requests to the hub's two synchronous intakes, built from the contracts (not from the hub's code, so a
 * hub bug in signing or parsing would show as failures here):
 * <ul>
 *   <li>{@link PetitionPushes}: {@code POST /api/petition/v1/disputes} signed as petition contract §4.2 prescribes
 *       (HMAC-SHA256 over method, path, timestamp, nonce and the body's SHA-256, key = the demo appSecret's bytes), the
 *       body = the contract sample {@code push-letter-minimal.json} with a unique {@code xfjbh}, petitioner name and
 *       phone and today's times: each request is a new item (202), never a duplicate, and names no one an earlier
 *       request named, so the hub registers a new dispute instead of correlating it with an earlier one;</li>
 *   <li>{@link CourtDelegations}: SOAP 1.1 {@code DelegateMediation} to {@code /services/court/docking} with a
 *       WS-Security UsernameToken (PasswordDigest, fresh 16-byte nonce and Created, wsu:Timestamp of 300 s) as court
 *       contract §4 prescribes, for court 内0581 with its sample credentials; a POST_FILING summary-procedure
 *       delegation in the shape of sample {@code valid-cb1-…} (two natural persons, no attachments) with unique
 *       messageId, delegationId, caseNo and parties.</li>
 * </ul>
 * The index {@code i} passed to a call must be unique within the hub's store (one run); business ids derive from it.
 * Not a test: used by {@link HubE2eBenchmark}.
 */
final class IntakeRequestsBench {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter PETITION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Given-name characters for unique fictional names (40³ per surname). */
    private static final String GIVEN = "建国秀英海龙金山明华丽娟志强桂兰玉梅春燕文博宏伟淑珍晓东俊杰雅琴德胜乌兰其格巴特尔敦";
    private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧";
    private static final Pattern FAULT_CODE = Pattern.compile("<(?:\\w+:)?(?:code|reasonCode)>([A-Z_]+)<");

    private IntakeRequestsBench() {
    }

    /** One client for all calls: HTTP/1.1 (no h2c upgrade attempt), keep-alive, one connection per busy thread. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A unique fictional Chinese name for index i (surname + three given-name characters). */
    static String name(int i) {
        int g = GIVEN.length();
        int s = SURNAMES.length();
        return new StringBuilder().append(SURNAMES.charAt(i % s)).append(GIVEN.charAt((i / s) % g))
                .append(GIVEN.charAt((i / s / g) % g)).append(GIVEN.charAt((i / s / g / g) % g)).toString();
    }

    // ------------------------------------------------------------------------------------------ petition (REST)

    /** Signed pushes of new petition items (contract §4, §5). */
    static final class PetitionPushes implements IntakeLoadBench.Call {
        static final String PATH = "/api/petition/v1/disputes";
        /** Demo-profile credentials = the petition contract's §4 sample appKey/appSecret (application-demo.yml). */
        static final String APP_KEY = "xf-test-0001";
        static final String APP_SECRET = "xfT3st-S3cret-2026-NotForProduction";
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);

        private final HttpClient http;
        private final URI uri;
        private final ObjectNode template;
        private final SecretKeySpec key = new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");

        PetitionPushes(HttpClient http, String hubBaseUrl) throws IOException {
            this.http = http;
            this.uri = URI.create(hubBaseUrl + PATH);
            this.template = (ObjectNode) JSON.readTree(
                    Files.readAllBytes(Path.of("connectors/petition/samples/push-letter-minimal.json")));
        }

        /** The body of item i: the sample with a unique xfjbh (10,000 per registration date), name and phone. */
        byte[] body(int i) throws IOException {
            ObjectNode p = template.deepCopy();
            LocalDateTime now = LocalDateTime.now(SHANGHAI).withNano(0);
            // §5.1: XF + region of the registering office + yyyyMMdd + 4-digit sequence
            p.put("xfjbh", "XF150502" + FIRST_DAY.plusDays(i / 10_000).format(DateTimeFormatter.BASIC_ISO_DATE)
                    + String.format(Locale.ROOT, "%04d", i % 10_000));
            p.put("xfrxm", name(i));
            p.put("lxdh", "158" + String.format(Locale.ROOT, "%08d", i % 100_000_000));
            p.put("djsj", now.minusMinutes(5).format(PETITION_TIME));
            p.put("tssj", now.format(PETITION_TIME));
            // a letter (xfxs 01): the postmark date, time 00:00:00
            p.put("xfrq", now.toLocalDate().minusDays(1).atStartOfDay().format(PETITION_TIME));
            p.put("slqx", now.minusMinutes(5).toLocalDate().plusDays(15).toString());
            p.put("bjqx", now.minusMinutes(5).toLocalDate().plusDays(60).toString());
            return JSON.writeValueAsBytes(p);
        }

        HttpRequest request(int i) throws IOException, GeneralSecurityException {
            byte[] body = body(i);
            String timestamp = Long.toString(System.currentTimeMillis());
            String nonce = UUID.randomUUID().toString();
            String toSign = "POST\n" + PATH + "\n" + timestamp + "\n" + nonce + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-App-Key", APP_KEY).header("X-Timestamp", timestamp).header("X-Nonce", nonce)
                    .header("X-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        /** 202 with code 0000 and cf N = a new item durably accepted; anything else is a failure. */
        @Override
        public boolean send(int i) throws Exception {
            HttpResponse<String> r = http.send(request(i), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 202 && r.body().contains("\"cf\":\"N\"")) {
                return true;
            }
            // status and the envelope's code only: the answer may echo field values
            Matcher code = Pattern.compile("\"code\":\"(\\d+)\"").matcher(r.body());
            throw new IllegalStateException("petition push answered HTTP " + r.statusCode() + " code "
                    + (code.find() ? code.group(1) : "?"));
        }
    }

    // ------------------------------------------------------------------------------------------ court (SOAP)

    /** WS-Security signed DelegateMediation requests (court contract §4, §7). */
    static final class CourtDelegations implements IntakeLoadBench.Call {
        static final String PATH = "/services/court/docking";
        static final String COURT = "内0581";
        /** Demo-profile credentials = the court contract's sample ones: court-&lt;digits&gt; / Fy&lt;digits&gt;!sample-pass. */
        static final String USERNAME = "court-0581";
        static final String PASSWORD = "Fy0581!sample-pass";
        private static final String ACTION = "\"urn:tongliao:court:docking:v1:DelegateMediation\"";
        private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
        private static final LocalDate FIRST_BIRTH = LocalDate.of(1960, 1, 1);
        private static final int COURT_NAMES = 1_000_000;

        private final HttpClient http;
        private final URI uri;

        CourtDelegations(HttpClient http, String hubBaseUrl) {
            this.http = http;
            this.uri = URI.create(hubBaseUrl + PATH);
        }

        /** wsse:Security with a wsu:Timestamp (now, now + 300 s) and a PasswordDigest UsernameToken (§4). */
        static String security(Instant now) {
            String created = WsUsernameToken.utc(now);
            String expires = WsUsernameToken.utc(now.plusSeconds(WsUsernameToken.TIMESTAMP_SECONDS));
            // 16 random bytes as §4 asks; ThreadLocalRandom rather than one shared SecureRandom, which the load
            // threads would queue on (only uniqueness matters to the hub's replay check)
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String digest = passwordDigest(nonce, created, PASSWORD);
            return "<wsse:Security soap:mustUnderstand=\"1\" xmlns:wsse=\"" + WsUsernameToken.WSSE_NS
                    + "\" xmlns:wsu=\"" + WsUsernameToken.WSU_NS + "\">"
                    + "<wsu:Timestamp wsu:Id=\"TS-1\"><wsu:Created>" + created + "</wsu:Created><wsu:Expires>" + expires
                    + "</wsu:Expires></wsu:Timestamp>"
                    + "<wsse:UsernameToken wsu:Id=\"UT-1\"><wsse:Username>" + USERNAME + "</wsse:Username>"
                    + "<wsse:Password Type=\"" + WsUsernameToken.PASSWORD_DIGEST + "\">" + digest + "</wsse:Password>"
                    + "<wsse:Nonce EncodingType=\"" + WsUsernameToken.BASE64_BINARY + "\">"
                    + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
                    + "<wsu:Created>" + created + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
        }

        /** §4: Base64(SHA-1(nonce bytes ‖ UTF-8(Created) ‖ UTF-8(password))), written out from the contract. */
        static String passwordDigest(byte[] nonce, String created, String password) {
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(nonce);
                sha1.update(created.getBytes(StandardCharsets.UTF_8));
                sha1.update(password.getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(sha1.digest());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-1 unavailable", e);
            }
        }

        /** A fictional resident ID: region + birth date + 3-digit sequence + GB 11643 check character. */
        static String idNumber(String region, int i) {
            String first17 = region + FIRST_BIRTH.plusDays(i % 15_000).format(DateTimeFormatter.BASIC_ISO_DATE)
                    + String.format(Locale.ROOT, "%03d", (i / 15_000) % 1000);
            return first17 + IdNumbers.residentIdCheckChar(first17);
        }

        String envelope(int i) {
            java.time.OffsetDateTime now = java.time.OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
            java.time.OffsetDateTime due = now.toLocalDate().plusDays(7).atTime(23, 59, 59).atOffset(ZoneOffset.ofHours(8));
            String n = String.format(Locale.ROOT, "%06d", i % 1_000_000);
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                    + " xmlns:cd=\"urn:tongliao:court:docking:v1\"><soap:Header>" + security(Instant.now())
                    + "</soap:Header><soap:Body><cd:DelegateMediation>"
                    + "<cd:messageId>FY0581MBENCH" + String.format(Locale.ROOT, "%09d", i) + "</cd:messageId>"
                    + "<cd:sentAt>" + now.format(LOCAL) + "</cd:sentAt>"
                    + "<cd:courtCode>" + COURT + "</cd:courtCode>"
                    + "<cd:delegationId>WT0581-" + now.getYear() + "-" + n + "</cd:delegationId>"
                    + "<cd:regime>POST_FILING</cd:regime>"
                    + "<cd:caseNo>（" + now.getYear() + "）" + COURT + "民初" + (100_000 + i) + "号</cd:caseNo>"
                    + "<cd:procedure>SUMMARY</cd:procedure>"
                    + "<cd:causeOfAction><cd:code>0402</cd:code><cd:name>追索劳动报酬纠纷</cd:name></cd:causeOfAction>"
                    + "<cd:claims><cd:claim>判令被告支付原告劳动报酬21600.00元；</cd:claim>"
                    + "<cd:claim>本案诉讼费用由被告负担。</cd:claim></cd:claims>"
                    + "<cd:parties>"
                    // names far from the petition pushes' (name(i)), so no cross-channel correlation either
                    + party(1, "原告", name(COURT_NAMES + 2 * i), idNumber("150581", i))
                    + party(2, "被告", name(COURT_NAMES + 2 * i + 1), idNumber("152302", i))
                    + "</cd:parties>"
                    + "<cd:delegatedAt>" + now.format(LOCAL) + "</cd:delegatedAt>"
                    + "<cd:dueAt>" + due.format(LOCAL) + "</cd:dueAt>"
                    + "<cd:judge><cd:name>高文博</cd:name></cd:judge>"
                    + "</cd:DelegateMediation></soap:Body></soap:Envelope>";
        }

        private static String party(int seq, String role, String name, String id) {
            return "<cd:party><cd:seq>" + seq + "</cd:seq><cd:role>" + role + "</cd:role>"
                    + "<cd:personType>NATURAL</cd:personType><cd:name>" + name + "</cd:name>"
                    + "<cd:idType>ID_CARD</cd:idType><cd:idNumber>" + id + "</cd:idNumber></cd:party>";
        }

        /** HTTP 200 with a receipt of status ACCEPTED; a fault or a REJECTED receipt is a failure. */
        @Override
        public boolean send(int i) throws Exception {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", ACTION)
                    .POST(HttpRequest.BodyPublishers.ofString(envelope(i), StandardCharsets.UTF_8)).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 200 && r.body().contains("ACCEPTED</")) {
                return true;
            }
            Matcher code = FAULT_CODE.matcher(r.body());
            throw new IllegalStateException("court delegation answered HTTP " + r.statusCode() + " "
                    + (code.find() ? code.group(1) : "(no code)"));
        }
    }
}
