package cn.tongjie.hub.exchangelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import cn.tongjie.hub.exchangelog.ExchangeLog.Direction;
import cn.tongjie.hub.exchangelog.ExchangeLogProperties.Mode;
import cn.tongjie.hub.registry.Alerts;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The exchange log against a real migrated database (H2; also PostgreSQL when TONGJIE_TEST_PG_URL is set): append,
 * seal, checkpoint, verify, and every kind of tampering an insider with database access could try.
 */
class ExchangeLogTest {

    static final String KEY = "4a0hWWU2OyrWYrssYrA1JSLcyK5dmN4/HOQz+eUEh1Y=";

    @TempDir
    Path dir;
    private HikariDataSource ds;
    private JdbcClient jdbc;
    private ExchangeLog log;
    private ExchangeLogService service;
    private ExchangeLogStore store;
    private String pgSchema;

    @BeforeEach
    void setUp() throws Exception {
        String pg = System.getenv("TONGJIE_TEST_PG_URL");
        HikariConfig config = new HikariConfig();
        if (pg != null && !pg.isBlank()) {
            pgSchema = "tj_xlog_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
                s.execute("create schema " + pgSchema);
            }
            config.setJdbcUrl(pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + pgSchema);
        } else {
            config.setJdbcUrl("jdbc:h2:mem:xlog_" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            config.setUsername("sa");
        }
        config.setMaximumPoolSize(6);
        ds = new HikariDataSource(config);
        var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (pgSchema != null) {
            flyway.schemas(pgSchema);
        }
        flyway.load().migrate();
        jdbc = JdbcClient.create(ds);
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T02:00:00.123456Z"), ZoneOffset.UTC);
        ExchangeLogProperties props = new ExchangeLogProperties(true, Mode.METADATA, Map.of("police", Mode.FULL), KEY,
                dir.resolve("hub.key").toString(), dir.resolve("hub.pub").toString(), true, Duration.ofMillis(200),
                3, Duration.ofMinutes(10), false);
        store = new ExchangeLogStore(jdbc, new DataSourceTransactionManager(ds), clock);
        log = new ExchangeLog(store, props);
        service = new ExchangeLogService(store, props, log, mock(Alerts.class), clock, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        log.destroy();
        if (pgSchema != null) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop schema " + pgSchema + " cascade");
            }
        }
        ds.close();
    }

    /** Ten exchanges of several agencies, sealed (batches of 3) and checkpointed. */
    private void tenExchanges() {
        for (int i = 1; i <= 10; i++) {
            String agency = i % 2 == 0 ? "police" : "grid";
            ExchangeLog.record(agency, i % 3 == 0 ? Direction.OUT : Direction.IN, "msg-" + i, "m-" + i,
                    "TJ-20261128-00000" + i, "application/json", ("{\"n\":" + i + ",\"name\":\"张三\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        service.sealAndCheckpoint();
    }

    @Test
    void shouldVerifyAnUntouchedChainWithASignedCheckpoint() {
        tenExchanges();

        ChainVerifier.Report report = service.verify();

        assertThat(report.valid()).as(report.summary()).isTrue();
        assertThat(report.entries()).isEqualTo(10);
        assertThat(report.lastSeq()).isEqualTo(10);
        assertThat(report.checkpoints()).isGreaterThanOrEqualTo(1);
        assertThat(report.lastCheckpointSeq()).isEqualTo(10);
    }

    @Test
    void shouldKeepFullBodiesEncryptedAndMetadataAgenciesAsDigestOnly() throws Exception {
        tenExchanges();

        byte[] policeCipher = jdbc.sql("select body_cipher from exchange_log_entry where seq = 2")
                .query(byte[].class).single();
        assertThat(new String(policeCipher, StandardCharsets.UTF_8)).doesNotContain("张三").doesNotContain("\"n\"");
        assertThat(log.cipher().decrypt(policeCipher, jdbc.sql("select body_digest from exchange_log_entry where seq = 2")
                .query(String.class).single())).isEqualTo("{\"n\":2,\"name\":\"张三\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(jdbc.sql("select count(*) from exchange_log_entry where agency = 'grid' and body_cipher is not null")
                .query(Long.class).single()).isZero();
    }

    @Test
    void shouldNameTheEntryWhoseStoredFieldHadOneByteFlipped() {
        tenExchanges();
        jdbc.sql("update exchange_log_entry set message_id = 'm-7' where seq = 4").update(); // was m-4

        ChainVerifier.Report report = service.verify();

        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadSeq()).isEqualTo(4);
        assertThat(report.firstBadKind()).isEqualTo("ALTERED");
        assertThat(report.problems()).extracting(ChainVerifier.Problem::seq).containsOnly(4L);
    }

    @Test
    void shouldNameTheEntryWhoseEncryptedBodyHadOneByteFlipped() {
        tenExchanges();
        byte[] cipher = jdbc.sql("select body_cipher from exchange_log_entry where seq = 6").query(byte[].class).single();
        cipher[20] ^= 0x01;
        jdbc.sql("update exchange_log_entry set body_cipher = :c where seq = 6").param("c", cipher).update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.firstBadSeq()).isEqualTo(6);
        assertThat(report.problems().get(0).detail()).contains("no longer decrypts");
    }

    @Test
    void shouldNameAnEntryAlteredEvenWhenItsHashWasRecomputed() {
        tenExchanges();
        ChainVerifier.Entry e = store.entries(5, 5).get(0).entry();
        ChainVerifier.Entry forged = new ChainVerifier.Entry(e.seq(), e.recordedAtMillis(), e.agency(), "OUT",
                e.messageType(), e.messageId(), e.disputeId(), e.contentType(), e.bodyLength(), e.bodyDigest(),
                e.prevHash(), null);
        jdbc.sql("update exchange_log_entry set direction = 'OUT', entry_hash = :h where seq = 5")
                .param("h", ChainVerifier.entryHash(e.prevHash(), forged)).update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.firstBadSeq()).isEqualTo(5);
        assertThat(report.firstBadKind()).isEqualTo("ALTERED");
    }

    @Test
    void shouldReportADeletedEntry() {
        tenExchanges();
        jdbc.sql("delete from exchange_log_entry where seq = 5").update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.firstBadSeq()).isEqualTo(5);
        assertThat(report.firstBadKind()).isEqualTo("REMOVED");
        assertThat(report.problems().get(0).detail()).contains("entry 5 missing");
    }

    @Test
    void shouldReportEntriesDeletedAtTheEnd() {
        tenExchanges();
        jdbc.sql("delete from exchange_log_entry where seq >= 9").update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.firstBadSeq()).isEqualTo(9);
        assertThat(report.firstBadKind()).isEqualTo("REMOVED");
    }

    @Test
    void shouldReportADeletedEntryWhoseSuccessorsWereRenumbered() {
        tenExchanges();
        jdbc.sql("delete from exchange_log_entry where seq = 5").update();
        for (long s = 6; s <= 10; s++) {
            jdbc.sql("update exchange_log_entry set seq = :n where seq = :s").param("n", s - 1).param("s", s).update();
        }
        jdbc.sql("update exchange_log_head set last_seq = 9").update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.firstBadSeq()).isEqualTo(5);
        assertThat(report.firstBadKind()).isEqualTo("REMOVED");
    }

    @Test
    void shouldReportASwappedPair() {
        tenExchanges();
        jdbc.sql("update exchange_log_entry set seq = -6 where seq = 6").update();
        jdbc.sql("update exchange_log_entry set seq = 6 where seq = 7").update();
        jdbc.sql("update exchange_log_entry set seq = 7 where seq = -6").update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.firstBadSeq()).isEqualTo(6);
        assertThat(report.firstBadKind()).isEqualTo("REORDERED");
        assertThat(report.problems()).extracting(ChainVerifier.Problem::seq).contains(6L, 7L);
    }

    @Test
    void shouldRefuseACheckpointSignedByAnotherKey() throws Exception {
        tenExchanges();
        String head = jdbc.sql("select last_hash from exchange_log_head").query(String.class).single();
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ChainVerifier.Checkpoint forged = new HubSigningKey(other.getPrivate(), other.getPublic())
                .sign(10, head, Instant.parse("2026-11-28T03:00:00Z").toEpochMilli());
        jdbc.sql("delete from exchange_log_checkpoint").update();
        jdbc.sql("""
                insert into exchange_log_checkpoint (seq, head_hash, signed_at, key_id, algorithm, signature)
                values (10, :h, timestamp with time zone '2026-11-28 03:00:00+00', :k, 'Ed25519', :s)""")
                .param("h", head).param("k", service.key().keyId()).param("s", forged.signature()).update();

        ChainVerifier.Report report = ChainVerifier.verify(store.entries(1, 10).stream().map(s -> s.entry()).toList(),
                store.checkpoints(1, 10), service.key().publicKey(), true, store.head(), null);

        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadKind()).isEqualTo("FORGED_CHECKPOINT");
        assertThat(report.firstBadSeq()).isEqualTo(10);
    }

    @Test
    void shouldRefuseACheckpointWhoseSignedHeadWasChanged() {
        tenExchanges();
        jdbc.sql("update exchange_log_checkpoint set head_hash = :h where seq = 10")
                .param("h", "ab".repeat(32)).update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.problems()).extracting(ChainVerifier.Problem::kind).contains("FORGED_CHECKPOINT");
    }

    @Test
    void shouldDetectAChainRewrittenFromTheMiddleThroughTheSignedCheckpoint() {
        tenExchanges();
        // An insider without the signing key changes entry 3 and re-chains everything after it consistently.
        List<ChainVerifier.Entry> all = store.entries(1, 10).stream().map(ExchangeLogStore.Stored::entry).toList();
        String prev = all.get(1).entryHash();
        for (ChainVerifier.Entry e : all.subList(2, all.size())) {
            ChainVerifier.Entry changed = new ChainVerifier.Entry(e.seq(), e.recordedAtMillis(), e.agency(),
                    e.direction(), e.messageType(), e.seq() == 3 ? "forged" : e.messageId(), e.disputeId(),
                    e.contentType(), e.bodyLength(), e.bodyDigest(), prev, null);
            String h = ChainVerifier.entryHash(prev, changed);
            jdbc.sql("update exchange_log_entry set message_id = :m, prev_hash = :p, entry_hash = :h where seq = :s")
                    .param("m", changed.messageId()).param("p", prev).param("h", h).param("s", e.seq()).update();
            prev = h;
        }
        jdbc.sql("update exchange_log_head set last_hash = :h").param("h", prev).update();

        ChainVerifier.Report report = service.verify();

        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadKind()).isEqualTo("REWRITTEN");
        assertThat(report.firstBadSeq()).isEqualTo(1);
    }

    @Test
    void shouldNeverForkTheChainWhenSeveralNodesSealAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int node = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        ExchangeLog.record("grid", Direction.IN, "event-push", node + "-" + i, null, "application/json",
                                new byte[] {(byte) node, (byte) i});
                        service.sealRound();
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        ChainVerifier.Report report = service.verify();

        assertThat(report.valid()).as(report.summary()).isTrue();
        assertThat(report.entries()).isEqualTo(100);
        assertThat(jdbc.sql("select count(distinct seq) from exchange_log_entry").query(Long.class).single())
                .isEqualTo(100);
    }

    @Test
    void shouldVerifyAnExportOfflineAndNameATamperedLineOfIt() throws Exception {
        tenExchanges();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        service.export(Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"), zip);
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                Files.write(bundle.resolve(z.getName()), in.readAllBytes());
            }
        }
        assertThat(bundle.resolve("ChainVerifier.java")).exists();
        assertThat(Files.readString(bundle.resolve("entries.tsv"))).doesNotContain("张三");

        ChainVerifier.Report clean = ChainVerifier.verifyBundle(ChainVerifier.readBundle(bundle),
                service.key().publicKey());
        assertThat(clean.valid()).as(clean.summary()).isTrue();
        assertThat(clean.entries()).isEqualTo(10);

        List<String> lines = new ArrayList<>(Files.readAllLines(bundle.resolve("entries.tsv")));
        lines.set(3, lines.get(3).replace("\tIN\t", "\tOUT\t").replace("\tOUT\tmsg", "\tIN\tmsg")); // seq 3
        Files.write(bundle.resolve("entries.tsv"), lines);

        ChainVerifier.Report tampered = ChainVerifier.verifyBundle(ChainVerifier.readBundle(bundle), null);
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.firstBadSeq()).isEqualTo(3);

        // The shipped source alone, run by a bare JDK as an auditor would, reaches the same verdict.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), bundle.resolve("ChainVerifier.java").toString(),
                bundle.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("INVALID: first bad seq 3");
    }
}
