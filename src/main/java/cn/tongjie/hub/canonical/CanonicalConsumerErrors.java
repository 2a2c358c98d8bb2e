package cn.tongjie.hub.canonical;

import cn.tongjie.hub.infra.KafkaConsumerErrors;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineStore;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Error handling of every route that consumes the canonical topic, defined once. The database being unreachable is
 * not the event's fault: the exception propagates, the offset stays uncommitted and the consumer retries the same
 * record (breakOnFirstError). Anything else is retried a few times, then the event is quarantined with the reason and
 * its offset committed, so one bad event never blocks its partition.
 */
@Component
public class CanonicalConsumerErrors extends RouteConfigurationBuilder {

    public static final String ID = "canonical-consumer-errors";

    private final QuarantineStore quarantine;
    private final Alerts alerts;

    CanonicalConsumerErrors(QuarantineStore quarantine, Alerts alerts) {
        this.quarantine = quarantine;
        this.alerts = alerts;
    }

    @Override
    public void configuration() {
        KafkaConsumerErrors.apply(routeConfiguration(ID), "canonical", this::quarantine);
    }

    private void quarantine(Exchange e) {
        var in = e.getIn();
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String route = e.getFromRouteId();
        byte[] value = in.getBody(String.class) == null ? null : in.getBody(String.class).getBytes(StandardCharsets.UTF_8);
        byte[] key = in.getHeader(KafkaConstants.KEY, String.class) == null ? null
                : in.getHeader(KafkaConstants.KEY, String.class).getBytes(StandardCharsets.UTF_8);
        long id = quarantine.add(new QuarantineEntry(null, "hub", in.getHeader(KafkaConstants.TOPIC, String.class)
                + "#" + route, in.getHeader(KafkaConstants.PARTITION, Integer.class),
                in.getHeader(KafkaConstants.OFFSET, Long.class), null, key, value, "{}",
                "[{\"code\":\"HUB_PROCESSING_FAILED\",\"pointer\":\"$\",\"detail\":" + quote(reason) + "}]",
                "HUB_PROCESSING_FAILED", "OPEN", null));
        alerts.raise("ERROR", "CANONICAL_EVENT_QUARANTINED", "hub", in.getHeader(KafkaConstants.KEY, String.class),
                "route " + route + " could not process a canonical event; quarantine entry " + id);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
