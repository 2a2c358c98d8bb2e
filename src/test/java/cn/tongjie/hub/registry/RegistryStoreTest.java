package cn.tongjie.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.tongjie.hub.registry.DisputeRegistry.DisputeQuery;
import cn.tongjie.hub.registry.DisputeRegistry.SnapshotVersion;
import cn.tongjie.hub.registry.DisputeRegistry.Xref;
import cn.tongjie.hub.registry.Outbox.OutboxMessage;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry's repositories on the real Flyway schema, on H2 (PostgreSQL mode) and, when
 * {@code TONGJIE_TEST_PG_URL} is set, on PostgreSQL: every test runs once per database.
 */
class RegistryStoreTest {

    private static final ZoneId HUB_ZONE = ZoneId.of("Asia/Shanghai");
    /** 2026-11-28 14:20 in 通辽. */
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-28T14:20:00+08:00");
    private static final String LEGAL = "legal-service";

    /** Names from the common cast: non-BMP 𠮷 (U+20BB7, P19) and the middle dot · (U+00B7, P03). */
    private static final String ZHAO = "赵\uD842\uDFB7安";
    private static final String ERDUN = "额尔敦\u00B7巴雅尔";

    private static final List<RegistryTestDatabase> DATABASES = RegistryTestDatabase.available();

    static Stream<RegistryTestDatabase> databases() {
        return DATABASES.stream();
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (RegistryTestDatabase db : DATABASES) {
            db.drop();
        }
    }

    /** The repositories over one emptied database, all on the same fixed clock. */
    private static final class Store {
        final DataSource dataSource;
        final JdbcClient jdbc;
        final TransactionTemplate tx;
        final Clock clock;
        final DisputeRegistry registry;
        final QuarantineStore quarantine;
        final InboundLog inbound;
        final Outbox outbox;
        final Assignments assignments;
        final HubIds hubIds;

        Store(RegistryTestDatabase db) {
            this(db.freshDataSource(), Clock.fixed(NOW.toInstant(), HUB_ZONE));
        }

        private Store(DataSource dataSource, Clock clock) {
            this.dataSource = dataSource;
            this.jdbc = JdbcClient.create(dataSource);
            this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            this.clock = clock;
            this.registry = new DisputeRegistry(jdbc, clock);
            this.quarantine = new QuarantineStore(jdbc, clock);
            this.inbound = new InboundLog(jdbc, clock);
            this.outbox = new Outbox(jdbc, clock, event -> { });
            this.assignments = new Assignments(jdbc, clock, event -> { });
            this.hubIds = new HubIds(jdbc, clock, HUB_ZONE, new DataSourceTransactionManager(dataSource));
        }

        /** The same database seen at another (fixed) moment. */
        Store at(OffsetDateTime moment) {
            return new Store(dataSource, Clock.fixed(moment.toInstant(), HUB_ZONE));
        }

        void inTransaction(Runnable work) {
            tx.executeWithoutResult(status -> work.run());
        }
    }

