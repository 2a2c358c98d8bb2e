package cn.tongjie.hub.tradeunion;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling of the union timer routes: two quick redeliveries at WARN for a flaky connection, then the round is
 * given up (handled) and the next timer round starts over from the durable store — an outage delays, never drops.
 */
@Component
class UnionRouteErrors extends RouteConfigurationBuilder {

    static final String ID = "union-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID).onException(Exception.class)
                .maximumRedeliveries(2).redeliveryDelay(2000).retryAttemptedLogLevel(LoggingLevel.WARN)
                .handled(true)
                .log(LoggingLevel.WARN, "Union file exchange round failed; retried next round: ${exception.message}");
    }
}
