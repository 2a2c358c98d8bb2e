package cn.tongjie.hub.legal;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Assignment;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.camel.Exchange;
import cn.tongjie.hub.infra.CoalescingWakeup;
import cn.tongjie.hub.registry.Assignments;
import jakarta.annotation.PreDestroy;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Legal-service connector routes: the hub-hosted callback (REST DSL, one direct: route per operation) and the
 * createCase delivery worker behind a circuit breaker. Long outages are handled by the assignment queue's back-off,
 * not by in-memory redelivery, so they survive restarts.
 */
@Component
class LegalRoutes extends RouteBuilder {

    private static final String ASSIGNMENT = "tongjieAssignment";
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final LegalServiceProperties props;
    private final LegalDelivery delivery;
    private final LegalCallback callback;
    private final LegalEvents legalEvents;
    private final LegalCases cases;
    private final java.time.Clock clock;
    private final LegalWithdrawals withdrawals;
    private final String canonicalTopic;
    private volatile ProducerTemplate template;
    private final CoalescingWakeup wakeup = new CoalescingWakeup("legal-delivery-wakeup",
            () -> deliverRound(getCamelContext()));

    LegalRoutes(LegalServiceProperties props, LegalDelivery delivery, LegalCallback callback, LegalEvents legalEvents,
            LegalCases cases, java.time.Clock clock, LegalWithdrawals withdrawals,
            @org.springframework.beans.factory.annotation.Value("${tongjie.kafka.canonical-topic}") String canonicalTopic) {
        this.withdrawals = withdrawals;
        this.canonicalTopic = canonicalTopic;
        this.props = props;
        this.delivery = delivery;
        this.callback = callback;
        this.legalEvents = legalEvents;
        this.cases = cases;
        this.clock = clock;
    }

    @Override
    public void configure() {
        rest("/api/legal-service/v1")
                .post("/events").id("legal-events-rest").consumes("application/json").produces("application/json")
                .to("direct:legal-receive-event");

        from("direct:legal-receive-event").routeId("legal-receive-event")
                .process(callback::handle).id("legal-handle-event");

        // --- hub → legal: createCase -------------------------------------------------------------------------
        from("timer:legal-delivery?delay=2000&period=" + props.pollInterval().toMillis())
                .routeId("legal-delivery-poll")
                .process(this::deliverRound).id("legal-deliver-round");

        from("direct:legal-create-case").routeId("legal-create-case")
                .errorHandler(noErrorHandler())
                .process(this::prepare).id("legal-prepare-request")
                .choice()
                    .when(exchangeProperty("tongjieIncomplete").isNotNull())
                        .process(e -> delivery.blocked(assignment(e), e.getProperty("tongjieIncomplete", String.class)))
                        .id("legal-block-incomplete")
                    .otherwise()
                        .circuitBreaker().id("legal-circuit-breaker")
                            .resilience4jConfiguration()
                                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                                .waitDurationInOpenState(30).permittedNumberOfCallsInHalfOpenState(1)
                            .end()
                            .process(e -> ExchangeLog.record(LegalDelivery.AGENCY, ExchangeLog.Direction.OUT, "createCase", assignment(e).externalRef(), assignment(e).disputeId(), "application/json", e.getIn().getBody(String.class))).id("legal-exchange-log")
                            .toD(props.baseUrl() + "/rmtj/api/v2/cases?throwExceptionOnFailure=false&httpMethod=POST")
                                .id("legal-post-create-case")
                            .convertBodyTo(String.class).id("legal-read-answer")
                            .process(this::failOnUnavailable).id("legal-check-availability")
                        .onFallback()
                            .process(this::unavailable).id("legal-retry-later")
                        .end()
                        .process(this::onAnswer).id("legal-handle-answer")
                .end();

        // §6 withdrawCase and getCase: one direct: route per operation, same headers discipline as createCase.
        from("direct:legal-withdraw-case").routeId("legal-withdraw-case")
                .errorHandler(noErrorHandler())
                .process(e -> outboundHeaders(e, "POST")).id("legal-withdraw-headers")
                .toD(props.baseUrl() + "/rmtj/api/v2/cases/${exchangeProperty.tongjieCaseNo}/withdraw"
                        + "?throwExceptionOnFailure=false").id("legal-post-withdraw")
                .convertBodyTo(String.class);

        from("direct:legal-get-case").routeId("legal-get-case")
                .errorHandler(noErrorHandler())
                .process(e -> outboundHeaders(e, "GET")).id("legal-get-case-headers")
                .toD(props.baseUrl() + "/rmtj/api/v2/cases/${exchangeProperty.tongjieCaseNo}"
                        + "?throwExceptionOnFailure=false").id("legal-http-get-case")
                .convertBodyTo(String.class);

        // The source withdrew a dispute (court WithdrawDelegation, ...): withdraw its open case at the committee.
        from("kafka:" + canonicalTopic + "?groupId=tongjie-legal-withdrawals"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a short poll lets the route stop quickly on shutdown
                + "&pollTimeoutMs=500")
                .routeId("legal-withdraw-on-source-withdrawal")
                .routeConfigurationId(cn.tongjie.hub.canonical.CanonicalConsumerErrors.ID)
                .process(e -> withdrawals.onCanonicalEvent(e.getIn().getBody(String.class)))
                .id("legal-withdraw-react")
                .process(cn.tongjie.hub.infra.KafkaSupport::commit).id("legal-withdraw-commit-offset");

        // §7.5: once a day (checked hourly; LegalCases decides the hour and skips the maintenance window).
        from("timer:legal-reconciliation?delay=120000&period=3600000").routeId("legal-reconciliation")
                .process(e -> cases.reconcileDue(false)).id("legal-reconcile-due");

        // §7.4: an orphan event unmatched after 24 h raises an operator alert.
        from("timer:legal-orphans?delay=60000&period=3600000").routeId("legal-orphan-check")
                .process(e -> legalEvents.alertOldOrphans(OffsetDateTime.now(clock).minusHours(24)))
                .id("legal-alert-orphans")
                .log(LoggingLevel.DEBUG, "orphan check done");
    }