    // ------------------------------------------------------------------ DisputeRegistry

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldFindCreatedDisputeWithEveryFieldIntact(RegistryTestDatabase db) {
        Store s = new Store(db);
        String snapshot = "{\"disputeId\":\"TJ-20261128-000001\",\"parties\":[{\"name\":\"" + ZHAO + "\"},{\"name\":\""
                + ERDUN + "\"}],\"summary\":\"通道堆物\\n推搡\"}";
        Dispute d = new Dispute("TJ-20261128-000001", DisputeStatus.REGISTERED, null, "NEIGHBOUR", "150502001001",
                "police", "POLICE_HANDOVER", "J150502202611270087", "20261127214810", true, false, false, snapshot,
                NOW, NOW.plusMinutes(1));

        s.inTransaction(() -> s.registry.create(d));

        Dispute found = s.registry.find("TJ-20261128-000001").orElseThrow();
        assertThat(found).usingRecursiveComparison().ignoringFields("createdAt", "updatedAt").isEqualTo(d);
        assertThat(found.snapshot()).isEqualTo(snapshot);
        assertThat(found.createdAt().toInstant()).isEqualTo(NOW.toInstant());
        assertThat(found.updatedAt().toInstant()).isEqualTo(NOW.plusMinutes(1).toInstant());
        assertThat(s.registry.find("TJ-20261128-000002")).isEmpty();
        assertThat(s.registry.now().toInstant()).isEqualTo(NOW.toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldFindDisputeByCrossReferenceAndAddEachReferenceOnce(RegistryTestDatabase db) {
        Store s = new Store(db);
        s.inTransaction(() -> {
            s.registry.create(dispute("TJ-20261128-000001", "150502001001", DisputeStatus.REGISTERED, NOW));
            s.registry.create(dispute("TJ-20261128-000002", "150502003001", DisputeStatus.REGISTERED, NOW));
            s.registry.addXref("TJ-20261128-000001", "police", "jjdbh", "J150502202611270087");
            s.registry.addXref("TJ-20261128-000001", "police", "jjdbh", "J150502202611270087");
            s.registry.addXref("TJ-20261128-000001", LEGAL, "caseNo", "RMTJ-150502-2026-000123");
        });
        // a redelivered message adds the same reference again, in a later transaction
        s.inTransaction(() -> s.registry.addXref("TJ-20261128-000001", "police", "jjdbh", "J150502202611270087"));

        assertThat(s.registry.findByXref("police", "jjdbh", "J150502202611270087"))
                .map(Dispute::disputeId).contains("TJ-20261128-000001");
        assertThat(s.registry.findByXref(LEGAL, "caseNo", "RMTJ-150502-2026-000123"))
                .map(Dispute::disputeId).contains("TJ-20261128-000001");
        assertThat(s.registry.findByXref("police", "jjdbh", "J150502202611270088")).isEmpty();
        assertThat(s.registry.findByXref(LEGAL, "jjdbh", "J150502202611270087")).isEmpty();
        assertThat(s.registry.xrefs("TJ-20261128-000001")).containsExactlyInAnyOrder(
                new Xref("police", "jjdbh", "J150502202611270087"),
                new Xref(LEGAL, "caseNo", "RMTJ-150502-2026-000123"));
        assertThat(s.registry.xrefs("TJ-20261128-000002")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldKeepEveryReplacedSnapshotInHistory(RegistryTestDatabase db) {
        Store s = new Store(db);
        Dispute v1 = dispute("TJ-20261128-000001", "150502001001", DisputeStatus.REGISTERED, NOW);
        s.inTransaction(() -> s.registry.create(v1));

        Store later = s.at(NOW.plusHours(12));
        later.inTransaction(() -> {
            Dispute current = later.registry.findForUpdate(v1.disputeId()).orElseThrow();
            later.registry.replaceSnapshot(current, "{\"v\":2,\"name\":\"" + ZHAO + "\"}", "20261128092000", "NEIGHBOUR",
                    "150502001001001", false, true);
        });
        Store evenLater = s.at(NOW.plusDays(1));
        evenLater.inTransaction(() -> {
            Dispute current = evenLater.registry.findForUpdate(v1.disputeId()).orElseThrow();
            evenLater.registry.replaceSnapshot(current, "{\"v\":3}", "20261129100000", "PROPERTY_MANAGEMENT",
                    "150502003001", true, true);
        });

        Dispute current = s.registry.find(v1.disputeId()).orElseThrow();
        assertThat(current.snapshot()).isEqualTo("{\"v\":3}");
        assertThat(current.sourceVersion()).isEqualTo("20261129100000");
        assertThat(current.category()).isEqualTo("PROPERTY_MANAGEMENT");
        assertThat(current.regionCode()).isEqualTo("150502003001");
        assertThat(current.urgent()).isTrue();
        assertThat(current.mass()).isTrue();
        assertThat(current.createdAt().toInstant()).isEqualTo(NOW.toInstant());
        assertThat(current.updatedAt().toInstant()).isEqualTo(NOW.plusDays(1).toInstant());

        List<SnapshotVersion> history = s.registry.history(v1.disputeId());
        assertThat(history).extracting(SnapshotVersion::sourceVersion, SnapshotVersion::snapshot).containsExactly(
                tuple(v1.sourceVersion(), v1.snapshot()),
                tuple("20261128092000", "{\"v\":2,\"name\":\"" + ZHAO + "\"}"));
        assertThat(history.get(0).replacedAt().toInstant()).isEqualTo(NOW.plusHours(12).toInstant());
        assertThat(history.get(1).replacedAt().toInstant()).isEqualTo(NOW.plusDays(1).toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldLeaveSnapshotAndHistoryUntouchedWhenTheReplacingTransactionRollsBack(RegistryTestDatabase db) {
        Store s = new Store(db);
        Dispute v1 = dispute("TJ-20261128-000001", "150502001001", DisputeStatus.REGISTERED, NOW);
        s.inTransaction(() -> s.registry.create(v1));

        s.tx.executeWithoutResult(status -> {
            s.registry.replaceSnapshot(v1, "{\"v\":2}", "20261128092000", "NEIGHBOUR", "150502001001", false, false);
            status.setRollbackOnly();
        });

        assertThat(s.registry.find(v1.disputeId()).orElseThrow().snapshot()).isEqualTo(v1.snapshot());
        assertThat(s.registry.history(v1.disputeId())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldOrderTimelineByOccurredAtThenByRecordingOrder(RegistryTestDatabase db) {
        Store s = new Store(db);
        String id = "TJ-20261128-000001";
        s.inTransaction(() -> {
            s.registry.create(dispute(id, "150502001001", DisputeStatus.REGISTERED, NOW));
            // recorded in arrival order, which is not the order in which things happened (legal-service §7.3)
            s.registry.addTimeline(id, OffsetDateTime.parse("2026-12-03T16:40:00+08:00"), "mediation.concluded", LEGAL,
                    Direction.IN, "CONCLUDED SUCCESS", "{}");
            s.registry.addTimeline(id, OffsetDateTime.parse("2026-11-28T14:20:00+08:00"), "mediation.accepted", LEGAL,
                    Direction.IN, "ACCEPTED", null);
            s.registry.addTimeline(id, OffsetDateTime.parse("2026-11-28T14:25:30+08:00"), "mediation.mediator-assigned",
                    LEGAL, Direction.IN, "调解员 乌兰", null);
            // same instant as ACCEPTED, recorded later: after it
            s.registry.addTimeline(id, OffsetDateTime.parse("2026-11-28T06:20:00Z"), "feedback.sent", "police",
                    Direction.OUT, "czjg 01", null);
            // 06:30 UTC is 14:30 in 通辽: after 14:25:30+08:00 although its local clock reading is earlier
            s.registry.addTimeline(id, OffsetDateTime.parse("2026-11-28T06:30:00Z"), "dispute.assigned", "hub",
                    Direction.INTERNAL, "assigned", null);
        });

        List<TimelineEntry> timeline = s.registry.timeline(id);

        assertThat(timeline).extracting(TimelineEntry::eventType).containsExactly("mediation.accepted", "feedback.sent",
                "mediation.mediator-assigned", "dispute.assigned", "mediation.concluded");
        assertThat(timeline).extracting(TimelineEntry::direction)
                .containsExactly(Direction.IN, Direction.OUT, Direction.IN, Direction.INTERNAL, Direction.IN);
        assertThat(timeline.get(2).summary()).isEqualTo("调解员 乌兰");
        assertThat(timeline.get(4).payload()).isEqualTo("{}");
        assertThat(timeline.get(0).payload()).isNull();
        assertThat(timeline.get(0).recordedAt().toInstant()).isEqualTo(NOW.toInstant());
        assertThat(timeline.get(4).occurredAt().toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-12-03T16:40:00+08:00").toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldRecordEachFactOnceSoDownstreamActionsRunOnce(RegistryTestDatabase db) {
        Store s = new Store(db);
        s.inTransaction(() -> {
            s.registry.create(dispute("TJ-20261128-000001", "150502001001", DisputeStatus.REGISTERED, NOW));
            s.registry.create(dispute("TJ-20261128-000002", "150502001001", DisputeStatus.REGISTERED, NOW));
        });

        assertThat(s.registry.hasFact("TJ-20261128-000001", "resolved")).isFalse();
        Boolean first = s.tx.execute(st -> s.registry.recordFact("TJ-20261128-000001", "resolved"));
        Boolean second = s.tx.execute(st -> s.registry.recordFact("TJ-20261128-000001", "resolved"));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(s.registry.recordFact("TJ-20261128-000001", "resolved")).isFalse();
        assertThat(s.registry.hasFact("TJ-20261128-000001", "resolved")).isTrue();
        assertThat(s.registry.recordFact("TJ-20261128-000001", "police-feedback-02")).isTrue();
        assertThat(s.registry.recordFact("TJ-20261128-000002", "resolved")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldSearchByReferenceRegionPrefixAndStatus(RegistryTestDatabase db) {
        Store s = new Store(db);
        s.inTransaction(() -> {
            s.registry.create(dispute("TJ-20261127-000041", "150502001001", DisputeStatus.ASSIGNED, NOW.minusDays(1)));
            s.registry.create(dispute("TJ-20261128-000001", "150502003001", DisputeStatus.REGISTERED, NOW));
            s.registry.create(dispute("TJ-20261128-000002", "150523100001", DisputeStatus.REGISTERED, NOW.plusHours(1)));
            s.registry.create(dispute("TJ-20261128-000003", "150571001001", DisputeStatus.CONCLUDED, NOW.plusHours(2)));
            s.registry.addXref("TJ-20261127-000041", "police", "jjdbh", "J150502202611270087");
            s.registry.addXref("TJ-20261127-000041", LEGAL, "caseNo", "RMTJ-150502-2026-000123");
            s.registry.addXref("TJ-20261128-000002", "petition", "xfjbh", "XF150523202611260001");
        });

        assertThat(ids(s.registry.search(query("J150502202611270087", null, null, null))))
                .containsExactly("TJ-20261127-000041");
        assertThat(ids(s.registry.search(query("RMTJ-150502-2026-000123", null, null, null))))
                .containsExactly("TJ-20261127-000041");
        assertThat(ids(s.registry.search(query("TJ-20261128-000002", null, null, null))))
                .containsExactly("TJ-20261128-000002");
        assertThat(ids(s.registry.search(new DisputeQuery("J150502202611270087", LEGAL, null, null, 50)))).isEmpty();
        assertThat(ids(s.registry.search(new DisputeQuery(null, "petition", null, null, 50))))
                .containsExactly("TJ-20261128-000002");
        // newest first
        assertThat(ids(s.registry.search(query(null, null, "150502", null))))
                .containsExactly("TJ-20261128-000001", "TJ-20261127-000041");
        assertThat(ids(s.registry.search(query(null, null, "150502001", null)))).containsExactly("TJ-20261127-000041");
        assertThat(ids(s.registry.search(query(null, null, "15057", null)))).containsExactly("TJ-20261128-000003");
        assertThat(ids(s.registry.search(query(null, null, "1505", null)))).containsExactly("TJ-20261128-000003",
                "TJ-20261128-000002", "TJ-20261128-000001", "TJ-20261127-000041");
        assertThat(ids(s.registry.search(query(null, "REGISTERED", null, null))))
                .containsExactly("TJ-20261128-000002", "TJ-20261128-000001");
        assertThat(ids(s.registry.search(query(null, "REGISTERED", "150502", null)))).containsExactly("TJ-20261128-000001");
        assertThat(ids(s.registry.search(query(null, null, null, null)))).hasSize(4).first().isEqualTo("TJ-20261128-000003");
        assertThat(ids(s.registry.search(new DisputeQuery(null, null, null, null, 2))))
                .containsExactly("TJ-20261128-000003", "TJ-20261128-000002");
        assertThat(ids(s.registry.search(query(null, "UNRESOLVED", null, null)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldFindDisputesByAPartysNameAndByCreationDay(RegistryTestDatabase db) {
        Store s = new Store(db);
        s.inTransaction(() -> {
            s.registry.create(withParties(dispute("TJ-20261127-000051", "150502001001", DisputeStatus.ASSIGNED,
                    NOW.minusDays(1)), "巴特尔", "王丽"));
            s.registry.create(withParties(dispute("TJ-20261128-000052", "150502001001", DisputeStatus.ASSIGNED, NOW),
                    "王丽华", "赵𠮷安"));
            // the name only in the summary, not as a party: not a match
            s.registry.create(new Dispute("TJ-20261128-000053", DisputeStatus.ASSIGNED, null, "NEIGHBOUR",
                    "150502001001", "police", "POLICE_HANDOVER", "J1", "1", false, false, false,
                    "{\"summary\":\"巴特尔的邻居\",\"parties\":[{\"name\":\"甲\"}]}", NOW, NOW));
        });

        assertThat(ids(s.registry.search(party("巴特尔", null, null)))).containsExactly("TJ-20261127-000051");
        assertThat(ids(s.registry.search(party("王丽", null, null))))
                .containsExactly("TJ-20261128-000052", "TJ-20261127-000051");
        assertThat(ids(s.registry.search(party("𠮷", null, null)))).containsExactly("TJ-20261128-000052");
        // LIKE wildcards in the query are literal
        assertThat(ids(s.registry.search(party("%", null, null)))).isEmpty();
        assertThat(ids(s.registry.search(party("王丽", NOW.minusHours(1), null)))).containsExactly("TJ-20261128-000052");
        assertThat(ids(s.registry.search(party("王丽", null, NOW.minusHours(1))))).containsExactly("TJ-20261127-000051");
    }

    // ------------------------------------------------------------------ QuarantineStore

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldKeepQuarantinedKeyValueAndHeadersByteExact(RegistryTestDatabase db) {
        Store s = new Store(db);
        byte[] key = "J150571202611280008".getBytes(StandardCharsets.UTF_8);
        // UTF-8 BOM + truncated JSON (the poison sample) followed by bytes that are not UTF-8 at all
        byte[] value = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"sv\":\"1.2\",\"bjrxm\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC1, (byte) 0xF5, (byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xC3, 0x28, (byte) 0x80});
        String headers = "{\"police-msg-id\":\"1a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c17\",\"police-sent-at\":\"20261128112000\","
                + "\"x-note\":\"" + ZHAO + "\"}";
        String reasons = "[{\"code\":\"VALUE_NOT_JSON\",\"pointer\":\"$\",\"detail\":\"value starts with a UTF-8 BOM\"}]";
        OffsetDateTime recordTs = OffsetDateTime.parse("2026-11-28T11:20:00.123+08:00");

        long id = s.quarantine.add(new QuarantineEntry(null, "police", "police.110.dispute-handover", 3, 41L, recordTs,
                key, value, headers, reasons, "VALUE_NOT_JSON", null, null));

        List<QuarantineEntry> open = s.quarantine.list("OPEN", 10);
        assertThat(open).hasSize(1);
        QuarantineEntry e = open.get(0);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.keyBytes()).isEqualTo(key);
        assertThat(e.valueBytes()).isEqualTo(value);
        assertThat(e.headersJson()).isEqualTo(headers);
        assertThat(e.reasonsJson()).isEqualTo(reasons);
        assertThat(e.primaryReason()).isEqualTo("VALUE_NOT_JSON");
        assertThat(e.agency()).isEqualTo("police");
        assertThat(e.source()).isEqualTo("police.110.dispute-handover");
        assertThat(e.kafkaPartition()).isEqualTo(3);
        assertThat(e.kafkaOffset()).isEqualTo(41L);
        assertThat(e.recordTimestamp().toInstant()).isEqualTo(recordTs.toInstant());
        assertThat(e.status()).isEqualTo("OPEN");
        assertThat(e.quarantinedAt().toInstant()).isEqualTo(NOW.toInstant());
        assertThat(s.quarantine.list(null, 10)).extracting(QuarantineEntry::id).containsExactly(id);
        assertThat(s.quarantine.list("RESOLVED", 10)).isEmpty();
        assertThat(s.quarantine.countOpen()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldQuarantineTheSameKafkaRecordOnlyOnce(RegistryTestDatabase db) {
        Store s = new Store(db);
        long first = s.quarantine.add(poison(3, 41L));
        // redelivery after a crash before the commit: same topic, partition and offset
        long again = s.quarantine.add(poison(3, 41L));
        long nextOffset = s.quarantine.add(poison(3, 42L));
        long otherPartition = s.quarantine.add(poison(4, 41L));

        assertThat(again).isEqualTo(first);
        assertThat(nextOffset).isNotEqualTo(first);
        assertThat(otherPartition).isNotIn(first, nextOffset);
        assertThat(s.quarantine.countOpen()).isEqualTo(3);
        assertThat(s.quarantine.list("OPEN", 10)).extracting(QuarantineEntry::kafkaPartition, QuarantineEntry::kafkaOffset)
                .containsExactly(tuple(4, 41L), tuple(3, 42L), tuple(3, 41L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldKeepEveryQuarantinedMessageThatHasNoKafkaPosition(RegistryTestDatabase db) {
        Store s = new Store(db);
        QuarantineEntry http = new QuarantineEntry(null, LEGAL, "POST /api/legal-service/v1/events", null, null, null,
                null, "{\"eventType\":\"REOPENED\"}".getBytes(StandardCharsets.UTF_8), null, "[]", "VALIDATION_FAILED",
                null, null);

        long a = s.quarantine.add(http);
        long b = s.quarantine.add(http);

        assertThat(b).isNotEqualTo(a);
        assertThat(s.quarantine.countOpen()).isEqualTo(2);
        assertThat(s.quarantine.list("OPEN", 10)).allSatisfy(e -> {
            assertThat(e.kafkaPartition()).isNull();
            assertThat(e.kafkaOffset()).isNull();
            assertThat(e.keyBytes()).isNull();
        });
    }

    // ------------------------------------------------------------------ InboundLog

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldRememberWhatBecameOfEachInboundMessage(RegistryTestDatabase db) {
        Store s = new Store(db);
        s.inTransaction(() -> {
            s.registry.create(dispute("TJ-20261128-000001", "150502001001", DisputeStatus.REGISTERED, NOW));
            s.inbound.record("police", "J150502202611270087", "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01", "CREATED",
                    "TJ-20261128-000001");
            s.inbound.record("police", "J150502202611270087", "7b1a4d63-2c8f-4e3b-8a71-4d2e3f5c6b02", "CORRECTED",
                    "TJ-20261128-000001");
            s.inbound.record("police", "J150502202611270099", "8c2b5e74-3d9a-4f4c-9b82-5e3f4a6d7c03", "STALE", null);
        });

        assertThat(s.inbound.outcomeOf("police", "J150502202611270087", "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01"))
                .contains("CREATED");
        assertThat(s.inbound.outcomeOf("police", "J150502202611270087", "7b1a4d63-2c8f-4e3b-8a71-4d2e3f5c6b02"))
                .contains("CORRECTED");
        assertThat(s.inbound.outcomeOf("police", "J150502202611270099", "8c2b5e74-3d9a-4f4c-9b82-5e3f4a6d7c03"))
                .contains("STALE");
        assertThat(s.inbound.outcomeOf("police", "J150502202611270087", "8c2b5e74-3d9a-4f4c-9b82-5e3f4a6d7c03")).isEmpty();
        assertThat(s.inbound.outcomeOf(LEGAL, "J150502202611270087", "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldRefuseToRecordTheSameInboundMessageTwice(RegistryTestDatabase db) {
        Store s = new Store(db);
        s.inbound.record("police", "J150502202611270087", "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01", "CREATED", null);

        assertThatThrownBy(() -> s.inbound.record("police", "J150502202611270087",
                "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01", "DUPLICATE", null))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(s.inbound.outcomeOf("police", "J150502202611270087", "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01"))
                .contains("CREATED");
    }

    // ------------------------------------------------------------------ Outbox

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldRelayPendingOutboxMessagesInCreationOrderUntilSent(RegistryTestDatabase db) {
        Store s = new Store(db);
        String headers = "{\"hub-msg-id\":\"0d7e2f9a-1111-4b2c-8d3e-5f6a7b8c9d01\",\"hub-sent-at\":\"20261128142000\"}";
        s.inTransaction(() -> {
            s.outbox.enqueue("police.110.dispute-feedback", "J150502202611270087", headers,
                    "{\"czjg\":\"01\",\"tjr\":\"乌兰\"}");
            s.outbox.enqueue("tongjie.dispute.events", "TJ-20261128-000001", null, "{\"type\":\"dispute.registered\"}");
            s.outbox.enqueue("police.110.dispute-feedback", "J150502202611270087", headers,
                    "{\"czjg\":\"02\",\"fknr\":\"" + ZHAO + "与巴特尔达成协议\"}");
        });

        List<OutboxMessage> pending = s.outbox.pending(10);
        assertThat(pending).extracting(OutboxMessage::payload).containsExactly("{\"czjg\":\"01\",\"tjr\":\"乌兰\"}",
                "{\"type\":\"dispute.registered\"}", "{\"czjg\":\"02\",\"fknr\":\"" + ZHAO + "与巴特尔达成协议\"}");
        assertThat(pending.get(0).destination()).isEqualTo("police.110.dispute-feedback");
        assertThat(pending.get(0).key()).isEqualTo("J150502202611270087");
        assertThat(pending.get(0).headersJson()).isEqualTo(headers);
        assertThat(pending.get(1).headersJson()).isNull();
        assertThat(pending).extracting(OutboxMessage::attempts).containsOnly(0);
        assertThat(s.outbox.pending(2)).extracting(OutboxMessage::id)
                .containsExactly(pending.get(0).id(), pending.get(1).id());
        assertThat(s.outbox.countPending()).isEqualTo(3);

        s.outbox.markFailedAttempt(pending.get(0).id(), "broker not available");
        assertThat(s.outbox.pending(10)).first().satisfies(m -> {
            assertThat(m.id()).isEqualTo(pending.get(0).id());
            assertThat(m.attempts()).isEqualTo(1);
        });

        s.outbox.markSent(pending.get(0).id());

        assertThat(s.outbox.pending(10)).extracting(OutboxMessage::id)
                .containsExactly(pending.get(1).id(), pending.get(2).id());
        assertThat(s.outbox.countPending()).isEqualTo(2);
        s.outbox.markSent(pending.get(1).id());
        s.outbox.markSent(pending.get(2).id());
        assertThat(s.outbox.pending(10)).isEmpty();
        assertThat(s.outbox.countPending()).isZero();
    }

    // ------------------------------------------------------------------ Assignments

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldDeliverDueAssignmentsInTheOrderTheyWereCreated(RegistryTestDatabase db) {
        Store s = new Store(db);
        createDisputes(s, "TJ-20261128-000001", "TJ-20261128-000002", "TJ-20261128-000003");
        // created in an order that is not the order of their references
        s.at(NOW).assignments.create("TJ-20261128-000003-01", "TJ-20261128-000003", 1, LEGAL, "TW15050200101",
                "西门街道人民调解委员会", "township-ximen", false, LocalDate.parse("2026-12-28"));
        s.at(NOW.plusSeconds(1)).assignments.create("TJ-20261128-000001-01", "TJ-20261128-000001", 1, LEGAL,
                "HY15050202", "科尔沁区物业纠纷人民调解委员会", "property-korqin-committee", true, LocalDate.parse("2026-12-28"));
        s.at(NOW.plusSeconds(2)).assignments.create("TJ-20261128-000002-01", "TJ-20261128-000002", 1, LEGAL,
                "TW15050000001", "通辽市矛盾纠纷多元化解中心人民调解委员会", "city-centre-default", false,
                LocalDate.parse("2026-12-28"));
        s.at(NOW.minusSeconds(5)).assignments.create("TJ-20261128-000002-02", "TJ-20261128-000002", 2, "womens-federation",
                "M04", "通辽市妇联婚姻家庭纠纷人民调解委员会", "family", true, LocalDate.parse("2026-12-28"));

        Store later = s.at(NOW.plusMinutes(1));
        assertThat(later.assignments.due(LEGAL, 10)).extracting(Assignment::externalRef)
                .containsExactly("TJ-20261128-000003-01", "TJ-20261128-000001-01", "TJ-20261128-000002-01");
        assertThat(later.assignments.due(LEGAL, 2)).extracting(Assignment::externalRef)
                .containsExactly("TJ-20261128-000003-01", "TJ-20261128-000001-01");
        assertThat(later.assignments.due("womens-federation", 10)).extracting(Assignment::externalRef)
                .containsExactly("TJ-20261128-000002-02");
        assertThat(later.assignments.countPending(LEGAL)).isEqualTo(3);

        Assignment a = s.assignments.find("TJ-20261128-000001-01").orElseThrow();
        assertThat(a.status()).isEqualTo(AssignmentStatus.PENDING);
        assertThat(a.disputeId()).isEqualTo("TJ-20261128-000001");
        assertThat(a.seq()).isEqualTo(1);
        assertThat(a.targetCode()).isEqualTo("HY15050202");
        assertThat(a.targetName()).isEqualTo("科尔沁区物业纠纷人民调解委员会");
        assertThat(a.ruleId()).isEqualTo("property-korqin-committee");
        assertThat(a.urgent()).isTrue();
        assertThat(a.dueDate()).isEqualTo(LocalDate.parse("2026-12-28"));
        assertThat(a.attempts()).isZero();
        assertThat(a.caseNo()).isNull();
        assertThat(a.performed()).isNull();
        assertThat(a.createdAt().toInstant()).isEqualTo(NOW.plusSeconds(1).toInstant());
        assertThat(a.nextAttemptAt().toInstant()).isEqualTo(NOW.plusSeconds(1).toInstant());
        assertThat(s.assignments.ofDispute("TJ-20261128-000002")).extracting(Assignment::seq).containsExactly(1, 2);
        assertThat(s.assignments.latestOf("TJ-20261128-000002")).map(Assignment::externalRef)
                .contains("TJ-20261128-000002-02");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldHideAssignmentUntilItsNextAttemptAfterRetryLater(RegistryTestDatabase db) {
        Store s = new Store(db);
        createDisputes(s, "TJ-20261128-000001");
        s.assignments.create("TJ-20261128-000001-01", "TJ-20261128-000001", 1, LEGAL, "TW15050200101",
                "西门街道人民调解委员会", "township-ximen", false, LocalDate.parse("2026-12-28"));
        assertThat(s.assignments.due(LEGAL, 10)).hasSize(1);

        // 503 maintenance: not before the later of Retry-After and maintenanceUntil
        OffsetDateTime next = NOW.plusHours(1);
        s.assignments.retryLater("TJ-20261128-000001-01", next, "503 SERVICE_UNAVAILABLE maintenance");

        assertThat(s.assignments.due(LEGAL, 10)).isEmpty();
        assertThat(s.at(next.minusSeconds(1)).assignments.due(LEGAL, 10)).isEmpty();
        assertThat(s.at(next).assignments.due(LEGAL, 10)).extracting(Assignment::externalRef)
                .containsExactly("TJ-20261128-000001-01");
        Assignment a = s.assignments.find("TJ-20261128-000001-01").orElseThrow();
        assertThat(a.status()).isEqualTo(AssignmentStatus.PENDING);
        assertThat(a.attempts()).isEqualTo(1);
        assertThat(a.lastError()).isEqualTo("503 SERVICE_UNAVAILABLE maintenance");
        assertThat(a.nextAttemptAt().toInstant()).isEqualTo(next.toInstant());
        assertThat(s.assignments.countPending(LEGAL)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldStopDeliveringAssignmentOnceTheAgencyReceivedIt(RegistryTestDatabase db) {
        Store s = new Store(db);
        createDisputes(s, "TJ-20261128-000001");
        s.assignments.create("TJ-20261128-000001-01", "TJ-20261128-000001", 1, LEGAL, "TW15050200101",
                "西门街道人民调解委员会", "township-ximen", false, LocalDate.parse("2026-12-28"));
        s.assignments.retryLater("TJ-20261128-000001-01", NOW, "read timed out");

        s.at(NOW.plusMinutes(1)).assignments.received("TJ-20261128-000001-01", "RMTJ-150502-2026-000123");

        Assignment a = s.assignments.find("TJ-20261128-000001-01").orElseThrow();
        assertThat(a.status()).isEqualTo(AssignmentStatus.RECEIVED);
        assertThat(a.caseNo()).isEqualTo("RMTJ-150502-2026-000123");
        assertThat(a.attempts()).isEqualTo(2);
        assertThat(a.lastError()).isNull();
        assertThat(a.nextAttemptAt()).isNull();
        assertThat(a.updatedAt().toInstant()).isEqualTo(NOW.plusMinutes(1).toInstant());
        assertThat(s.at(NOW.plusDays(1)).assignments.due(LEGAL, 10)).isEmpty();
        assertThat(s.assignments.countPending(LEGAL)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldNotMoveAcceptedCaseBackWhenTheCreateAnswerArrivesAfterTheFirstEvent(RegistryTestDatabase db) {
        Store s = new Store(db);
        createDisputes(s, "TJ-20261128-000001");
        s.assignments.create("TJ-20261128-000001-01", "TJ-20261128-000001", 1, LEGAL, "TW15050200101",
                "西门街道人民调解委员会", "township-ximen", false, LocalDate.parse("2026-12-28"));
        // legal-service §7.4: the ACCEPTED callback binds the caseNo before the 201 is stored
        s.assignments.bindCaseNo("TJ-20261128-000001-01", "RMTJ-150502-2026-000123");
        s.assignments.applyCaseState("TJ-20261128-000001-01", AssignmentStatus.ACCEPTED, null, null, null, null, null);

        s.assignments.received("TJ-20261128-000001-01", "RMTJ-150502-2026-000123");

        Assignment a = s.assignments.find("TJ-20261128-000001-01").orElseThrow();
        assertThat(a.status()).isEqualTo(AssignmentStatus.ACCEPTED);
        assertThat(a.caseNo()).isEqualTo("RMTJ-150502-2026-000123");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldStoreTheCaseStateDerivedFromTheEvents(RegistryTestDatabase db) {
        Store s = new Store(db);
        createDisputes(s, "TJ-20261128-000001");
        s.assignments.create("TJ-20261128-000001-01", "TJ-20261128-000001", 1, LEGAL, "TW15050200101",
                "西门街道人民调解委员会", "township-ximen", false, LocalDate.parse("2026-12-28"));
        s.assignments.received("TJ-20261128-000001-01", "RMTJ-150502-2026-000123");
        OffsetDateTime concludedAt = OffsetDateTime.parse("2026-12-03T16:40:00+08:00");

        s.at(NOW.plusDays(5)).assignments.applyCaseState("TJ-20261128-000001-01", AssignmentStatus.CONCLUDED, "SUCCESS",
                "乌兰", "15904753268", true, concludedAt);

        Assignment a = s.assignments.find("TJ-20261128-000001-01").orElseThrow();
        assertThat(a.status()).isEqualTo(AssignmentStatus.CONCLUDED);
        assertThat(a.status().open()).isFalse();
        assertThat(a.result()).isEqualTo("SUCCESS");
        assertThat(a.mediatorName()).isEqualTo("乌兰");
        assertThat(a.mediatorPhone()).isEqualTo("15904753268");
        assertThat(a.performed()).isTrue();
        assertThat(a.concludedAt().toInstant()).isEqualTo(concludedAt.toInstant());
        assertThat(a.caseNo()).isEqualTo("RMTJ-150502-2026-000123");
        assertThat(a.updatedAt().toInstant()).isEqualTo(NOW.plusDays(5).toInstant());

        // FOLLOW_UP says the agreement was not performed after all: the flag follows the latest event
        s.assignments.applyCaseState("TJ-20261128-000001-01", AssignmentStatus.CONCLUDED, "SUCCESS", "乌兰",
                "15904753268", false, concludedAt);
        assertThat(s.assignments.find("TJ-20261128-000001-01").orElseThrow().performed()).isFalse();
    }

    // ------------------------------------------------------------------ HubIds

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldNumberDisputeIdsPerDayOfTheClock(RegistryTestDatabase db) {
        Store s = new Store(db);
        Store nextDay = s.at(NOW.plusDays(1));

        assertThat(s.hubIds.nextDisputeId()).isEqualTo("TJ-20261128-000001");
        assertThat(s.hubIds.nextDisputeId()).isEqualTo("TJ-20261128-000002");
        assertThat(nextDay.hubIds.nextDisputeId()).isEqualTo("TJ-20261129-000001");
        assertThat(s.hubIds.nextDisputeId()).isEqualTo("TJ-20261128-000003");
        assertThat(nextDay.hubIds.nextDisputeId()).isEqualTo("TJ-20261129-000002");
        assertThat(HubIds.assignmentRef("TJ-20261128-000003", 1)).isEqualTo("TJ-20261128-000003-01");
        assertThat(HubIds.assignmentRef("TJ-20261128-000003", 12)).isEqualTo("TJ-20261128-000003-12");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldDateDisputeIdsByTheDayInTongliaoNotInUtc(RegistryTestDatabase db) {
        Store s = new Store(db);
        // 2026-11-28 16:30 UTC is already 2026-11-29 00:30 in 通辽; the clock itself is in UTC
        HubIds ids = new HubIds(s.jdbc, Clock.fixed(Instant.parse("2026-11-28T16:30:00Z"), ZoneOffset.UTC), HUB_ZONE,
                new DataSourceTransactionManager(s.dataSource));

        assertThat(ids.nextDisputeId()).isEqualTo("TJ-20261129-000001");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldKeepEveryDisputeIdUniqueAcrossManyCalls(RegistryTestDatabase db) {
        Store s = new Store(db);
        List<String> ids = Stream.generate(s.hubIds::nextDisputeId).limit(120).toList();

        assertThat(ids).doesNotHaveDuplicates().last().isEqualTo("TJ-20261128-000120");
        assertThat(ids).allMatch(id -> id.matches("TJ-20261128-\\d{6}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldNeverReuseADisputeIdAfterARestartButMayLeaveAGapOfOneBlock(RegistryTestDatabase db) {
        Store before = new Store(db);
        List<String> first = Stream.generate(before.hubIds::nextDisputeId).limit(3).toList();
        Store restarted = before.at(NOW); // a new HubIds on the same database, as after a restart or on a 2nd node

        String next = restarted.hubIds.nextDisputeId();

        assertThat(first).containsExactly("TJ-20261128-000001", "TJ-20261128-000002", "TJ-20261128-000003");
        assertThat(next).isEqualTo("TJ-20261128-" + String.format("%06d", HubIds.BLOCK + 1));
        assertThat(before.hubIds.nextDisputeId()).isEqualTo("TJ-20261128-000004");
        assertThat(jdbcLastValue(before, "20261128")).isEqualTo(2 * HubIds.BLOCK);
    }

    private static int jdbcLastValue(Store s, String day) {
        return s.jdbc.sql("select last_value from hub_id_sequence where seq_day = :d").param("d", day)
                .query(Integer.class).single();
    }

    // ------------------------------------------------------------------ non-ASCII

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void shouldRoundTripNamesWithNonBmpCharactersAndMiddleDotsExactly(RegistryTestDatabase db) {
        Store s = new Store(db);
        String names = ZHAO + "、" + ERDUN + "、张喆";
        assertThat(ZHAO.codePointCount(0, ZHAO.length())).isEqualTo(3);
        String snapshot = "{\"parties\":[{\"name\":\"" + ZHAO + "\"},{\"name\":\"" + ERDUN + "\"}]}";
        Dispute d = new Dispute("TJ-20261128-000001", DisputeStatus.REGISTERED, null, "NEIGHBOUR", "150502001001",
                "police", "POLICE_HANDOVER", "J150502202611270087", null, false, false, false, snapshot, NOW, NOW);
        s.inTransaction(() -> {
            s.registry.create(d);
            s.registry.addTimeline(d.disputeId(), NOW, "dispute.registered", "police", Direction.IN, names, snapshot);
            s.assignments.create("TJ-20261128-000001-01", d.disputeId(), 1, LEGAL, "TW15050200101",
                    "西门街道人民调解委员会", "township-ximen", false, LocalDate.parse("2026-12-28"));
            s.assignments.applyCaseState("TJ-20261128-000001-01", AssignmentStatus.IN_MEDIATION, null, ERDUN, null,
                    null, null);
            s.outbox.enqueue("police.110.dispute-feedback", "J150502202611270087", null, "{\"fknr\":\"" + names + "\"}");
        });

        assertThat(s.registry.find(d.disputeId()).orElseThrow().snapshot()).isEqualTo(snapshot);
        TimelineEntry t = s.registry.timeline(d.disputeId()).get(0);
        assertThat(t.summary()).isEqualTo(names);
        assertThat(t.payload()).isEqualTo(snapshot);
        assertThat(s.assignments.find("TJ-20261128-000001-01").orElseThrow().mediatorName()).isEqualTo(ERDUN);
        assertThat(s.outbox.pending(1).get(0).payload()).isEqualTo("{\"fknr\":\"" + names + "\"}");
        assertThat(s.registry.search(query(null, null, "150502", null)).get(0).snapshot())
                .contains(ZHAO).contains("\u00B7").doesNotContain("?").doesNotContain("\uFFFD");
    }

    // ------------------------------------------------------------------ helpers

    private static Dispute dispute(String id, String region, DisputeStatus status, OffsetDateTime createdAt) {
        return new Dispute(id, status, null, "NEIGHBOUR", region, "police", "POLICE_HANDOVER", "J" + id.substring(3),
                "20261127214810", false, false, false, "{\"disputeId\":\"" + id + "\",\"v\":1}", createdAt, createdAt);
    }

    private static void createDisputes(Store s, String... ids) {
        s.inTransaction(() -> {
            for (String id : ids) {
                s.registry.create(dispute(id, "150502001001", DisputeStatus.ASSIGNING, NOW));
            }
        });
    }

    private static Dispute withParties(Dispute d, String... names) {
        StringBuilder parties = new StringBuilder();
        for (String n : names) {
            parties.append(parties.length() == 0 ? "" : ",").append("{\"role\":\"APPLICANT\",\"name\":\"").append(n)
                    .append("\"}");
        }
        return new Dispute(d.disputeId(), d.status(), d.outcome(), d.category(), d.regionCode(), d.sourceAgency(),
                d.sourceChannel(), d.sourceRef(), d.sourceVersion(), d.urgent(), d.mass(), d.finalFedBack(),
                "{\"disputeId\":\"" + d.disputeId() + "\",\"parties\":[" + parties + "]}", d.createdAt(),
                d.updatedAt());
    }

    private static DisputeQuery party(String name, OffsetDateTime from, OffsetDateTime to) {
        return new DisputeQuery(null, null, null, null, 50, name, from, to);
    }

    private static DisputeQuery query(String ref, String status, String region, String agency) {
        return new DisputeQuery(ref, agency, status, region, 50);
    }

    private static List<String> ids(List<Dispute> disputes) {
        return disputes.stream().map(Dispute::disputeId).toList();
    }

    private static QuarantineEntry poison(int partition, long offset) {
        return new QuarantineEntry(null, "police", "police.110.dispute-handover", partition, offset, NOW,
                "J150571202611280008".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{'},
                "{}", "[{\"code\":\"VALUE_NOT_JSON\",\"pointer\":\"$\"}]", "VALUE_NOT_JSON", null, null);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
