package cn.tongjie.hub.police;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.canonical.CanonicalConsumerErrors;
import cn.tongjie.hub.infra.KafkaSupport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Police 110 connector routes: the handover consumer (contract §4.2) and the feedback reaction to canonical events
 * (§6). Offsets are committed by hand, only after a record was persisted, de-duplicated, stale-logged or quarantined.
 */
@Component
class PoliceRoutes extends RouteBuilder {

    private static final String BYTES = "org.apache.kafka.common.serialization.ByteArrayDeserializer";

    private final PoliceProperties props;
    private final HandoverIntake intake;
    private final PoliceFeedback feedback;
    private final PoliceLagMonitor lag;
    private final String canonicalTopic;
    private final ZoneId zone;

    PoliceRoutes(PoliceProperties props, HandoverIntake intake, PoliceFeedback feedback, PoliceLagMonitor lag,
            @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic, ZoneId hubZone) {
        this.props = props;
        this.intake = intake;
        this.feedback = feedback;
        this.lag = lag;
        this.canonicalTopic = canonicalTopic;
        this.zone = hubZone;
    }

    @Override
    public void configure() {
        from("kafka:" + props.handoverTopic() + "?brokers=" + props.brokers()
                + "&groupId=" + props.groupId()
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500"
                + "&consumersCount=" + props.consumers()
                + "&keyDeserializer=" + BYTES + "&valueDeserializer=" + BYTES
                + props.endpointSecurity())
                .routeId("police-handover-intake")
                .routeConfigurationId(PoliceIntakeErrors.ID)
                .process(e -> ExchangeLog.record(HandoverIntake.AGENCY, ExchangeLog.Direction.IN, "dispute-handover", KafkaSupport.recordHeaders(e).get(PoliceHeaders.MSG_ID), null, "application/json", e.getIn().getBody(byte[].class))).id("police-exchange-log")
                .process(e -> e.getIn().setBody(intake.process(toRecord(e, zone)))).id("police-process-handover")
                .process(KafkaSupport::commit).id("police-commit-offset");

        from("kafka:" + canonicalTopic + "?groupId=tongjie-police-feedback"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("police-feedback-reactor")
                .routeConfigurationId(CanonicalConsumerErrors.ID)
                // only 4 of the canonical event types are ever reported to the police: the others are skipped before
                // any parsing or transaction, yet their offsets are committed like the others
                .filter(e -> PoliceFeedback.reactsTo(e.getIn().getBody(String.class))).id("police-feedback-relevant-events")
                    .process(e -> feedback.onCanonicalEvent(e.getIn().getBody(String.class))).id("police-react-to-event")
                .end()
                .process(KafkaSupport::commit).id("police-feedback-commit-offset");

        // §2.1: alert when the oldest unprocessed handover is older than 24 h (records expire after 7 days).
        from("timer:police-lag-watch?delay=30000&period=300000").routeId("police-lag-watch")
                .process(e -> lag.check()).id("police-measure-lag");
    }

    static PoliceRecord toRecord(Exchange e, ZoneId zone) {
        var in = e.getIn();
        Long ts = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        return new PoliceRecord(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class),
                in.getHeader(KafkaConstants.OFFSET, Long.class),
                ts == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(ts), zone),
                in.getHeader(KafkaConstants.KEY, byte[].class),
                in.getBody(byte[].class),
                KafkaSupport.recordHeaders(e));
    }
}
