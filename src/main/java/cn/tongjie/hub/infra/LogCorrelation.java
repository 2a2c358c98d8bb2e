package cn.tongjie.hub.infra;

import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Correlation keys in every log line a route writes while it handles one message (issue 6: "structured logs with the
 * dispute id and message id as correlation keys"): {@code disputeId} — the key of a record on the hub's own topics
 * (every canonical event is keyed by its dispute) — and {@code messageId} — the agency's message id where the transport
 * carries one (the police {@code police-msg-id} header, a Kafka record's {@code ce_id}). Set when the route's consumer
 * takes the message and removed when it is done, so a key never outlives its message on a pooled thread. They show in
 * the console pattern ({@code logging.pattern.correlation}) and in the structured (JSON) log file. The keys are
 * references, never personal data.
 */
@Component
class LogCorrelation implements RoutePolicyFactory {

    static final String DISPUTE_ID = "disputeId";
    static final String MESSAGE_ID = "messageId";

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new Policy();
    }

    static final class Policy extends RoutePolicySupport {

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            put(DISPUTE_ID, disputeId(route, exchange));
            put(MESSAGE_ID, firstText(exchange, "police-msg-id", "ce_id", "hub-msg-id"));
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            MDC.remove(DISPUTE_ID);
            MDC.remove(MESSAGE_ID);
        }

        /** The record key on the hub's own topics (tongjie.*): the dispute id; agency topics are keyed otherwise. */
        private static String disputeId(Route route, Exchange exchange) {
            String uri = route.getEndpoint() == null ? "" : route.getEndpoint().getEndpointUri();
            if (!uri.startsWith("kafka:tongjie.") && !uri.startsWith("kafka://tongjie.")) {
                return null;
            }
            String key = text(exchange.getIn().getHeader("kafka.KEY"));
            return key != null && key.startsWith("TJ-") ? key : null;
        }

        private static String firstText(Exchange exchange, String... headers) {
            for (String h : headers) {
                String v = text(exchange.getIn().getHeader(h));
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        private static String text(Object v) {
            if (v instanceof byte[] b) {
                return new String(b, StandardCharsets.UTF_8);
            }
            return v == null ? null : v.toString();
        }

        private static void put(String key, String value) {
            if (value != null && !value.isBlank() && value.length() <= 80) {
                MDC.put(key, value);
            } else {
                MDC.remove(key);
            }
        }
    }
}
