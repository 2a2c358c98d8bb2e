package cn.tongjie.hub.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The dispute id and message id are in the log context exactly while a route handles that message. */
class LogCorrelationTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final LogCorrelation.Policy policy = new LogCorrelation.Policy();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void shouldCarryTheDisputeIdOfACanonicalEventWhileItIsHandledAndDropItAfter() {
        Route route = route("kafka:tongjie.dispute.events?groupId=tongjie-triage");
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader("kafka.KEY", "TJ-20261128-000001");
        e.getIn().setHeader("ce_id", "4f6c1a2e-0000-4000-8000-000000000001".getBytes());

        policy.onExchangeBegin(route, e);
        assertThat(MDC.get("disputeId")).isEqualTo("TJ-20261128-000001");
        assertThat(MDC.get("messageId")).isEqualTo("4f6c1a2e-0000-4000-8000-000000000001");

        policy.onExchangeDone(route, e);
        assertThat(MDC.get("disputeId")).isNull();
        assertThat(MDC.get("messageId")).isNull();
    }

    @Test
    void shouldNotTakeAnAgencysRecordKeyForADisputeIdButKeepItsMessageId() {
        // the police topic is keyed by jjdbh: a police number is no dispute id
        Route route = route("kafka:police.110.dispute-handover?groupId=tongjie-police");
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader("kafka.KEY", "J150502202611280001");
        e.getIn().setHeader("police-msg-id", "0b8e6a3c-1111-4222-8333-444455556666");

        policy.onExchangeBegin(route, e);
        assertThat(MDC.get("disputeId")).isNull();
        assertThat(MDC.get("messageId")).isEqualTo("0b8e6a3c-1111-4222-8333-444455556666");
    }

    @Test
    void shouldNotLeaveAnEarlierMessagesKeysToTheNextOnTheSameThread() {
        Route canonical = route("kafka:tongjie.dispute.events");
        Exchange first = new DefaultExchange(camel);
        first.getIn().setHeader("kafka.KEY", "TJ-20261128-000001");
        policy.onExchangeBegin(canonical, first);
        // the next message on this thread has no key of its own
        Exchange second = new DefaultExchange(camel);
        policy.onExchangeBegin(route("timer:union-referrals"), second);
        assertThat(MDC.get("disputeId")).isNull();
    }

    private static Route route(String uri) {
        Route route = mock(Route.class);
        Endpoint endpoint = mock(Endpoint.class);
        when(endpoint.getEndpointUri()).thenReturn(uri);
        when(route.getEndpoint()).thenReturn(endpoint);
        return route;
    }
}
