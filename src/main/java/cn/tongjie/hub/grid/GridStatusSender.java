package cn.tongjie.hub.grid;

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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued status updates (contract §6, §7): per event strictly in queue order, the next only after the previous
 * got 200; a retry resends the identical stored body with fresh X-Timestamp/X-Nonce/X-Signature. Time-out, 429 (after
 * Retry-After) and 500/502/503/504 are retried with back-off (10 s doubling to 10 min) for 72 h, then given up with an
 * alert; any other answer (400/401/404/409 …) is not retried and alerted. The HTTP call uses the JDK client so the
 * body bytes that are hashed are exactly the bytes sent.
 */
@Component
class GridStatusSender {

    private static final Logger log = LoggerFactory.getLogger(GridStatusSender.class);
    private static final java.util.Set<Integer> RETRYABLE = java.util.Set.of(429, 500, 502, 503, 504);

    record Due(long id, String eventId, String disputeId, String status, String body, int attempts,
            OffsetDateTime firstAttemptAt) {
    }

    private final GridProperties props;
    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final HttpClient http;

    GridStatusSender(GridProperties props, JdbcClient jdbc, DisputeRegistry registry, CanonicalEvents events,
            Alerts alerts, Clock clock, TransactionTemplate tx) {
        this.props = props;
        this.jdbc = jdbc;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.clock = clock;
        this.tx = tx;
        this.http = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build();
    }

    /** Due updates, at most one per event: the oldest pending one, and only when it is due. */
    List<Due> due() {
        return jdbc.sql("""
                select s.* from grid_status_out s where s.state = 'PENDING' and s.next_attempt_at <= :now
                  and not exists (select 1 from grid_status_out o where o.event_id = s.event_id and o.id < s.id
                                  and o.state = 'PENDING')
                order by s.id limit 100""")
                .param("now", OffsetDateTime.now(clock))
                .query((rs, n) -> new Due(rs.getLong("id"), rs.getString("event_id"), rs.getString("dispute_id"),
                        rs.getString("status"), rs.getString("body"), rs.getInt("attempts"),
                        rs.getObject("first_attempt_at", OffsetDateTime.class)))
                .list();
    }

    /** One round: sends every due update once. Serialised by the caller. */
    void sendDue() {
        for (Due d : due()) {
            send(d);
        }
    }

    void send(Due d) {
        String path = URI.create(props.baseUrl()).getRawPath() + "/wg/api/events/" + d.eventId() + "/status";
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        ExchangeLog.record(GridIntake.AGENCY, ExchangeLog.Direction.OUT, "status-update", d.eventId() + "#" + d.id(), d.disputeId(), "application/json", body);
        String timestamp = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(props.baseUrl() + "/wg/api/events/" + d.eventId()
                        + "/status"))
                .timeout(props.readTimeout())
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("X-App-Key", props.outboundAppKey())
                .header("X-Timestamp", timestamp)
                .header("X-Nonce", nonce)
                .header("X-Signature", GridSignature.sign(props.outboundAppSecret(), "PUT", path, timestamp, nonce, body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int code;
        String answer;
        Duration retryAfter = null;
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            code = r.statusCode();
            answer = r.body();
            retryAfter = r.headers().firstValue("Retry-After").flatMap(GridStatusSender::seconds).orElse(null);
        } catch (IOException e) {
            code = -1;
            answer = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = code;
        String text = answer;
        Duration wait = retryAfter;
        tx.executeWithoutResult(t -> record(d, status, text, wait, nonce));
    }

    private void record(Due d, int code, String answer, Duration retryAfter, String nonce) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime first = d.firstAttemptAt() == null ? now : d.firstAttemptAt();
        String shortAnswer = answer == null ? "" : answer.substring(0, Math.min(answer.length(), 300));
        if (code == 200) {
            jdbc.sql("""
                    update grid_status_out set state = 'SENT', sent_at = :at, attempts = attempts + 1,
                      first_attempt_at = :first where id = :id""")
                    .param("at", now).param("first", first).param("id", d.id()).update();
            String flag = switch (d.status()) {
                case GridStatusFeedback.RECEIVED -> "received_sent = true";
                case GridStatusFeedback.RESOLVED, GridStatusFeedback.ESCALATED ->
                        "received_sent = true, handled_sent = true, final_sent = true";
                default -> "received_sent = true, handled_sent = true";
            };
            jdbc.sql("update grid_event set " + flag + " where event_id = :e").param("e", d.eventId()).update();
            registry.addTimeline(d.disputeId(), now, "GRID_STATUS_SENT", GridIntake.AGENCY, Direction.OUT,
                    "grid status " + d.status() + " accepted by the platform", null);
            events.publish(EventType.FEEDBACK_SENT, d.disputeId(), GridIntake.AGENCY, new EventData.FeedbackSent(
                    d.disputeId(), GridIntake.AGENCY, d.eventId(), d.status(), nonce, now.toString()));
            log.info("Grid status {} for {} sent", d.status(), d.disputeId());
            return;
        }
        boolean retryable = code == -1 || RETRYABLE.contains(code);
        if (retryable && Duration.between(first, now).compareTo(props.retryFor()) < 0) {
            Duration backoff = backoff(d.attempts() + 1);
            Duration wait = code == 429 && retryAfter != null ? retryAfter : backoff;
            jdbc.sql("""
                    update grid_status_out set attempts = attempts + 1, first_attempt_at = :first, next_attempt_at = :next,
                      last_error = :err where id = :id""")
                    .param("first", first).param("next", now.plus(wait))
                    .param("err", "HTTP " + code + " " + shortAnswer).param("id", d.id()).update();
            log.warn("Grid status {} for {} not delivered (HTTP {}); retry in {}", d.status(), d.disputeId(), code, wait);
            return;
        }
        String state = retryable ? "GAVE_UP" : "REJECTED";
        jdbc.sql("""
                update grid_status_out set state = :state, attempts = attempts + 1, first_attempt_at = :first,
                  last_error = :err where id = :id""")
                .param("state", state).param("first", first).param("err", "HTTP " + code + " " + shortAnswer)
                .param("id", d.id()).update();
        registry.addTimeline(d.disputeId(), now, "GRID_STATUS_" + state, GridIntake.AGENCY, Direction.OUT,
                "grid status " + d.status() + " " + state.toLowerCase() + " (HTTP " + code + ")", answer);
        // The platform's answer body carries codes and field names only, no personal data.
        alerts.raise("ERROR", "GRID_STATUS_" + state, GridIntake.AGENCY, d.disputeId(), "grid status " + d.status()
                + " for event " + d.eventId() + " " + state.toLowerCase() + " after " + (d.attempts() + 1)
                + " attempt(s): HTTP " + code + " " + shortAnswer);
    }

    /** §7: 10 s doubling to 10 min. */
    Duration backoff(int attempt) {
        Duration d = props.retryInitial();
        for (int i = 1; i < attempt && d.compareTo(props.retryMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(props.retryMax()) > 0 ? props.retryMax() : d;
    }

    private static java.util.Optional<Duration> seconds(String v) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
