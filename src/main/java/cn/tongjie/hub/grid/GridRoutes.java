package cn.tongjie.hub.grid;

import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.CoalescingWakeup;
import cn.tongjie.hub.infra.KafkaSupport;
import jakarta.annotation.PreDestroy;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Grid connector routes: the hub-hosted pushEvent webhook (REST DSL → direct:), the canonical-event consumer that
 * queues status updates, the status sender and the §8 deadline check. Long outages live in grid_status_out's
 * back-off, not in in-memory redelivery, so they survive restarts.
 */
@Component
class GridRoutes extends RouteBuilder {

    private final GridProperties props;
    private final GridInbound inbound;
    private final GridStatusFeedback feedback;
    private final GridStatusSender sender;
    private final GridDeadlines deadlines;
    private final GridAuth auth;
    private final String canonicalTopic;
    private final CoalescingWakeup wakeup = new CoalescingWakeup("grid-status-wakeup", this::sendRound);

    GridRoutes(GridProperties props, GridInbound inbound, GridStatusFeedback feedback, GridStatusSender sender,
            GridDeadlines deadlines, GridAuth auth, @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.props = props;
        this.inbound = inbound;
        this.feedback = feedback;
        this.sender = sender;
        this.deadlines = deadlines;
        this.auth = auth;
        this.canonicalTopic = canonicalTopic;
    }

    @Override
    public void configure() {
        rest("/api/grid/v1")
                .post("/events").id("grid-events-rest").consumes("application/json").produces("application/json")
                .to("direct:grid-receive-event");

        from("direct:grid-receive-event").routeId("grid-receive-event")
                .process(inbound::handle).id("grid-handle-event");

        // Canonical events → status updates; offsets committed only after the transaction that queued them.
        from("kafka:" + canonicalTopic + "?groupId=tongjie-grid-feedback"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                + "&pollTimeoutMs=500")
                .routeId("grid-status-feedback")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                .process(e -> feedback.onCanonicalEvent(e.getIn().getBody(String.class))).id("grid-queue-status")
                .process(KafkaSupport::commit).id("grid-feedback-commit-offset");

        from("timer:grid-status-sender?delay=2000&period=" + props.pollInterval().toMillis())
                .routeId("grid-status-sender")
                .process(e -> sendRound()).id("grid-send-due-statuses");

        from("timer:grid-deadlines?delay=30000&period=" + props.deadlineCheckInterval().toMillis())
                .routeId("grid-deadlines")
                .process(e -> deadlines.check()).id("grid-check-deadlines")
                .process(e -> auth.purgeExpired()).id("grid-purge-nonces");
    }

    /** A newly queued status goes out as soon as its transaction commits, not at the next timer round. */
    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(GridStatusFeedback.Queued queued) {
        wakeup.signal();
    }

    @PreDestroy
    void stopWakeups() {
        wakeup.close();
    }

    /** Serialised: the timer and wake-ups never send concurrently, so per-event order holds on this node. */
    private synchronized void sendRound() {
        if (getCamelContext() == null || !getCamelContext().isStarted()) {
            return;
        }
        sender.sendDue();
    }
}
