package cn.tongjie.hub.canonical;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replay of a canonical event one consumer route could not process ({@link CanonicalConsumerErrors} quarantined it
 * with source {@code <topic>#<routeId>}). The (edited) event goes through that route's own steps, in order, exactly as
 * if the route had just consumed it — only that consumer, not every consumer of the topic (the others processed the
 * event already) — but without the route's error handler, so a failure comes back to the operator instead of being
 * quarantined again. The offset commit step finds no Kafka commit handle and does nothing.
 *
 * <p>The steps run in a savepoint of the caller's transaction: a replay that fails half-way leaves nothing behind,
 * while the refusal is still audited and the entry stays open.
 */
@Component
class CanonicalQuarantineReplay implements QuarantineReplayer {

    static final String AGENCY = "hub";
    /** Marks the wrapper that carries a step's own exception out of the transaction callback. */
    private static final String STEP_FAILED = "replayed step failed";

    private final CamelContext camel;
    private final TransactionTemplate savepoint;

    CanonicalQuarantineReplay(CamelContext camel, PlatformTransactionManager transactions) {
        this.camel = camel;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public boolean handles(QuarantineEntry entry) {
        return AGENCY.equals(entry.agency()) && routeId(entry) != null && definition(routeId(entry)) != null;
    }

    @Override
    public Replayed replay(QuarantineEntry entry, byte[] value) {
        String routeId = routeId(entry);
        RouteDefinition route = routeId == null ? null : definition(routeId);
        if (route == null) {
            return refused("ROUTE_GONE", "the consumer route " + routeId + " no longer runs here");
        }
        List<Processor> steps = new ArrayList<>();
        for (ProcessorDefinition<?> step : route.getOutputs()) {
            if (step.isAbstract()) {
                continue; // onException, onCompletion, intercept: the route's handling, not its steps
            }
            // a .process(...) step holds the route's own processor; anything else is looked up by its step id
            Processor p = step instanceof ProcessDefinition pd && pd.getProcessor() != null ? pd.getProcessor()
                    : step.getId() == null ? null : camel.getProcessor(step.getId());
            if (p == null) {
                // a step we cannot address would be skipped silently: refuse instead
                return refused("ROUTE_NOT_REPLAYABLE", "step " + step.getShortName() + " of " + routeId
                        + " has no id");
            }
            steps.add(p);
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(new String(value, StandardCharsets.UTF_8));
        String topic = entry.source().substring(0, entry.source().indexOf('#'));
        exchange.getIn().setHeader(KafkaConstants.TOPIC, topic);
        if (entry.keyBytes() != null) {
            exchange.getIn().setHeader(KafkaConstants.KEY, new String(entry.keyBytes(), StandardCharsets.UTF_8));
        }
        exchange.getIn().setHeader(KafkaConstants.PARTITION, entry.kafkaPartition());
        exchange.getIn().setHeader(KafkaConstants.OFFSET, entry.kafkaOffset());
        try {
            savepoint.executeWithoutResult(s -> {
                for (Processor p : steps) {
                    try {
                        p.process(exchange);
                    } catch (Exception e) {
                        throw new HubException(ErrorCode.TJ_INTERNAL, STEP_FAILED, e);
                    }
                    if (exchange.getException() != null) {
                        throw new HubException(ErrorCode.TJ_INTERNAL, STEP_FAILED, exchange.getException());
                    }
                }
            });
        } catch (RuntimeException e) {
            Throwable cause = STEP_FAILED.equals(e.getMessage()) && e.getCause() != null ? e.getCause() : e;
            // the exception message may quote the event (personal data): its type and hub error code only
            String code = cause instanceof HubException h ? " " + h.errorCode().code() : "";
            return refused("HUB_PROCESSING_FAILED", routeId + " failed: " + cause.getClass().getSimpleName() + code);
        }
        // the key is usually the dispute id, but an alert stream's events are keyed by alert: no dispute claimed here
        return new Replayed(true, "PROCESSED by " + routeId, null, List.of());
    }

    private static String routeId(QuarantineEntry entry) {
        String source = entry.source();
        int hash = source == null ? -1 : source.indexOf('#');
        return hash < 0 || hash == source.length() - 1 ? null : source.substring(hash + 1);
    }

    private RouteDefinition definition(String routeId) {
        return camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(routeId);
    }

    private static Replayed refused(String code, String detail) {
        return new Replayed(false, "INVALID", null, List.of(code + " $: " + detail));
    }
}
