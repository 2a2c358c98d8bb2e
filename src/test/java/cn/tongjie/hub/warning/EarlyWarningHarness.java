package cn.tongjie.hub.warning;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.correlation.Correlation;
import cn.tongjie.hub.it.TestDatabase;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeRegistry.Xref;
import cn.tongjie.hub.registry.DisputeStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link EarlyWarning} on a real migrated database (H2, or PostgreSQL when TONGJIE_TEST_PG_URL is set) with the
 * registry, correlation and event bus stubbed: disputes are kept here and canonical events are delivered by hand.
 * The store is a Mockito spy so a test can see which reads an event caused.
 */
final class EarlyWarningHarness implements AutoCloseable {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-28T12:00:00+08:00");

    final HikariDataSource dataSource;
    /** PostgreSQL only: the schema of this harness, dropped on close. */
    private final String pgSchema;
    final JdbcClient jdbc;
    final EarlyWarningStore store;
    final EarlyWarning warning;
    final Map<String, Dispute> disputes = new HashMap<>();
    final Map<String, List<Xref>> xrefs = new HashMap<>();
    /** Types of the early-warning events published, in order. */
    final List<EventType> published = new ArrayList<>();
    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private final AtomicInteger eventIds = new AtomicInteger();
    /** The hub's clock: one second passes per event, so members join alerts one after another as in the hub. */
    private final TickingClock clock = new TickingClock();

    EarlyWarningHarness() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.freshUrl("ew"));
        if (!TestDatabase.postgres()) {
            config.setUsername("sa");
        }
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        String url = config.getJdbcUrl();
        pgSchema = url.contains("currentSchema=") ? url.substring(url.indexOf("currentSchema=") + 14) : null;
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (pgSchema != null) {
            flyway.schemas(pgSchema);
        }
        flyway.load().migrate();
        jdbc = JdbcClient.create(dataSource);
        store = spy(new EarlyWarningStore(jdbc));

        EarlyWarningRules rules = mock(EarlyWarningRules.class);
        var shipped = EarlyWarningRules.parse(Files.readString(Path.of("config/early-warning.yaml")));
        when(rules.current()).thenReturn(shipped);
        DisputeRegistry registry = mock(DisputeRegistry.class);
        when(registry.find(anyString())).thenAnswer(i -> Optional.ofNullable(disputes.get(i.<String>getArgument(0))));
        when(registry.xrefs(anyString())).thenAnswer(i -> List.copyOf(xrefs.getOrDefault(i.getArgument(0), List.of())));
        when(registry.history(anyString())).thenReturn(List.of());
        Correlation correlation = mock(Correlation.class);
        when(correlation.attachedSnapshots(anyString())).thenReturn(List.of());
        CanonicalEvents events = mock(CanonicalEvents.class);
        when(events.parse(anyString())).thenAnswer(i -> {
            String[] idAndSubject = i.<String>getArgument(0).split("\\|");
            return new CloudEvent("1.0", idAndSubject[0], "test", "t", idAndSubject[1], null, null, null, null);
        });
        when(events.publishTo(anyString(), any(), anyString(), anyString(), any())).thenAnswer(i -> {
            published.add(i.getArgument(1));
            return null;
        });
        var webhook = new EarlyWarningProperties.Webhook(null, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 1, Duration.ofSeconds(1));
        var props = new EarlyWarningProperties(true, "classpath:config/early-warning.yaml", "early-warning",
                Duration.ofDays(7), webhook);
        warning = new EarlyWarning(store, rules, props, registry, events, mapper, clock, ZONE, correlation);
    }

    /**
     * A dispute reported {@code minutesAgo} before now in township 150581001 by the police, with {@code workers}
     * named applicants and, when {@code employer} is given, that company as respondent.
     */
    String report(int n, int minutesAgo, String category, String employer, int workers) {
        String id = "TJ-" + n;
        ObjectNode s = mapper.createObjectNode();
        s.put("disputeId", id);
        s.put("regionCode", "150581001001");
        s.put("reportedAt", NOW.minusMinutes(minutesAgo).toString());
        var parties = s.putArray("parties");
        for (int w = 0; w < workers; w++) {
            parties.addObject().put("role", "APPLICANT").put("partyType", "NATURAL_PERSON")
                    .put("idNumber", String.format("1505811990%04d%04d", n, w));
        }
        if (employer != null) {
            parties.addObject().put("role", "RESPONDENT").put("partyType", "LEGAL_PERSON").put("name", employer);
        }
        disputes.put(id, new Dispute(id, DisputeStatus.REGISTERED, null, category, "150581001001", "police", "110",
                "J" + n, "1", false, workers > 1, false, s.toString(), NOW, NOW));
        xrefs.computeIfAbsent(id, k -> new ArrayList<>()).add(new Xref("police", "jjdbh", "J" + n));
        return id;
    }

    /** One canonical event of the dispute (registered, assigned, feedback, … — early warning reads only the subject). */
    void event(String disputeId) {
        clock.tick();
        warning.onCanonicalEvent("ev-" + eventIds.incrementAndGet() + "|" + disputeId);
    }

    int count(String sql, Object... params) {
        var q = jdbc.sql(sql);
        for (Object p : params) {
            q = q.param(p);
        }
        return q.query(Integer.class).single();
    }

    private static final class TickingClock extends Clock {

        private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(NOW.toInstant());

        void tick() {
            now.updateAndGet(t -> t.plusSeconds(1));
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this; // the hub's zone is the only one asked for
        }

        @Override
        public java.time.Instant instant() {
            return now.get();
        }
    }

    @Override
    public void close() throws java.sql.SQLException {
        dataSource.close();
        if (pgSchema != null) {
            try (var c = java.sql.DriverManager.getConnection(System.getenv(TestDatabase.PG_ENV));
                    var st = c.createStatement()) {
                st.execute("drop schema " + pgSchema + " cascade");
            }
        }
    }
}
