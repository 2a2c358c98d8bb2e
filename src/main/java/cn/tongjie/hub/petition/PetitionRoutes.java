package cn.tongjie.hub.petition;

import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.KafkaSupport;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Petition connector routes: the push endpoint (§5), the feedback reactor and sender (§6, §7.2), nonce housekeeping. */
@Component
class PetitionRoutes extends RouteBuilder {

    private final PetitionEndpoint endpoint;
    private final PetitionNonces nonces;
    private final PetitionFeedback feedback;
    private final PetitionSender sender;
    private final PetitionProperties props;
    private final PetitionDeadlines deadlines;
    private final String canonicalTopic;

    PetitionRoutes(PetitionEndpoint endpoint, PetitionNonces nonces, PetitionFeedback feedback, PetitionSender sender,
            PetitionProperties props, PetitionDeadlines deadlines,
            @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.deadlines = deadlines;
        this.endpoint = endpoint;
        this.nonces = nonces;
        this.feedback = feedback;
        this.sender = sender;
        this.props = props;
        this.canonicalTopic = canonicalTopic;
    }

    @Override
    public void configure() {
        rest("/api/petition/v1")
                .post("/disputes").id("petition-disputes-rest").consumes("application/json").produces("application/json")
                .to("direct:petition-receive-push");

        from("direct:petition-receive-push").routeId("petition-receive-push")
                .process(endpoint::handle).id("petition-handle-push");

        // §6: canonical outcomes → feedback rows (own group; offset committed only after the rows are stored).
        from("kafka:" + canonicalTopic + "?groupId=tongjie-petition-feedback"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("petition-feedback-reactor")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                .process(e -> feedback.onCanonicalEvent(e.getIn().getBody(String.class))).id("petition-react-to-event")
                .process(KafkaSupport::commit).id("petition-feedback-commit-offset");

        // §6.4/§7.2: due feedback rows go out in fkxh order; the rows themselves carry the back-off.
        from("timer:petition-feedback-sender?delay=2000&period=" + props.pollInterval().toMillis())
                .routeId("petition-feedback-sender")
                .process(e -> sender.sendDue()).id("petition-send-due-feedback");

        // §8: 受理告知 and 办结 deadlines from the push, warned before and alerted when missed.
        from("timer:petition-deadlines?delay=30000&period=" + props.deadlineCheck().toMillis())
                .routeId("petition-deadline-watch")
                .process(e -> deadlines.check()).id("petition-check-deadlines");

        // Nonces are needed for 600 s only (§4.3); older rows are dead weight.
        from("timer:petition-nonce-purge?delay=60000&period=300000").routeId("petition-nonce-purge")
                .process(e -> nonces.purgeExpired()).id("petition-purge-nonces");
    }
}