    private void outboundHeaders(Exchange e, String method) {
        var m = e.getIn();
        String caseNo = m.getHeader("caseNo", String.class);
        if (caseNo == null || !caseNo.matches("RMTJ-\\d{6}-\\d{4}-\\d{6}")) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "not a legal-service caseNo: " + caseNo);
        }
        e.setProperty("tongjieCaseNo", caseNo);
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, method);
        m.setHeader("Authorization", "Bearer " + props.outboundToken());
        m.setHeader("Accept", "application/json");
        if ("POST".equals(method)) {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        } else {
            m.setBody(null);
        }
    }

    private void prepare(Exchange e) {
        Assignment a = e.getIn().getBody(Assignment.class);
        e.setProperty(ASSIGNMENT, a);
        String body = delivery.requestBody(a);
        String incomplete = delivery.incompleteReason(body);
        if (incomplete != null) {
            e.setProperty("tongjieIncomplete", incomplete);
        }
        var m = e.getIn();
        m.removeHeaders("*"); // only the contract's headers go out
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        m.setHeader("Authorization", "Bearer " + props.outboundToken());
        m.setHeader("Accept", "application/json");
        m.setBody(body);
    }

    /** 5xx counts as a failure for the circuit breaker; 4xx answers are the agency's verdict, not an outage. */
    private void failOnUnavailable(Exchange e) {
        Integer code = e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (code != null && code >= 500) {
            String hint = e.getMessage().getHeader("Retry-After", "", String.class) + "|"
                    + maintenanceUntil(e.getMessage().getBody(String.class));
            throw new AgencyUnavailable("HTTP " + code, hint);
        }
    }

    private void unavailable(Exchange e) {
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String hint = cause instanceof AgencyUnavailable u ? u.hint : null;
        String why = cause == null ? "circuit open" : cause instanceof AgencyUnavailable u ? u.getMessage()
                : cause.getClass().getSimpleName();
        delivery.retry(assignment(e), why, hint);
        e.setProperty("tongjieHandled", true);
    }

    /**
     * Sends due assignments one by one in creation order; the first outage ends the round, because the rest would meet
     * the same outage and must keep their order (§8: "sent afterwards, in the order they were created").
     */
    /** A newly queued assignment goes out as soon as its transaction commits, not at the next timer round. */
    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(Assignments.Queued queued) {
        if (LegalDelivery.AGENCY.equals(queued.agency())) {
            wakeup.signal();
        }
    }

    @PreDestroy
    void stopWakeups() {
        wakeup.close();
    }

    private void deliverRound(Exchange timer) {
        deliverRound(timer.getContext());
    }

    /** Serialised: the timer and wake-ups never deliver concurrently, so creation order holds. */
    private synchronized void deliverRound(org.apache.camel.CamelContext camel) {
        if (camel == null || !camel.isStarted()) {
            return;
        }
        ProducerTemplate producer = producer(camel);
        List<Assignment> due = delivery.due();
        int inFlight = Math.max(1, props.concurrency());
        // a few calls at once, a round at a time; a maintenance answer or a failure stops the round as before (the
        // calls already in flight finish and are handled each on its own)
        for (int from = 0; from < due.size(); from += inFlight) {
            List<java.util.concurrent.Future<Exchange>> calls = new java.util.ArrayList<>();
            for (Assignment a : due.subList(from, Math.min(due.size(), from + inFlight))) {
                calls.add(producer.asyncSend("direct:legal-create-case", x -> x.getIn().setBody(a)));
            }
            boolean stop = false;
            for (java.util.concurrent.Future<Exchange> call : calls) {
                try {
                    Exchange done = call.get();
                    stop |= Boolean.TRUE.equals(done.getProperty("tongjieHandled", Boolean.class)) || done.isFailed();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    stop = true; // the assignment stays due; the next round tries it again
                }
            }
            if (stop) {
                break;
            }
        }
    }

    private ProducerTemplate producer(org.apache.camel.CamelContext camel) {
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        return template;
    }

    private void onAnswer(Exchange e) {
        if (Boolean.TRUE.equals(e.getProperty("tongjieHandled", Boolean.class))) {
            return;
        }
        Assignment a = assignment(e);
        int code = e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = e.getMessage().getBody(String.class);
        if (code == 201 || (code == 409 && body != null && body.contains("DUPLICATE_EXTERNAL_REF"))) {
            delivery.created(a, code, body);
        } else if (code == 400 || code == 401 || code == 403 || code == 409 || code == 422) {
            delivery.rejected(a, code, body);
        } else {
            delivery.retry(a, "HTTP " + code, null);
        }
    }

    private static Assignment assignment(Exchange e) {
        return e.getProperty(ASSIGNMENT, Assignment.class);
    }

    private static String maintenanceUntil(String body) {
        try {
            return body == null ? "" : MAPPER.readTree(body).path("maintenanceUntil").asText("");
        } catch (Exception notJson) {
            return "";
        }
    }

    /** An outage answer: counted by the circuit breaker and turned into a later retry. */
    static final class AgencyUnavailable extends HubException {
        final String hint;

        AgencyUnavailable(String message, String hint) {
            super(ErrorCode.TJ_AGENCY_UNAVAILABLE, message);
            this.hint = hint;
        }
    }
}
