package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.KafkaSupport;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The court connector's consumer of the canonical topic (own group tongjie-court), with the same settings as the
 * police feedback reactor: manual commits after the transaction, shared canonical error handling.
 */
@Component
class CourtReactorRoute extends RouteBuilder {

    private final CourtProperties court;
    private final CourtReactor reactor;
    private final String canonicalTopic;

    CourtReactorRoute(CourtProperties court, CourtReactor reactor,
            @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.court = court;
        this.reactor = reactor;
        this.canonicalTopic = canonicalTopic;
    }

    @Override
    public void configure() {
        if (!court.enabled()) {
            return; // a hub that serves no court has no delegations to react for
        }
        from("kafka:" + canonicalTopic + "?groupId=tongjie-court"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("court-reactor")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                .process(e -> reactor.onCanonicalEvent(e.getIn().getBody(String.class))).id("court-react-to-event")
                .process(KafkaSupport::commit).id("court-reactor-commit-offset");
    }
}
