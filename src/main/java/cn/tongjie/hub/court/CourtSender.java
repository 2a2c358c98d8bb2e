package cn.tongjie.hub.court;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.infra.CoalescingWakeup;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.Bus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Store-and-forward sender of the court outbox (table court_outbound) to each court's CourtIntake (contract §11, §13).
 *
 * <ul>
 * <li>Per object_key only the oldest unfinished row (PENDING/HELD) is eligible, so one delegation's Acknowledge is
 *     answered before its Result goes out; different keys go in parallel on a bounded pool.</li>
 * <li>A row is claimed with a conditional UPDATE of lease_owner/lease_until, so two hub nodes on one database never
 *     send it at the same time; a crashed node's lease expires and the row is taken again (the court deduplicates by
 *     messageId, so a resend after a lost answer is harmless).</li>
 * <li>Nothing is sent in the courts' maintenance window; a court whose breaker is open, or whose outbox an AUTH_FAILED
 *     stopped, is skipped without counting an attempt.</li>
 * <li>The answer and the row update happen in one transaction that also publishes {@link CourtOutbound.Answered}, so
 *     listeners advance the dispute atomically with the row.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "tongjie.court.enabled", havingValue = "true", matchIfMissing = true)
public class CourtSender {

    static final String AGENCY = "court";
    private static final Logger log = LoggerFactory.getLogger(CourtSender.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CourtProperties courts;
    private final CourtOutboundProperties cfg;
    private final ApplicationEventPublisher events;
    private final Alerts alerts;
    private final QuarantineStore quarantine;
    private final CourtSenderTransport transport;
    private final CircuitBreakerRegistry breakers;
    private final ExecutorService pool;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> unconfiguredWarned = ConcurrentHashMap.newKeySet();
    private final Map<String, long[]> stats = new ConcurrentHashMap<>();
    private final String nodeId = "node-" + UUID.randomUUID();
    private final CoalescingWakeup wakeup = new CoalescingWakeup("court-sender-wakeup", this::sendDue);

    CourtSender(JdbcClient jdbc, PlatformTransactionManager txManager, Clock clock, CourtProperties courts,
            CourtOutboundProperties cfg, ApplicationEventPublisher events, Alerts alerts, QuarantineStore quarantine,
            MeterRegistry meters, Bus bus) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        this.courts = courts;
        this.cfg = cfg;
        this.events = events;
        this.alerts = alerts;
        this.quarantine = quarantine;
        this.transport = new CourtSenderTransport(bus, cfg.connectTimeout(), cfg.readTimeout());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(cfg.breaker().failureRateThreshold())
                .minimumNumberOfCalls(cfg.breaker().minimumCalls())
                .slidingWindowSize(cfg.breaker().windowSize())
                .waitDurationInOpenState(cfg.breaker().openFor())
                .build());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(cfg.threads(), r -> {
            Thread t = new Thread(r, "court-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (String digits : courts.courts().keySet()) {
            // pending count and age of the oldest unfinished message: a court outage shows as both growing
            Gauge.builder("tongjie.court.outbound.pending", stats, s -> s.getOrDefault(digits, new long[2])[0])
                    .tag("court", digits).description("court messages not yet answered").register(meters);
            Gauge.builder("tongjie.court.outbound.oldest.age", stats, s -> s.getOrDefault(digits, new long[2])[1])
                    .tag("court", digits).baseUnit("seconds")
                    .description("age of the oldest court message not yet answered").register(meters);
        }
    }

    /** Wakes the sender once the enqueuing transaction committed (not before: the row would not be visible yet). */
    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(CourtOutbound.Queued queued) {
        wakeup.signal();
    }

    @PreDestroy
    void stop() {
        wakeup.close();
        pool.shutdownNow();
    }

    /**
     * One round: claims the due rows that may go now (oldest unfinished of their key, court not stopped, breaker
     * closed, outside the maintenance window) up to the free threads and starts sending them. Returns how many started.
     */
    public synchronized int sendDue() {
        Instant now = clock.instant();
        refreshStats(now);
        if (inMaintenance(now)) {
            return 0;
        }
        int free = cfg.threads() - inFlight.size();
        if (free <= 0) {
            return 0;
        }
        int started = 0;
        for (Row row : due(now, 200)) {
            if (started >= free) {
                break;
            }
            if (inFlight.contains(row.id())) {
                continue;
            }
            Optional<CourtProperties.Court> court = courts.court(row.courtCode());
            if (court.isEmpty() || blank(court.get().baseUrl()) || blank(court.get().hubPassword())) {
                if (unconfiguredWarned.add(row.courtCode())) {
                    log.warn("Court {} has no base-url/hub-password configured; its messages wait",
                            row.courtCode());
                }
                continue;
            }
            CircuitBreaker breaker = breaker(row.courtCode());
            if (!breaker.tryAcquirePermission()) {
                continue; // open: the court is left alone, the row stays PENDING and no attempt is counted
            }
            if (!claim(row.id(), now)) {
                breaker.releasePermission();
                continue;
            }
            inFlight.add(row.id());
            started++;
            pool.execute(() -> attempt(row, court.get(), breaker));
        }
        return started;
    }

    /** Resumes a court's outbox an AUTH_FAILED stopped. Returns whether it was stopped. */
    public boolean resume(String courtCode) {
        int deleted = jdbc.sql("delete from court_outbox_pause where court_code = :c").param("c", courtCode).update();
        breaker(courtCode).reset();
        if (deleted > 0) {
            log.info("Court outbox {} resumed by an operator", courtCode);
        }
        wakeup.signal();
        return deleted > 0;
    }

    public boolean isStopped(String courtCode) {
        return jdbc.sql("select count(*) from court_outbox_pause where court_code = :c").param("c", courtCode)
                .query(Long.class).single() > 0;
    }

    /** The court's circuit breaker state (CLOSED, OPEN, HALF_OPEN), for operators and tests. */
    public String breakerState(String courtCode) {
        return breaker(courtCode).getState().name();
    }

    // ------------------------------------------------------------------------------------------------ one attempt

    private void attempt(Row row, CourtProperties.Court court, CircuitBreaker breaker) {
        long startNanos = System.nanoTime();
        boolean breakerRecorded = false;
        try {
            ExchangeLog.record(AGENCY, ExchangeLog.Direction.OUT, row.operation(), row.messageId(), row.disputeId(), "text/xml", row.payload());
            String url = court.baseUrl() + "/intake";
            CourtSenderTransport.Answer answer = transport.send(url, row.operation(), row.payload(),
                    court.hubPassword(), clock.instant());
            boolean securityRetried = false;
            if (answer.kind() == CourtSenderTransport.Kind.SECURITY_RETRY) {
                // clock skew or a nonce clash: once more at once with a fresh header (contract §11)
                securityRetried = true;
                answer = transport.send(url, row.operation(), row.payload(), court.hubPassword(), clock.instant());
            }
            long took = System.nanoTime() - startNanos;
            if (answer.kind() == CourtSenderTransport.Kind.RETRY) {
                breaker.onError(took, TimeUnit.NANOSECONDS,
                        new HubException(ErrorCode.TJ_AGENCY_UNAVAILABLE, row.courtCode() + " " + answer.code()));
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            breakerRecorded = true;
            CourtSenderTransport.Answer a = answer;
            boolean skew = securityRetried;
            tx.executeWithoutResult(s -> apply(row, a, skew));
        } catch (RuntimeException e) {
            log.warn("Court message {} to {}: attempt failed in the hub ({}); retried later", row.messageId(),
                    row.courtCode(), e.toString());
            if (!breakerRecorded) {
                breaker.releasePermission();
            }
            jdbc.sql("update court_outbound set lease_owner = null, lease_until = null, next_attempt_at = :next, "
                    + "last_error = :err where id = :id and lease_owner = :me")
                    .param("next", utc(clock.instant().plus(cfg.backoffAfter(1)))).param("err", "HUB " + e.getClass()
                            .getSimpleName()).param("id", row.id()).param("me", nodeId).update();
        } finally {
            inFlight.remove(row.id());
            wakeup.signal(); // the next row of this key (or a waiting one) may go now
        }
    }

    private void apply(Row row, CourtSenderTransport.Answer a, boolean securityRetried) {
        Instant now = clock.instant();
        switch (a.kind()) {
            case ACCEPTED, REJECTED -> {
                String status = a.kind().name();
                int n = jdbc.sql("update court_outbound set status = :st, receipt_id = :rid, reason_code = :rc, "
                        + "answered_at = :now, attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, "
                        + ":now), last_error = null, lease_owner = null, lease_until = null "
                        + "where id = :id and lease_owner = :me and status = 'PENDING'")
                        .param("st", status).param("rid", a.receiptId()).param("rc", a.code()).param("now", utc(now))
                        .param("id", row.id()).param("me", nodeId).update();
                if (n == 1) {
                    log.info("Court message {} {} to {}: {}{}", row.operation(), row.messageId(), row.courtCode(),
                            status, a.code() == null ? "" : " " + a.code());
                    events.publishEvent(answered(row, status, a.code()));
                }
            }
            case FAILED -> {
                int n = jdbc.sql("update court_outbound set status = 'FAILED', reason_code = :rc, answered_at = :now, "
                        + "attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, :now), "
                        + "last_error = :rc, lease_owner = null, lease_until = null "
                        + "where id = :id and lease_owner = :me and status = 'PENDING'")
                        .param("rc", a.code()).param("now", utc(now)).param("id", row.id()).param("me", nodeId)
                        .update();
                if (n == 1) {
                    quarantine(row, a.code());
                    alerts.raise("ERROR", "COURT_MESSAGE_FAILED", AGENCY, row.disputeId(), row.operation() + " "
                            + row.messageId() + " to " + row.courtCode() + " answered " + a.code()
                            + "; not retried, quarantined for an operator");
                    events.publishEvent(answered(row, "FAILED", a.code()));
                }
            }
            case AUTH_FAILED -> {
                stopCourt(row, now);
                release(row, now, now, a.code(), true);
            }
            case RETRY, SECURITY_RETRY -> {
                if (inMaintenance(now)) {
                    // answered inside the window: does not count; try again when the window ends (contract §13)
                    release(row, now, nextWindowEnd(now), a.code(), false);
                    return;
                }
                int failures = row.attempts() + 1;
                Duration delay = cfg.backoffAfter(failures);
                if (a.retryAfter().isPresent() && a.retryAfter().get().compareTo(delay) > 0) {
                    delay = a.retryAfter().get();
                }
                release(row, now, now.plus(delay), a.code(), true);
                if (securityRetried) {
                    alerts.raise("WARN", "COURT_SECURITY_REJECTED", AGENCY, row.disputeId(), row.courtCode()
                            + " refused the hub's security header twice (" + a.code() + ") for " + row.messageId()
                            + "; check NTP on the hub; retried with back-off");
                }
                overdue(row, now);
            }
        }
    }

    private void release(Row row, Instant now, Instant next, String error, boolean counts) {
        jdbc.sql("update court_outbound set attempts = attempts + :inc, first_attempt_at = coalesce(first_attempt_at, "
                + ":now), next_attempt_at = :next, last_error = :err, lease_owner = null, lease_until = null "
                + "where id = :id and lease_owner = :me")
                .param("inc", counts ? 1 : 0).param("now", utc(now)).param("next", utc(next)).param("err", error)
                .param("id", row.id()).param("me", nodeId).update();
        log.info("Court message {} {} to {} not delivered ({}); next attempt at {}", row.operation(),
                row.messageId(), row.courtCode(), error, next);
    }

    /** One alert per message once it is undelivered for giveUpAlertAfter; it stays in the outbox (never dropped). */
    private void overdue(Row row, Instant now) {
        Instant first = row.firstAttemptAt() == null ? now : row.firstAttemptAt().toInstant();
        if (Duration.between(first, now).compareTo(cfg.giveUpAlertAfter()) >= 0) {
            int n = jdbc.sql("update court_outbound set overdue_alerted = true where id = :id and not overdue_alerted")
                    .param("id", row.id()).update();
            if (n == 1) {
                alerts.raise("ERROR", "COURT_DELIVERY_OVERDUE", AGENCY, row.disputeId(), row.operation() + " "
                        + row.messageId() + " to " + row.courtCode() + " undelivered since " + first
                        + "; still retried (never dropped), an operator should check the court link");
            }
        }
    }

    private void stopCourt(Row row, Instant now) {
        int n = jdbc.sql("insert into court_outbox_pause (court_code, paused_at, reason) select :c, :now, :r "
                + "where not exists (select 1 from court_outbox_pause where court_code = :c)")
                .param("c", row.courtCode()).param("now", utc(now)).param("r", "AUTH_FAILED for " + row.messageId())
                .update();
        if (n == 1) {
            alerts.raise("CRITICAL", "COURT_OUTBOX_STOPPED", AGENCY, row.disputeId(), row.courtCode()
                    + " answered AUTH_FAILED to tongjie-hub; nothing more is sent to this court until an operator "
                    + "fixes its hub-password and resumes (POST /api/admin/court/outbox/"
                    + CourtProperties.digits(row.courtCode()) + "/resume)");
        }
    }

    private void quarantine(Row row, String code) {
        String headers = "{\"operation\":\"" + row.operation() + "\",\"courtCode\":\"" + row.courtCode()
                + "\",\"objectKey\":\"" + row.objectKey() + "\",\"messageId\":\"" + row.messageId()
                + "\",\"outboundId\":" + row.id() + "}";
        String reasons = "[{\"code\":\"" + code + "\",\"pointer\":\"$\",\"detail\":\"court answered fault " + code
                + "\"}]";
        quarantine.add(new QuarantineEntry(null, AGENCY, "court-outbound/" + CourtProperties.digits(row.courtCode()),
                null, null, OffsetDateTime.now(clock), row.messageId().getBytes(StandardCharsets.UTF_8),
                row.payload().getBytes(StandardCharsets.UTF_8), headers, reasons, code, "OPEN", null));
    }

    private static CourtOutbound.Answered answered(Row row, String outcome, String reason) {
        return new CourtOutbound.Answered(row.id(), row.courtCode(), row.operation(), row.objectKey(),
                row.disputeId(), row.messageId(), outcome, reason);
    }

    // ------------------------------------------------------------------------------------------------ store

    private List<Row> due(Instant now, int limit) {
        return jdbc.sql("""
                select o.id, o.court_code, o.message_id, o.operation, o.object_key, o.dispute_id, o.payload,
                       o.attempts, o.first_attempt_at
                from court_outbound o
                where o.status = 'PENDING' and o.next_attempt_at <= :now
                  and (o.lease_until is null or o.lease_until < :now)
                  and not exists (select 1 from court_outbound p where p.object_key = o.object_key and p.id < o.id
                                  and p.status in ('PENDING', 'HELD'))
                  and not exists (select 1 from court_outbox_pause z where z.court_code = o.court_code)
                order by o.next_attempt_at, o.id
                limit\s""" + limit)
                .param("now", utc(now))
                .query((rs, i) -> new Row(rs.getLong("id"), rs.getString("court_code"), rs.getString("message_id"),
                        rs.getString("operation"), rs.getString("object_key"), rs.getString("dispute_id"),
                        rs.getString("payload"), rs.getInt("attempts"),
                        rs.getObject("first_attempt_at", OffsetDateTime.class)))
                .list();
    }

    /** Conditional claim: only one node (and one thread) wins a row whose lease is free or expired. */
    private boolean claim(long id, Instant now) {
        return jdbc.sql("update court_outbound set lease_owner = :me, lease_until = :until where id = :id "
                + "and status = 'PENDING' and (lease_until is null or lease_until < :now)")
                .param("me", nodeId).param("until", utc(now.plus(cfg.lease()))).param("id", id)
                .param("now", utc(now)).update() == 1;
    }

    private void refreshStats(Instant now) {
        Map<String, long[]> fresh = new ConcurrentHashMap<>();
        jdbc.sql("select court_code, count(*) as n, min(created_at) as oldest from court_outbound "
                + "where status in ('PENDING', 'HELD') group by court_code")
                .query(rs -> {
                    OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
                    long age = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toSeconds());
                    fresh.put(CourtProperties.digits(rs.getString("court_code")), new long[] {rs.getLong("n"), age});
                });
        stats.keySet().retainAll(fresh.keySet());
        stats.putAll(fresh);
    }

    private CircuitBreaker breaker(String courtCode) {
        return breakers.circuitBreaker("court-" + CourtProperties.digits(courtCode));
    }

    private boolean inMaintenance(Instant now) {
        return cfg.inMaintenance(now.atOffset(CourtTimes.BEIJING).toLocalTime());
    }

    private Instant nextWindowEnd(Instant now) {
        ZonedDateTime end = now.atZone(CourtTimes.BEIJING).with(cfg.maintenanceEnd());
        return end.toInstant().isAfter(now) ? end.toInstant() : end.plusDays(1).toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private record Row(long id, String courtCode, String messageId, String operation, String objectKey,
            String disputeId, String payload, int attempts, OffsetDateTime firstAttemptAt) {
    }
}
