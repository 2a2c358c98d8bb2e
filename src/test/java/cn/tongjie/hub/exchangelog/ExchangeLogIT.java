package cn.tongjie.hub.exchangelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real traffic through three connectors (police handovers over Kafka, legal-service createCase over HTTP and the
 * legal-service's event callbacks, police feedback) lands in the exchange log; the chain verifies through the admin
 * API, names a tampered entry, and its export verifies offline.
 */
@HubIT
class ExchangeLogIT extends HubITSupport {

    private static final String PASSWORD = "tongjie-demo";

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    PlatformTransactionManager transactions;
    @TempDir
    Path dir;

    @BeforeEach
    void emptyTheChain() {
        // Under the chain-head lock, so a sealing round of a late message of an earlier test cannot interleave.
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("insert into exchange_log_head (id, last_seq, last_hash) values (1, 0, :g) on conflict do nothing")
                    .param("g", ChainVerifier.GENESIS).update();
            jdbc.sql("select last_seq from exchange_log_head where id = 1 for update").query(Long.class).single();
            jdbc.sql("delete from exchange_log_checkpoint").update();
            jdbc.sql("delete from exchange_log_entry").update();
            jdbc.sql("update exchange_log_head set last_seq = 0, last_hash = :g").param("g", ChainVerifier.GENESIS)
                    .update();
        });
        HubFixture.manual(legal).setAutoLifecycle(true); // committees accept and conclude: events come back
    }

    @AfterEach
    void tearDown() {
        legal.setAutoLifecycle(false);
    }

    private void handoversMediatedToTheEnd(int first) {
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(Handovers.record(Handovers.value(Handovers.jjdbh(first + i), "20261128090000")));
        }
        hub.produce(batch);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(entries("police", "IN")).isGreaterThanOrEqualTo(3);
            assertThat(entries("legal-service", "OUT")).isGreaterThanOrEqualTo(3);
            assertThat(entries("legal-service", "IN")).isGreaterThanOrEqualTo(3);
            assertThat(entries("police", "OUT")).isGreaterThanOrEqualTo(1);
        });
    }

    private long entries(String agency, String direction) {
        return hub.count("select count(*) from exchange_log_entry where agency = ? and direction = ?", agency, direction);
    }

    @Test
    void shouldRecordEveryExchangeOfAMediationAndNameAFlippedEntryThroughTheAdminApi() {
        handoversMediatedToTheEnd(7100);

        JsonNode clean = hub.json(hub.get("/api/admin/exchange-log/verify", "auditor", PASSWORD).body());
        assertThat(clean.path("valid").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.path("entries").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(clean.path("checkpoints").asLong()).isGreaterThanOrEqualTo(1);
        // police bodies are kept (FULL), encrypted: the stored bytes do not show the handover
        byte[] stored = jdbc.sql("select body_cipher from exchange_log_entry where agency = 'police' and direction = 'IN'"
                + " order by seq limit 1").query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain(Handovers.jjdbh(7100));

        long victim = jdbc.sql("select min(seq) from exchange_log_entry where agency = 'legal-service' and "
                + "direction = 'OUT'").query(Long.class).single();
        jdbc.sql("update exchange_log_entry set body_length = body_length + 1 where seq = ?").param(victim).update();

        var answer = hub.get("/api/admin/exchange-log/verify", "admin", PASSWORD);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode tampered = hub.json(answer.body());
        assertThat(tampered.path("valid").asBoolean()).isFalse();
        assertThat(tampered.path("firstBadSeq").asLong()).isEqualTo(victim);
        assertThat(tampered.path("firstBadKind").asText()).isEqualTo("ALTERED");
        assertThat(hub.count("select count(*) from audit_log where action = 'EXCHANGE_LOG_VERIFY'")).isEqualTo(2);
        assertThat(hub.get("/api/admin/exchange-log/verify", "monitor", PASSWORD).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldExportABundleThatVerifiesOfflineOnlyForTheAuditor() throws Exception {
        handoversMediatedToTheEnd(7200);

        assertThat(exportAs("admin").statusCode()).isEqualTo(403);
        HttpResponse<byte[]> export = exportAs("auditor");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/zip"));
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(export.body()))) {
            for (ZipEntry z; (z = zip.getNextEntry()) != null; ) {
                Files.write(dir.resolve(z.getName()), zip.readAllBytes());
            }
        }
        assertThat(dir.resolve("ChainVerifier.java")).exists();
        assertThat(Files.readString(dir.resolve("entries.tsv"))).doesNotContain(Handovers.jjdbh(7200));

        ChainVerifier.Report offline = ChainVerifier.verifyBundle(ChainVerifier.readBundle(dir), null);

        assertThat(offline.valid()).as(offline.summary()).isTrue();
        assertThat(offline.entries()).isGreaterThanOrEqualTo(10);
        assertThat(offline.entriesAfterLastCheckpoint()).isZero();
        assertThat(hub.count("select count(*) from audit_log where action = 'EXCHANGE_LOG_EXPORT'")).isEqualTo(1);
    }

    private HttpResponse<byte[]> exportAs(String user) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/exchange-log/export?from=2026-11-01&to=2030-01-01T00:00:00%2B08:00"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofByteArray());
    }
}
