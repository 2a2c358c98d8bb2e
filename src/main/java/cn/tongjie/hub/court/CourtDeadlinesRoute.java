package cn.tongjie.hub.court;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Runs the court deadline pass on every node; the pass itself is multi-node safe. */
@Component
class CourtDeadlinesRoute extends RouteBuilder {

    private final CourtProperties court;
    private final CourtLifecycleProperties props;
    private final CourtDeadlines deadlines;

    CourtDeadlinesRoute(CourtProperties court, CourtLifecycleProperties props, CourtDeadlines deadlines) {
        this.court = court;
        this.props = props;
        this.deadlines = deadlines;
    }

    @Override
    public void configure() {
        if (!court.enabled()) {
            return;
        }
        long period = props.schedulerPeriod().toMillis();
        from("timer:court-deadlines?delay=" + period + "&period=" + period).routeId("court-deadlines")
                .process(e -> deadlines.pass()).id("court-deadlines-pass");
    }
}
