package cn.tongjie.hub.admin.console;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Remembers the last failure of every route for the routes page (Camel's counters say how many, not what). Only the
 * exception's type and the hub's error code are kept: exception messages may quote the payload (personal data).
 */
@Component
class RouteFailures extends EventNotifierSupport {

    record LastError(OffsetDateTime at, String type, String message) {
    }

    private final Map<String, LastError> last = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Camel's Spring Boot configurer registers every EventNotifier bean with the context: no manual add. */
    RouteFailures(Clock clock) {
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange e = ((ExchangeFailedEvent) event).getExchange();
        String routeId = e.getFromRouteId();
        Throwable t = e.getException();
        if (routeId == null || t == null) {
            return;
        }
        String code = t instanceof cn.tongjie.hub.common.HubException h ? h.errorCode().code() + " "
                + h.errorCode().description() : null;
        last.put(routeId, new LastError(OffsetDateTime.now(clock), t.getClass().getSimpleName(), code));
    }

    LastError lastError(String routeId) {
        return last.get(routeId);
    }
}
