package cn.tongjie.hub.tradeunion;

import java.time.Clock;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Timer routes of the union file exchange. An SFTP outage fails one round (logged at WARN, counted on the stored
 * file); the next round retries, so an outage delays and never drops. The contract's own error/ directories are the
 * quarantine for bad input files.
 */
@Component
@ConditionalOnProperty(prefix = "tongjie.trade-union", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(TradeUnionProperties.class)
class UnionRoutes extends RouteBuilder {

    private final TradeUnionProperties props;
    private final UnionReferrals referrals;
    private final UnionResults results;
    private final UnionDeadlines deadlines;
    private final Clock clock;

    UnionRoutes(TradeUnionProperties props, UnionReferrals referrals, UnionResults results, UnionDeadlines deadlines,
            Clock clock) {
        this.props = props;
        this.referrals = referrals;
        this.results = results;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @Override
    public void configure() {
        UnionDirectory dir = new SftpUnionDirectory(getContext(), getContext().createProducerTemplate(),
                getContext().createConsumerTemplate(), props.sftpBase(), props.sftpOptions(), 30_000);
        UnionTransfer transfer = new UnionTransfer(dir, referrals, results, clock);

        from("timer:union-referrals?delay=1000&period=" + props.referralInterval().toMillis())
                .routeId("union-referrals").routeConfigurationId(UnionRouteErrors.ID)
                .process(e -> transfer.sendReferrals()).id("union-send-referrals");

        from("timer:union-results?delay=1000&period=" + props.resultInterval().toMillis())
                .routeId("union-results").routeConfigurationId(UnionRouteErrors.ID)
                .process(e -> transfer.receiveResults()).id("union-receive-results");

        from("timer:union-deadlines?delay=5000&period=" + props.deadlineInterval().toMillis())
                .routeId("union-deadlines").routeConfigurationId(UnionRouteErrors.ID)
                .process(e -> deadlines.check()).id("union-check-deadlines");
    }
}
