package cn.tongjie.hub.admin.console;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

/**
 * Every Camel route with its status and counters, from the Micrometer route policy (camel.metrics.enable-route-policy)
 * and the context's inflight repository; suspend and resume for ADMIN, audited.
 */
@Component
class RouteBoard {

    private final CamelContext camel;
    private final MeterRegistry meters;
    private final RouteFailures failures;
    private final AuditLog audit;

    RouteBoard(CamelContext camel, MeterRegistry meters, RouteFailures failures, AuditLog audit) {
        this.camel = camel;
        this.meters = meters;
        this.failures = failures;
        this.audit = audit;
    }

    /**
     * @param meanMs mean processing time since start (ms); maxMs the longest in Micrometer's recent window
     */
    record RouteView(String routeId, String from, String status, String group, long exchangesTotal,
            long exchangesFailed, long failuresHandled, int inflight, double meanMs, double maxMs,
            RouteFailures.LastError lastError, boolean suspendable) {
    }

    List<RouteView> routes() {
        return camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(this::view).toList();
    }

    private RouteView view(Route r) {
        String id = r.getRouteId();
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        Timer timer = meters.find("camel.route.policy").tag("routeId", id).timer();
        String endpoint = r.getEndpoint() == null ? null : r.getEndpoint().getEndpointBaseUri();
        return new RouteView(id, endpoint, status == null ? "Unknown" : status.name(), r.getGroup(),
                count("camel.exchanges.total", id), count("camel.exchanges.failed", id),
                count("camel.exchanges.failures.handled", id), camel.getInflightRepository().size(id),
                timer == null ? 0 : timer.mean(TimeUnit.MILLISECONDS), timer == null ? 0 : timer.max(TimeUnit.MILLISECONDS),
                failures.lastError(id), r.supportsSuspension());
    }

    private long count(String name, String routeId) {
        Counter c = meters.find(name).tag("routeId", routeId).counter();
        return c == null ? 0 : (long) c.count();
    }

    RouteView suspend(String routeId, String actor) {
        Route r = route(routeId);
        try {
            // a consumer that cannot pause (e.g. a timer) is stopped instead; resume starts it again
            if (r.supportsSuspension()) {
                camel.getRouteController().suspendRoute(routeId);
            } else {
                camel.getRouteController().stopRoute(routeId);
            }
        } catch (Exception e) {
            throw new HubException(ErrorCode.TJ_CONSOLE_CONFLICT, "route " + routeId + " could not be suspended: "
                    + e.getClass().getSimpleName(), e);
        }
        audit.record(actor, "ROUTE_SUSPEND", "route/" + routeId, "status now "
                + camel.getRouteController().getRouteStatus(routeId));
        return view(r);
    }

    RouteView resume(String routeId, String actor) {
        Route r = route(routeId);
        try {
            ServiceStatus s = camel.getRouteController().getRouteStatus(routeId);
            if (s == ServiceStatus.Suspended) {
                camel.getRouteController().resumeRoute(routeId);
            } else if (s != ServiceStatus.Started) {
                camel.getRouteController().startRoute(routeId);
            }
        } catch (Exception e) {
            throw new HubException(ErrorCode.TJ_CONSOLE_CONFLICT, "route " + routeId + " could not be resumed: "
                    + e.getClass().getSimpleName(), e);
        }
        audit.record(actor, "ROUTE_RESUME", "route/" + routeId, "status now "
                + camel.getRouteController().getRouteStatus(routeId));
        return view(r);
    }

    private Route route(String routeId) {
        Route r = camel.getRoute(routeId);
        if (r == null) {
            throw new HubException(ErrorCode.TJ_CONSOLE_NOT_FOUND, "no route " + routeId);
        }
        return r;
    }
}
