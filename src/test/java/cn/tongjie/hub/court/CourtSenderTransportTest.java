package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CXF transport against a stand-in court (a JDK HTTP server answering the contract's sample answers byte for
 * byte): how the court's answers are read (contract §11) and what goes on the wire per attempt (§4).
 */
class CourtSenderTransportTest {

    private static final String PAYLOAD = "<ns2:AcknowledgeDelegation xmlns:ns2=\"urn:tongliao:court:docking:v1\">"
            + "<ns2:messageId>TJ0502A2026030200001</ns2:messageId><ns2:courtCode>内0502</ns2:courtCode>"
            + "<ns2:note>西门街道 &amp; 额尔敦·巴雅尔 &lt;1&gt;</ns2:note></ns2:AcknowledgeDelegation>";

    private record Canned(int status, Map<String, String> headers, byte[] body, CountDownLatch hold) {
    }

    private record Seen(String soapAction, String contentType, String envelope) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Canned answer;
    private HttpServer court;
    private Bus bus;
    private CourtSenderTransport transport;
    private String url;

    @BeforeEach
    void setUp() throws IOException {
        court = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        court.createContext("/sim/0502/intake", this::answer);
        court.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        court.start();
        url = "http://127.0.0.1:" + court.getAddress().getPort() + "/sim/0502/intake";
        bus = BusFactory.newInstance().createBus();
        transport = new CourtSenderTransport(bus, Duration.ofSeconds(2), Duration.ofMillis(700));
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        court.stop(0);
        bus.shutdown(true);
    }

    @Test
    void shouldReadAcceptedAndRejectedReceipts() {
        answer = new Canned(200, Map.of(), sample("valid-ca2-acknowledge-delegation-accepted.response.xml"), null);
        CourtSenderTransport.Answer accepted = send();
        answer = new Canned(200, Map.of(), sample("court-rejected-application-too-late.response.xml"), null);
        CourtSenderTransport.Answer rejected = send();

        assertThat(accepted.kind()).isEqualTo(CourtSenderTransport.Kind.ACCEPTED);
        assertThat(accepted.receiptId()).isEqualTo("SD05022024060400045");
        assertThat(rejected.kind()).isEqualTo(CourtSenderTransport.Kind.REJECTED);
        assertThat(rejected.code()).isEqualTo("APPLICATION_TOO_LATE");
    }

