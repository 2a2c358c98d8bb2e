package cn.tongjie.hub.court.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.court.CourtSimulator;
import cn.tongjie.hub.simulator.court.CourtSimulatorLog.Received;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.ConclusionResult;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.StoredCase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A court outage end to end (contract §13): three court delegations are mediated to the end while the court's
 * gateway is down; the hub keeps every acknowledgement and result, retries them with the same messageId and body,
 * and once the court is back each delegation's messages arrive exactly once and in order (acknowledgement, then
 * result).
 */
@HubIT
class CourtOutageIT extends HubITSupport {

    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter XML = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @Autowired
    Clock clock;
    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    CourtSimulator court;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
        court.reset();
        // a weekday morning in Beijing: far from the courts' 00:00–01:00 maintenance window
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-11-30T10:00:00+08:00").toInstant());
    }

    @AfterEach
    void tearDown() {
        court.setDown(false);
        ((HubClock) clock).reset();
    }

    @Test
    void shouldDeliverEveryAcknowledgementAndResultOnceAndInOrderAfterTheCourtComesBack() throws Exception {
        List<String> delegations = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            delegations.add(delegate(i));
        }
        List<StoredCase> cases = delegations.stream().map(this::caseOf).toList();

        court.setDown(true);
        for (StoredCase c : cases) {
            legal.emitAccepted(c.caseNo());
            legal.emitMediatorAssigned(c.caseNo());
            legal.emitConcluded(c.caseNo(), ConclusionResult.SUCCESS);
        }
        // both messages of every delegation are queued, and the first of each is being retried against the outage
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(hub.count("select count(*) from court_outbound where status = 'PENDING'")).isEqualTo(6);
            assertThat(hub.count("select count(*) from court_outbound where status = 'PENDING' and attempts >= 2"))
                    .isEqualTo(3);
        });
        // this test's messages only: a court message an earlier test of the shared hub left pending may reach the
        // court before it goes down
        assertThat(court.log().all().stream().filter(r -> delegations.stream()
                .anyMatch(d -> r.body().contains(">" + d + "<"))).toList())
                .as("nothing of this test accepted while the court is down")
                .noneMatch(r -> r.answer().startsWith("RECEIPT"));

        court.setDown(false);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(
                hub.count("select count(*) from court_outbound where status = 'ACCEPTED'")).isEqualTo(6));

        for (String delegationId : delegations) {
            List<Received> accepted = court.log().all().stream()
                    .filter(r -> r.answer().equals("RECEIPT:ACCEPTED") && r.body().contains(">" + delegationId + "<"))
                    .toList();
            assertThat(accepted).extracting(Received::operation).as(delegationId + ": once each, in order")
                    .containsExactly("AcknowledgeDelegation", "ReportMediationResult");
        }
        // every attempt of one message carried the same body and a fresh nonce
        Map<String, List<Received>> attempts = court.log().all().stream().filter(r -> r.messageId() != null)
                .collect(Collectors.groupingBy(Received::messageId));
        assertThat(attempts.values()).anySatisfy(a -> assertThat(a).hasSizeGreaterThan(1));
        for (List<Received> a : attempts.values()) {
            assertThat(a.stream().map(Received::body).distinct()).hasSize(1);
            assertThat(a.stream().map(Received::nonce).distinct()).hasSize(a.size());
        }
    }

    /** Court 内0502 delegates a fresh dispute (the CI sample with new ids, dates and security header). */
    private String delegate(int n) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(BEIJING).withNano(0);
        String delegationId = "WT0502-2026-0090" + n + "0";
        byte[] body = CourtRequests.fromSample("valid-ci1-delegate-mediation-rental.xml", Map.of(
                "messageId", "FY0502M202611300900" + n, "sentAt", XML.format(now),
                "delegationId", delegationId, "caseNo", "（2026）内0502民初90" + n + "号",
                "delegatedAt", XML.format(now.minusMinutes(10)),
                "dueAt", XML.format(now.toLocalDate().plusDays(7).atTime(23, 59, 59).atOffset(BEIJING))),
                "0502", clock.instant());
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/services/court/docking")).header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"urn:tongliao:court:docking:v1:DelegateMediation\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(CourtXml.answer(r.statusCode(), r.body()).expect()).as(new String(r.body()))
                .isEqualTo("RECEIPT:ACCEPTED");
        court.registerDelegation("内0502", delegationId, "POST_FILING",
                now.toLocalDate().plusDays(7).atTime(23, 59, 59).atOffset(BEIJING));
        return delegationId;
    }

    private StoredCase caseOf(String delegationId) {
        String disputeId = jdbc.sql("select dispute_id from court_delegation where delegation_id = :d")
                .param("d", delegationId).query(String.class).single();
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> refs = jdbc.sql("select external_ref from assignment where dispute_id = :d "
                    + "and case_no is not null").param("d", disputeId).query(String.class).list();
            return refs.isEmpty() ? Optional.<StoredCase>empty() : legal.storedCase(refs.get(0));
        }, Optional::isPresent).orElseThrow();
    }
}
