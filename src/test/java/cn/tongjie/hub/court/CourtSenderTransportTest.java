package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How the sender reads the court's answers (contract §11) and what it puts around the stored body (§4). */
class CourtSenderTransportTest {

    @Test
    void shouldRetryTheMaintenanceFaultAndHonourRetryAfter() {
        CourtSenderTransport.Answer a = CourtSenderTransport.classify(503,
                sample("court-fault-service-unavailable.response.xml"), Optional.of(Duration.ofSeconds(120)));

        assertThat(a.kind()).isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(a.code()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(a.retryAfter()).contains(Duration.ofSeconds(120));
    }

    @Test
    void shouldReadAcceptedAndRejectedReceipts() {
        CourtSenderTransport.Answer accepted = CourtSenderTransport.classify(200,
                sample("valid-ca2-acknowledge-delegation-accepted.response.xml"), Optional.empty());
        CourtSenderTransport.Answer rejected = CourtSenderTransport.classify(200,
                sample("court-rejected-application-too-late.response.xml"), Optional.empty());

        assertThat(accepted.kind()).isEqualTo(CourtSenderTransport.Kind.ACCEPTED);
        assertThat(accepted.receiptId()).isEqualTo("SD05022024060400045");
        assertThat(rejected.kind()).isEqualTo(CourtSenderTransport.Kind.REJECTED);
        assertThat(rejected.code()).isEqualTo("APPLICATION_TOO_LATE");
    }

    @Test
    void shouldTreatADuplicateConflictAsFailedAndABare5xxAsRetryable() {
        assertThat(CourtSenderTransport.classify(500, sample("court-fault-duplicate-conflict.response.xml"),
                Optional.empty()).kind()).isEqualTo(CourtSenderTransport.Kind.FAILED);
        assertThat(CourtSenderTransport.classify(502, new byte[0], Optional.empty()).kind())
                .isEqualTo(CourtSenderTransport.Kind.RETRY);
        assertThat(CourtSenderTransport.classify(413, new byte[0], Optional.empty()).kind())
                .isEqualTo(CourtSenderTransport.Kind.FAILED);
    }

    @Test
    void shouldMapSecurityFaultsToTheirOwnReactions() {
        assertThat(CourtSenderTransport.kindOfFault("TIMESTAMP_INVALID"))
                .isEqualTo(CourtSenderTransport.Kind.SECURITY_RETRY);
        assertThat(CourtSenderTransport.kindOfFault("NONCE_REPLAYED"))
                .isEqualTo(CourtSenderTransport.Kind.SECURITY_RETRY);
        assertThat(CourtSenderTransport.kindOfFault("AUTH_FAILED")).isEqualTo(CourtSenderTransport.Kind.AUTH_FAILED);
        assertThat(CourtSenderTransport.kindOfFault("INTERNAL_ERROR")).isEqualTo(CourtSenderTransport.Kind.RETRY);
    }

    @Test
    void shouldWrapTheStoredBodyUnchangedWithAFreshSecurityHeaderPerAttempt() {
        String payload = "<ns2:AcknowledgeDelegation xmlns:ns2=\"urn:tongliao:court:docking:v1\">"
                + "<ns2:messageId>m-12345678</ns2:messageId></ns2:AcknowledgeDelegation>";
        Instant now = Instant.parse("2026-03-02T01:35:22Z");

        String first = CourtSenderTransport.envelope(payload, "Tj2court-0502!sample", now);
        String second = CourtSenderTransport.envelope(payload, "Tj2court-0502!sample", now);

        assertThat(first).contains("<soap:Body>" + payload + "</soap:Body>");
        assertThat(first).contains("tongjie-hub").contains("2026-03-02T01:35:22Z").contains("2026-03-02T01:40:22Z");
        assertThat(nonce(first)).isNotEqualTo(nonce(second));
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

    private static String nonce(String envelope) {
        Matcher m = Pattern.compile("<wsse:Nonce[^>]*>([^<]+)<").matcher(envelope);
        assertThat(m.find()).isTrue();
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
