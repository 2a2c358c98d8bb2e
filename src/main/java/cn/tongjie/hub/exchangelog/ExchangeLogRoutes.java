package cn.tongjie.hub.exchangelog;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The sealer: every node runs it; the chain-head lock makes the nodes take turns. A failed round (database away) is
 * logged and the next round seals what is pending: entries wait unsealed, none is lost.
 */
@Component
class ExchangeLogRoutes extends RouteBuilder {

    private final ExchangeLogProperties props;
    private final ExchangeLogService service;

    ExchangeLogRoutes(ExchangeLogProperties props, ExchangeLogService service) {
        this.props = props;
        this.service = service;
    }

    @Override
    public void configure() {
        if (!props.enabled()) {
            return;
        }
        long period = props.sealInterval().toMillis();
        from("timer:exchange-log-seal?delay=" + period + "&period=" + period).routeId("exchange-log-seal")
                .routeConfigurationId(Errors.ID)
                .process(e -> service.sealRound()).id("exchange-log-seal-round");
    }

    /** Error handling of the sealing round: logged once per failed round, retried by the next timer tick. */
    @Component
    static class Errors extends RouteConfigurationBuilder {

        static final String ID = "exchange-log-errors";

        @Override
        public void configuration() {
            routeConfiguration(ID).onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Exchange log sealing round failed; next round retries: ${exception.message}");
        }
    }
}
