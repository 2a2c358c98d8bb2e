package cn.tongjie.hub.routing;

import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.KafkaSupport;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Triage consumes the canonical topic in its own consumer group; rules are re-read when the file changes. */
@Component
class TriageRoutes extends RouteBuilder {

    private final Triage triage;
    private final RoutingRules rules;
    private final String canonicalTopic;

    TriageRoutes(Triage triage, RoutingRules rules, @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.triage = triage;
        this.rules = rules;
        this.canonicalTopic = canonicalTopic;
    }

    @Override
    public void configure() {
        from("kafka:" + canonicalTopic + "?groupId=tongjie-triage"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("triage")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                // most events (reported, assigned, feedback sent, ...) mean nothing to triage: skipped before any
                // parsing or transaction, yet their offsets are committed like the others
                .filter(e -> Triage.reactsTo(e.getIn().getBody(String.class))).id("triage-relevant-events")
                    .process(e -> triage.onCanonicalEvent(e.getIn().getBody(String.class))).id("triage-decide")
                .end()
                .process(KafkaSupport::commit).id("triage-commit-offset");

        // A bad edit is logged and the running rules stay (RoutingRules.reloadIfChanged throws before swapping).
        from("timer:routing-rules-watch?period=5000&delay=5000")
                .routeId("routing-rules-watch")
                .onException(Exception.class).handled(true)
                    .log(org.apache.camel.LoggingLevel.WARN, "Routing rules edit rejected, previous rules stay: ${exception.message}")
                .end()
                .process(e -> rules.reloadIfChanged()).id("routing-rules-reload");
    }
}
