package cn.tongjie.hub.womensfederation;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.infra.CoalescingWakeup;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.Assignments;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Women's-federation connector routes: the hub-hosted results endpoint (§7, REST DSL → direct:) and the createCase
 * delivery worker (§5, §8). Outages are handled by the assignment queue's back-off, which survives restarts; a newly
 * queued referral is sent as soon as its transaction commits (urgent referrals: §9 "immediately").
 */
@Component
class WfRoutes extends RouteBuilder {

    private static final String ASSIGNMENT = "tongjieAssignment";
    private static final String HANDLED = "tongjieHandled";

    private final WomensFederationProperties props;
    private final WfDelivery delivery;
    private final WfResultEndpoint results;
    private final org.springframework.core.env.Environment environment;
    private volatile ProducerTemplate template;
    private final CoalescingWakeup wakeup = new CoalescingWakeup("wf-delivery-wakeup",
            () -> deliverRound(getCamelContext()));

    WfRoutes(WomensFederationProperties props, WfDelivery delivery, WfResultEndpoint results,
            org.springframework.core.env.Environment environment) {
        this.environment = environment;
        this.props = props;
        this.delivery = delivery;
        this.results = results;
    }

    @Override
    public void configure() {
        rest("/api/womens-federation/v1")
                .post("/results").id("wf-results-rest").consumes("application/json").produces("application/json")
                .to("direct:wf-receive-result");

        from("direct:wf-receive-result").routeId("wf-receive-result")
                .process(results::handle).id("wf-handle-result");

        from("timer:wf-delivery?delay=2000&period=" + props.pollInterval().toMillis())
                .routeId("wf-delivery-poll")
                .process(e -> deliverRound(e.getContext())).id("wf-deliver-round");

        from("direct:wf-create-case").routeId("wf-create-case")
                .errorHandler(noErrorHandler())
                .process(this::prepare).id("wf-prepare-referral")
                .choice()
                    .when(exchangeProperty("tongjieIncomplete").isNotNull())
                        .process(e -> delivery.blocked(assignment(e), e.getProperty("tongjieIncomplete", String.class)))
                        .id("wf-block-incomplete")
                    .otherwise()
                        .doTry()
                            .process(e -> ExchangeLog.record(WfDelivery.AGENCY, ExchangeLog.Direction.OUT, "referral",
                                    assignment(e).externalRef(), assignment(e).disputeId(), "application/json",
                                    e.getIn().getBody(String.class))).id("wf-exchange-log")
                            .toD("${exchangeProperty.tongjieWfUrl}?throwExceptionOnFailure=false&httpMethod=POST"
                                    + "&httpClientConfigurer=#" + WfHttpConfig.CONFIGURER)
                                .id("wf-post-create-case")
                            .convertBodyTo(String.class).id("wf-read-answer")
                            .process(this::onAnswer).id("wf-handle-answer")
                        .doCatch(Exception.class)
                            // time-out / connection error: §8 retry
                            .process(this::unreachable).id("wf-retry-later")
                        .end()
                .end();
    }

    /** Builds the referral, refuses to send anything §6 forbids, and sets only the contract's headers. */
    private void prepare(Exchange e) {
        Assignment a = e.getIn().getBody(Assignment.class);
        e.setProperty(ASSIGNMENT, a);
        ObjectNode referral = delivery.referral(a);
        String incomplete = WfReferrals.incompleteReason(referral);
        List<String> forbidden = WfMinimisation.violations(referral);
        if (!forbidden.isEmpty()) {
            incomplete = "DATA_MINIMISATION: " + forbidden;
        }
        if (incomplete != null) {
            e.setProperty("tongjieIncomplete", incomplete);
        }
        // Resolved per send: a base URL may name the hub's own port (simulator in tests/demo), known only once it runs.
        e.setProperty("tongjieWfUrl", environment.resolvePlaceholders(props.baseUrl()) + "/hyjt/api/cases");
        var m = e.getIn();
        m.removeHeaders("*");
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        m.setHeader("X-WF-Token", props.outboundToken());
        m.setHeader("Accept", "application/json");
        m.setBody(referral.toString());
    }

    private void onAnswer(Exchange e) {
        Assignment a = assignment(e);
        int code = e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = e.getMessage().getBody(String.class);
        if (code == 201 || code == 200) {
            delivery.created(a, code, body);
        } else if (code >= 400 && code < 500) {
            delivery.rejected(a, code, body);
        } else {
            delivery.retry(a, "HTTP " + code);
            e.setProperty(HANDLED, true);
        }
    }

    private void unreachable(Exchange e) {
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        delivery.retry(assignment(e), cause == null ? "unreachable" : cause.getClass().getSimpleName());
        e.setProperty(HANDLED, true);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(Assignments.Queued queued) {
        if (WfDelivery.AGENCY.equals(queued.agency())) {
            wakeup.signal();
        }
    }

    @PreDestroy
    void stopWakeups() {
        wakeup.close();
    }

    /** Serialised; the first outage ends the round (the rest would meet the same outage and wait their back-off). */
    private synchronized void deliverRound(CamelContext camel) {
        if (camel == null || !camel.isStarted()) {
            return;
        }
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        for (Assignment a : delivery.due()) {
            Exchange done = template.send("direct:wf-create-case", x -> x.getIn().setBody(a));
            if (Boolean.TRUE.equals(done.getProperty(HANDLED, Boolean.class)) || done.isFailed()) {
                break;
            }
        }
    }

    private static Assignment assignment(Exchange e) {
        Assignment a = e.getProperty(ASSIGNMENT, Assignment.class);
        if (a == null) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "wf-create-case without assignment");
        }
        return a;
    }
}
