package cn.tongjie.hub.simulator.legal;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.DeliveryAttempt;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.DeliveryOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pushes events to the hub's {@code POST /api/legal-service/v1/events} as the legal-service system does (README §8,
 * legal → hub): each event on its own, retried independently on connection error, time-out, 429 and 5xx along a
 * schedule, never on 400/401/409. Other answers are final too, since the contract names no other retryable ones.
 * Independent retries are what makes events reach the hub out of order, which the hub must cope with (§7.3).
 */
final class EventSender {

    private static final Logger log = LoggerFactory.getLogger(EventSender.class);
    private static final int MAX_RECORDED_BODY = 2000;

    /** One event on its way: the exact bytes are kept so every retry sends identical content. */
    private record Delivery(String eventId, String eventType, String caseNo, byte[] body) {
    }

    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final List<Duration> retrySchedule;
    private final Duration readTimeout;
    private final Supplier<String> hubUrl;
    private final String hubToken;
    private final Clock clock;
    private final List<DeliveryAttempt> attempts = new ArrayList<>();

    EventSender(Executor httpExecutor, ScheduledExecutorService scheduler, List<Duration> retrySchedule,
                Duration connectTimeout, Duration readTimeout, Supplier<String> hubUrl, String hubToken, Clock clock) {
        // HTTP/1.1: the hub is plain HTTP in tests and demo; an h2c upgrade attempt buys nothing there.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(httpExecutor).build();
        this.scheduler = scheduler;
        this.retrySchedule = List.copyOf(retrySchedule);
        this.readTimeout = readTimeout;
        this.hubUrl = hubUrl;
        this.hubToken = hubToken;
        this.clock = clock;
    }

    void send(String eventId, String eventType, String caseNo, byte[] body) {
        attempt(new Delivery(eventId, eventType, caseNo, body), 1);
    }

    List<DeliveryAttempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    private void attempt(Delivery delivery, int number) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(hubUrl.get()))
                    .timeout(readTimeout)
                    .header("Authorization", "Bearer " + hubToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                    .build();
        } catch (IllegalArgumentException e) {
            record(delivery, number, 0, null, "invalid hub URL", DeliveryOutcome.REJECTED);
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .whenComplete((response, error) -> answered(delivery, number, response, error));
    }

    private void answered(Delivery delivery, int number, HttpResponse<String> response, Throwable error) {
        int status = response == null ? 0 : response.statusCode();
        boolean retryable = error != null || status == 429 || status >= 500;
        DeliveryOutcome outcome;
        if (status >= 200 && status < 300) {
            outcome = DeliveryOutcome.DELIVERED;
        } else if (!retryable) {
            outcome = DeliveryOutcome.REJECTED;
        } else if (number <= retrySchedule.size()) {
            outcome = DeliveryOutcome.WILL_RETRY;
        } else {
            outcome = DeliveryOutcome.GAVE_UP; // 推送失败: the hub's getCase reconciliation must recover it
        }
        String errorText = error == null ? null : rootCause(error);
        record(delivery, number, status, response == null ? null : response.body(), errorText, outcome);
        if (outcome == DeliveryOutcome.WILL_RETRY) {
            Duration wait = retrySchedule.get(number - 1);
            try {
                scheduler.schedule(() -> attempt(delivery, number + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the simulator was stopped; pending retries die with it
            }
        }
    }

    private void record(Delivery delivery, int number, int status, String body, String error,
                        DeliveryOutcome outcome) {
        String recordedBody = body != null && body.length() > MAX_RECORDED_BODY
                ? body.substring(0, MAX_RECORDED_BODY) : body;
        DeliveryAttempt attempt = new DeliveryAttempt(delivery.eventId(), delivery.eventType(), delivery.caseNo(),
                number, Times.format(clock.instant()), status, recordedBody, error, outcome);
        synchronized (attempts) {
            attempts.add(attempt);
        }
        log.info("event {} {} case {} attempt {} -> {} {}", delivery.eventType(), delivery.eventId(),
                delivery.caseNo(), number, status == 0 ? "no answer" : status, outcome);
    }

    private static String rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
