package cn.tongjie.hub.warning;

import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.KafkaSupport;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Early warning reads the canonical stream in its own consumer group (so it neither slows nor is slowed by triage),
 * commits each offset after the evaluation committed, and POSTs raised alerts from a separate timer route.
 */
@Component
@ConditionalOnProperty(name = "tongjie.early-warning.enabled", havingValue = "true")
class EarlyWarningRoutes extends RouteBuilder {

    private final EarlyWarning warning;
    private final EarlyWarningWebhook webhook;
    private final EarlyWarningRules rules;
    private final EarlyWarningProperties props;
    private final String canonicalTopic;

    EarlyWarningRoutes(EarlyWarning warning, EarlyWarningWebhook webhook, EarlyWarningRules rules,
            EarlyWarningProperties props, @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.warning = warning;
        this.webhook = webhook;
        this.rules = rules;
        this.props = props;
        this.canonicalTopic = canonicalTopic;
    }

    @Override
    public void configure() {
        from("kafka:" + canonicalTopic + "?groupId=tongjie-early-warning"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("early-warning")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                .process(e -> warning.onCanonicalEvent(e.getIn().getBody(String.class))).id("early-warning-evaluate")
                .process(KafkaSupport::commit).id("early-warning-commit-offset");

        from("timer:early-warning-webhook?period=" + props.webhook().pollInterval().toMillis() + "&delay=2000")
                .routeId("early-warning-webhook")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Early-warning webhook round failed, next round retries: ${exception.message}")
                .end()
                .process(e -> webhook.deliverDue()).id("early-warning-webhook-deliver");

        // Housekeeping once an hour; a failure only delays it to the next round.
        from("timer:early-warning-prune?period=3600000&delay=60000")
                .routeId("early-warning-prune")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Early-warning housekeeping failed, next round retries: ${exception.message}")
                .end()
                .process(e -> warning.prune(props.processedRetention())).id("early-warning-prune-run");

        // A bad edit is logged and the running rules stay (EarlyWarningRules.reloadIfChanged throws before swapping).
        from("timer:early-warning-rules-watch?period=5000&delay=5000")
                .routeId("early-warning-rules-watch")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Early-warning rules edit rejected, previous rules stay: ${exception.message}")
                .end()
                .process(e -> rules.reloadIfChanged()).id("early-warning-rules-reload");
    }
}
