package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.KafkaSupport;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What follows a mediation towards the court: a canonical consumer of its own (a failed hub-originated mediation opens
 * a transfer; every conclusion is kept for a later application) and the time-limit checks of §8.3, §8.4 and §14.
 */
@Component
class CourtTransferRoutes extends RouteBuilder {

    private final CourtTransfers transfers;
    private final JudicialConfirmations confirmations;
    private final JudicialConfirmationProperties props;
    private final String canonicalTopic;

    CourtTransferRoutes(CourtTransfers transfers, JudicialConfirmations confirmations,
            JudicialConfirmationProperties props, @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.transfers = transfers;
        this.confirmations = confirmations;
        this.props = props;
        this.canonicalTopic = canonicalTopic;
    }

    @Override
    public void configure() {
        from("kafka:" + canonicalTopic + "?groupId=tongjie-court-follow-up"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("court-follow-up-reactor")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                .process(e -> transfers.onCanonicalEvent(e.getIn().getBody(String.class)))
                .id("court-follow-up-react")
                .process(KafkaSupport::commit).id("court-follow-up-commit-offset");

        // A failed check is logged and tried again at the next tick: reminders are idempotent (once per threshold).
        from("timer:court-follow-up-deadlines?delay=5000&period=" + props.checkInterval().toMillis())
                .routeId("court-follow-up-deadlines")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Court follow-up deadline check failed: ${exception.message}")
                .end()
                .process(e -> confirmations.remind()).id("court-jc-reminders")
                .process(e -> transfers.alertOverdue()).id("court-transfer-overdue");
    }
}
