package cn.tongjie.hub.warning;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.warning.EarlyWarningStore.WebhookRow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * POSTs raised alerts (the CloudEvent, JSON) to the committee's webhook, from its own timer route: a slow or absent
 * receiver delays only these POSTs, never the event stream. Each POST is claimed in the store first, so of several
 * hub nodes only one sends it; a failure is retried with doubling back-off, operators are alerted while it keeps
 * failing, and it is given up (ERROR alert) after the configured attempts.
 */
@Component
class EarlyWarningWebhook {

    private static final Logger log = LoggerFactory.getLogger(EarlyWarningWebhook.class);

    private final EarlyWarningStore store;
    private final EarlyWarningProperties props;
    private final Alerts alerts;
    private final TransactionTemplate tx;
    private final Environment environment;
    private final Clock clock;
    private final HttpClient http;

    EarlyWarningWebhook(EarlyWarningStore store, EarlyWarningProperties props, Alerts alerts, PlatformTransactionManager transactions,
            Environment environment, Clock clock) {
        this.store = store;
        this.props = props;
        this.alerts = alerts;
        this.tx = new TransactionTemplate(transactions);
        this.environment = environment;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(props.webhook().timeout()).build();
    }

    /** Sends every due POST once; returns how many the receiver accepted. */
    int deliverDue() {
        if (!props.webhook().configured()) {
            return 0;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        // a claim older than a few timeouts belongs to a node that died while sending
        OffsetDateTime stale = now.minus(props.webhook().timeout().multipliedBy(4));
        int sent = 0;
        for (WebhookRow row : tx.execute(s -> store.dueWebhooks(now, stale, 20))) {
            Boolean mine = tx.execute(s -> store.claim(row.alertId(), row.attempts(), OffsetDateTime.now(clock), stale));
            if (Boolean.TRUE.equals(mine) && send(row)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(WebhookRow row) {
        String error;
        try {
            // resolved per send: test and demo receivers live on the hub's own, randomly chosen port
            String url = environment.resolvePlaceholders(props.webhook().url());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(props.webhook().timeout())
                    .header("Content-Type", "application/cloudevents+json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(row.payload(), StandardCharsets.UTF_8));
            if (props.webhook().token() != null && !props.webhook().token().isBlank()) {
                b.header("Authorization", "Bearer " + props.webhook().token());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                tx.executeWithoutResult(s -> store.webhookSent(row.alertId(), OffsetDateTime.now(clock)));
                log.info("Early warning {} delivered to the webhook", row.alertId());
                return true;
            }
            error = "HTTP " + r.statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        failed(row, error);
        return false;
    }

    private void failed(WebhookRow row, String error) {
        int attempts = row.attempts() + 1;
        EarlyWarningProperties.Webhook w = props.webhook();
        boolean giveUp = attempts >= w.maxAttempts();
        Duration backoff = w.retryInitial().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(w.retryMax()) > 0) {
            backoff = w.retryMax();
        }
        OffsetDateTime next = OffsetDateTime.now(clock).plus(backoff);
        tx.executeWithoutResult(s -> {
            store.webhookFailed(row.alertId(), error, next, giveUp);
            if (giveUp) {
                alerts.raise("ERROR", "EARLY_WARNING_WEBHOOK_FAILED", "hub", null, "early warning " + row.alertId()
                        + " not delivered after " + attempts + " attempts (" + error + "); POST it by hand");
            } else if (attempts == w.alertAfterAttempts()) {
                alerts.raise("WARN", "EARLY_WARNING_WEBHOOK_RETRYING", "hub", null, "early warning " + row.alertId()
                        + " not delivered yet after " + attempts + " attempts (" + error + "); still retrying");
            }
        });
        log.warn("Early warning {} webhook attempt {} failed: {}", row.alertId(), attempts, error);
    }
}
