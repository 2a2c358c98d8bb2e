package cn.tongjie.hub.petition;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due feedback rows (§6.4, §7.2): per xfjbh strictly in fkxh order, the next only after the previous got 200;
 * each attempt re-signs the identical stored body (fresh timestamp and nonce). Outages back off 30 s doubling up to
 * 30 min (429 waits at least Retry-After) until 72 h after the first attempt, then an operator alert; 400/401/404/409
 * are never retried automatically and raise an alert with the answer. A failed row holds back later rows of its xfjbh.
 */
@Component
class PetitionSender {

    private static final Logger log = LoggerFactory.getLogger(PetitionSender.class);
    static final String FEEDBACK_PATH = "/xf/api/v1/feedback";
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(72);
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);

    private final PetitionProperties props;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final Clock clock;
    // §7.2: connect 5 s (response 15 s per request below).
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PetitionSender(PetitionProperties props, JdbcClient jdbc, TransactionTemplate tx, DisputeRegistry registry,
            CanonicalEvents events, Alerts alerts, Clock clock) {
        this.props = props;
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.clock = clock;
    }

    record Row(String xfjbh, int fkxh, String blzt, String body, int attempts, OffsetDateTime firstAttemptAt) {
    }

    /** One round: the head row of every xfjbh whose turn it is; serialised so rounds never overlap. */
    /** §8: the one extension adds this many calendar days to bjqx. */
    static final int EXTENSION_DAYS = 30;

    synchronized void sendDue() {
        if (props.outboundAppSecret() == null || props.outboundAppSecret().isBlank()) {
            return; // not configured: rows stay queued (durable) until the 信访局's credentials are set
        }
        for (Row r : due()) {
            send(r);
        }
    }

    List<Row> due() {
        return jdbc.sql("""
                select f.* from petition_feedback f
                where f.status = 'PENDING' and f.next_attempt_at <= ?
                  and not exists (select 1 from petition_feedback e
                                  where e.xfjbh = f.xfjbh and e.fkxh < f.fkxh and e.status <> 'SENT')
                order by f.created_at, f.fkxh limit 50""")
                .param(OffsetDateTime.now(clock))
                .query((rs, n) -> new Row(rs.getString("xfjbh"), rs.getInt("fkxh"), rs.getString("blzt"),
                        rs.getString("body"), rs.getInt("attempts"),
                        rs.getObject("first_attempt_at", OffsetDateTime.class)))
                .list();
    }

    private void send(Row r) {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ExchangeLog.record(PetitionIntake.AGENCY, ExchangeLog.Direction.OUT, "feedback", r.xfjbh() + "#" + r.fkxh(), null, "application/json", body);
        URI uri = URI.create(props.baseUrl() + FEEDBACK_PATH);
        // §4.2: PATH as on the wire, including the base URL's prefix.
        String path = uri.getRawPath();
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json;charset=UTF-8")
                .header(PetitionSignature.APP_KEY, props.outboundAppKey())
                .header(PetitionSignature.TIMESTAMP, ts)
                .header(PetitionSignature.NONCE, nonce)
                .header(PetitionSignature.SIGNATURE,
                        PetitionSignature.sign(props.outboundAppSecret(), "POST", path, ts, nonce, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        OffsetDateTime first = r.firstAttemptAt() == null ? OffsetDateTime.now(clock) : r.firstAttemptAt();
        try {
            HttpResponse<String> answer = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = answer.statusCode();
            if (status == 200) {
                sent(r, first, nonce);
            } else if (RETRIED.contains(status)) {
                Duration retryAfter = status == 429 ? retryAfter(answer.headers().firstValue("Retry-After").orElse(null))
                        : Duration.ZERO;
                retry(r, first, "HTTP " + status, retryAfter);
            } else {
                rejected(r, first, status, answer.body());
            }
        } catch (IOException e) {
            retry(r, first, e.getClass().getSimpleName(), Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sent(Row r, OffsetDateTime first, String nonce) {
        tx.executeWithoutResult(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            jdbc.sql("""
                    update petition_feedback set status = 'SENT', attempts = attempts + 1, first_attempt_at = ?,
                    sent_at = ?, last_error = null where xfjbh = ? and fkxh = ?""")
                    .params(first, now, r.xfjbh(), r.fkxh()).update();
            String disputeId = tjgzh(r.xfjbh());
            registry.addTimeline(disputeId, now, "PETITION_FEEDBACK_SENT", PetitionIntake.AGENCY, Direction.OUT,
                    "feedback fkxh " + r.fkxh() + " blzt " + r.blzt() + " delivered (200)", null);
            // §8: an extension request answered 200 counts as approved — the 办结 deadline moves by 30 days, once
            jdbc.sql("""
                    select bjqx from petition_item where xfjbh = ? and extension_fkxh = ? and extended_bjqx is null""")
                    .params(r.xfjbh(), r.fkxh()).query((rs, n) -> rs.getObject(1, LocalDate.class)).optional()
                    .ifPresent(bjqx -> {
                        LocalDate extended = bjqx.plusDays(EXTENSION_DAYS);
                        jdbc.sql("update petition_item set extended_bjqx = ? where xfjbh = ?")
                                .params(extended, r.xfjbh()).update();
                        registry.addTimeline(disputeId, now, "PETITION_DEADLINE_EXTENDED", PetitionIntake.AGENCY,
                                Direction.IN, "办结 deadline " + bjqx + " → " + extended + " (extension accepted, §8)",
                                null);
                    });
            events.publish(EventType.FEEDBACK_SENT, disputeId, PetitionIntake.AGENCY, new EventData.FeedbackSent(
                    disputeId, PetitionIntake.AGENCY, r.xfjbh(), r.blzt(), nonce, now.toString()));
        });
        log.info("Petition feedback {} fkxh {} delivered", r.xfjbh(), r.fkxh());
    }

    private void retry(Row r, OffsetDateTime first, String why, Duration atLeast) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (Duration.between(first, now).compareTo(GIVE_UP_AFTER) >= 0) {
            tx.executeWithoutResult(s -> {
                jdbc.sql("""
                        update petition_feedback set status = 'GAVE_UP', attempts = attempts + 1, first_attempt_at = ?,
                        last_error = ? where xfjbh = ? and fkxh = ?""")
                        .params(first, why, r.xfjbh(), r.fkxh()).update();
                alerts.raise("ERROR", "PETITION_FEEDBACK_GAVE_UP", PetitionIntake.AGENCY, tjgzh(r.xfjbh()),
                        "feedback " + r.xfjbh() + " fkxh " + r.fkxh() + " undelivered for 72 h (" + why + ")");
            });
            return;
        }
        // 30 s, 60 s, 120 s … capped at 30 min (§7.2)
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(r.attempts(), 6));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        if (atLeast.compareTo(backoff) > 0) {
            backoff = atLeast;
        }
        jdbc.sql("""
                update petition_feedback set attempts = attempts + 1, first_attempt_at = ?, next_attempt_at = ?,
                last_error = ? where xfjbh = ? and fkxh = ?""")
                .params(first, now.plus(backoff), why, r.xfjbh(), r.fkxh()).update();
        log.warn("Petition feedback {} fkxh {} not delivered ({}), retry in {}", r.xfjbh(), r.fkxh(), why, backoff);
    }

    private void rejected(Row r, OffsetDateTime first, int status, String answer) {
        String text = answer == null ? "" : answer.substring(0, Math.min(answer.length(), 800));
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    update petition_feedback set status = 'REJECTED', attempts = attempts + 1, first_attempt_at = ?,
                    last_error = ? where xfjbh = ? and fkxh = ?""")
                    .params(first, "HTTP " + status + " " + text, r.xfjbh(), r.fkxh()).update();
            // The petition system's answer holds codes and field paths, no personal data.
            alerts.raise("ERROR", "PETITION_FEEDBACK_REJECTED", PetitionIntake.AGENCY, tjgzh(r.xfjbh()),
                    "feedback " + r.xfjbh() + " fkxh " + r.fkxh() + " refused with HTTP " + status + ": " + text);
        });
    }

    private String tjgzh(String xfjbh) {
        return jdbc.sql("select tjgzh from petition_item where xfjbh = ?").param(xfjbh).query(String.class)
                .optional().orElse(null);
    }

    static Duration retryAfter(String header) {
        try {
            return header == null ? Duration.ZERO : Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }
}
