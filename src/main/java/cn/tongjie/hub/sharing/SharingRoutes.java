package cn.tongjie.hub.sharing;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Picks up an edit of config/sharing-policies.yaml; an invalid edit is logged and the running policies stay. */
@Component
class SharingRoutes extends RouteBuilder {

    private final SharingPolicies policies;
    private final SharingProperties props;

    SharingRoutes(SharingPolicies policies, SharingProperties props) {
        this.policies = policies;
        this.props = props;
    }

    @Override
    public void configure() {
        long ms = props.reloadInterval().toMillis();
        from("timer:sharing-policies-watch?period=" + ms + "&delay=" + ms)
                .routeId("sharing-policies-watch")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN,
                            "Sharing policies edit rejected, previous policies stay: ${exception.message}")
                .end()
                .process(e -> policies.reloadIfChanged()).id("sharing-policies-reload");
    }
}