    @Test
    void shouldRetryTheMaintenanceFaultAndHonourRetryAfter() {
        answer = new Canned(503, Map.of("Retry-After", "120"),
                sample("court-fault-service-unavailable.response.xml"), null);

        CourtSenderTransport.Answer a = send();

        assertThat(a.kind()).isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(a.code()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(a.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(a.httpStatus()).isEqualTo(503);
    }

    @Test
    void shouldRetryABodyless503AndStillReadItsRetryAfter() {
        answer = new Canned(503, Map.of("Retry-After", "90"), new byte[0], null);

        CourtSenderTransport.Answer a = send();

        assertThat(a.kind()).isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(a.code()).isEqualTo("HTTP_503");
        assertThat(a.retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void shouldTreatADuplicateConflictAsFailedABare5xxAsRetryableAndA413AsFailed() {
        answer = new Canned(500, Map.of(), sample("court-fault-duplicate-conflict.response.xml"), null);
        CourtSenderTransport.Answer conflict = send();
        answer = new Canned(502, Map.of(), new byte[0], null);
        CourtSenderTransport.Answer badGateway = send();
        answer = new Canned(413, Map.of(), new byte[0], null);
        CourtSenderTransport.Answer tooLarge = send();

        assertThat(conflict.kind()).isEqualTo(CourtSenderTransport.Kind.FAILED);
        assertThat(conflict.code()).isEqualTo("DUPLICATE_CONFLICT");
        assertThat(badGateway.kind()).isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(badGateway.code()).isEqualTo("HTTP_502");
        assertThat(tooLarge.kind()).isEqualTo(CourtSenderTransport.Kind.FAILED);
        assertThat(tooLarge.code()).isEqualTo("HTTP_413");
    }

    @Test
    void shouldMapSecurityFaultsToTheirOwnReactions() {
        answer = new Canned(500, Map.of(), sample("invalid-nonce-replayed.response.xml"), null);
        CourtSenderTransport.Answer replayed = send();
        answer = new Canned(500, Map.of(), sample("invalid-wrong-password-digest.response.xml"), null);
        CourtSenderTransport.Answer auth = send();

        assertThat(replayed.kind()).isEqualTo(CourtSenderTransport.Kind.SECURITY_RETRY);
        assertThat(replayed.code()).isEqualTo("NONCE_REPLAYED");
        assertThat(auth.kind()).isEqualTo(CourtSenderTransport.Kind.AUTH_FAILED);
        assertThat(CourtSenderTransport.kindOfFault("TIMESTAMP_INVALID"))
                .isEqualTo(CourtSenderTransport.Kind.SECURITY_RETRY);
        assertThat(CourtSenderTransport.kindOfFault("INTERNAL_ERROR")).isEqualTo(CourtSenderTransport.Kind.RETRY);
    }

    @Test
    void shouldRetryAReadTimeoutAndARefusedConnection() {
        answer = new Canned(200, Map.of(), sample("valid-ca2-acknowledge-delegation-accepted.response.xml"),
                release);
        CourtSenderTransport.Answer slow = send();
        CourtSenderTransport.Answer refused = transport.send("http://127.0.0.1:1/sim/0502/intake",
                "AcknowledgeDelegation", PAYLOAD, "Tj2court-0502!sample", Instant.now());

        assertThat(slow.kind()).isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(slow.code()).isEqualTo("TIMEOUT");
        assertThat(refused.kind()).isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(refused.code()).startsWith("IO_");
        assertThat(refused.httpStatus()).isZero();
    }

    @Test
    void shouldSendTheStoredBodyUnchangedWithAFreshSecurityHeaderPerAttempt() {
        answer = new Canned(200, Map.of(), sample("valid-ca2-acknowledge-delegation-accepted.response.xml"), null);
        Instant now = Instant.parse("2026-03-02T01:35:22Z");

        transport.send(url, "AcknowledgeDelegation", PAYLOAD, "Tj2court-0502!sample", now);
        transport.send(url, "AcknowledgeDelegation", PAYLOAD, "Tj2court-0502!sample", now);

        assertThat(seen).hasSize(2);
        for (Seen s : seen) {
            assertThat(body(s.envelope())).isEqualTo(PAYLOAD);
            assertThat(s.soapAction()).isEqualTo("\"urn:tongliao:court:docking:v1:AcknowledgeDelegation\"");
            assertThat(s.contentType()).startsWith("text/xml");
            assertThat(s.envelope()).contains("tongjie-hub").contains("2026-03-02T01:35:22Z")
                    .contains("2026-03-02T01:40:22Z").contains("mustUnderstand=\"1\"");
        }
        assertThat(nonce(seen.get(0).envelope())).isNotEqualTo(nonce(seen.get(1).envelope()));
    }

    @Test
    void shouldBackOffPerContractAndRecogniseTheMaintenanceWindow() {
        CourtOutboundProperties p = new CourtOutboundProperties(null, null, null, null, null, null, null, null, 0,
                null);

        assertThat(List.of(p.backoffAfter(1), p.backoffAfter(2), p.backoffAfter(3), p.backoffAfter(4),
                p.backoffAfter(5), p.backoffAfter(9))).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(p.inMaintenance(LocalTime.of(0, 0))).isTrue();
        assertThat(p.inMaintenance(LocalTime.of(0, 59, 59))).isTrue();
        assertThat(p.inMaintenance(LocalTime.of(1, 0))).isFalse();
        assertThat(p.inMaintenance(LocalTime.of(23, 59, 59))).isFalse();
        assertThat(p.lease()).isGreaterThan(p.readTimeout());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private CourtSenderTransport.Answer send() {
        return transport.send(url, "AcknowledgeDelegation", PAYLOAD, "Tj2court-0502!sample", Instant.now());
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        seen.add(new Seen(exchange.getRequestHeaders().getFirst("SOAPAction"),
                exchange.getRequestHeaders().getFirst("Content-Type"), new String(request, StandardCharsets.UTF_8)));
        Canned c = answer;
        if (c.hold() != null) {
            try {
                // longer than the transport's read timeout; released when the test ends
                c.hold().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (c.body().length > 0) {
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        }
        exchange.sendResponseHeaders(c.status(), c.body().length == 0 ? -1 : c.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(c.body());
        } catch (IOException clientGone) {
            // the timed-out client closed the connection
        }
    }

    private static String body(String envelope) {
        Matcher m = Pattern.compile("<(?:[A-Za-z0-9_.-]+:)?Body[^>]*>(.*)</(?:[A-Za-z0-9_.-]+:)?Body>",
                Pattern.DOTALL).matcher(envelope);
        assertThat(m.find()).as(envelope).isTrue();
        return m.group(1);
    }

    private static String nonce(String envelope) {
        Matcher m = Pattern.compile("<wsse:Nonce[^>]*>([^<]+)<").matcher(envelope);
        assertThat(m.find()).as(envelope).isTrue();
        return m.group(1);
    }

    private static byte[] sample(String name) {
        try (InputStream in = CourtSenderTransportTest.class.getResourceAsStream("/samples/court/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("sample " + name, e);
        }
    }
}
