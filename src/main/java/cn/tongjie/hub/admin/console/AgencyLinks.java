package cn.tongjie.hub.admin.console;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The state of every agency link as far as the hub knows it, from its own tables and routes (no probing of the
 * agencies): are the link's routes running, is a circuit breaker open, how many messages wait to be delivered and how
 * many of those already failed an attempt, when did the link last work. DOWN = a route of the link is not running or
 * its breaker is open; DEGRADED = deliveries are failing, a court's outbox is paused or the breaker is half-open.
 */
@Component
class AgencyLinks {

    private static final Logger log = LoggerFactory.getLogger(AgencyLinks.class);

    /**
     * One link: the queries that describe it. Each query returns one value; a null query means "not applicable".
     *
     * @param routePrefixes route ids of this link start with one of these
     */
    record Link(String agency, String nameZh, String nameEn, List<String> routePrefixes, String backlogSql,
            String failingSql, String pausedSql, List<String> lastSuccessSql, String breakerNodeId) {
    }

    static final List<Link> LINKS = List.of(
            new Link("police", "公安110", "Police 110", List.of("police-"),
                    "select count(*) from outbox where status = 'PENDING' and destination = 'police-feedback'",
                    "select count(*) from outbox where status = 'PENDING' and destination = 'police-feedback' and attempts > 0",
                    null,
                    List.of("select max(received_at) from inbound_message where agency = 'police'",
                            "select max(sent_at) from outbox where destination = 'police-feedback'"),
                    null),
            new Link("legal-service", "司法局人民调解", "Justice bureau (people's mediation)", List.of("legal-"),
                    "select count(*) from assignment where agency = 'legal-service' and status = 'PENDING'",
                    "select count(*) from assignment where agency = 'legal-service' and status = 'PENDING' and attempts > 0",
                    null,
                    List.of("select max(received_at) from legal_event",
                            "select max(updated_at) from assignment where agency = 'legal-service' and status <> 'PENDING'"),
                    "legal-circuit-breaker"),
            new Link("court", "法院", "Courts", List.of("court-"),
                    "select count(*) from court_outbound where status = 'PENDING'",
                    "select count(*) from court_outbound where status = 'PENDING' and attempts > 0",
                    "select count(*) from court_outbox_pause",
                    List.of("select max(received_at) from court_inbound",
                            "select max(answered_at) from court_outbound where status = 'ACCEPTED'"),
                    null),
            new Link("petition", "信访", "Petition office", List.of("petition-"),
                    "select count(*) from petition_feedback where status = 'PENDING'",
                    "select count(*) from petition_feedback where status = 'PENDING' and attempts > 0",
                    null,
                    List.of("select max(received_at) from petition_item",
                            "select max(sent_at) from petition_feedback"),
                    null),
            new Link("grid", "网格化平台", "Grid platform", List.of("grid-"),
                    "select count(*) from grid_status_out where state = 'PENDING'",
                    "select count(*) from grid_status_out where state = 'PENDING' and attempts > 0",
                    null,
                    List.of("select max(pushed_at) from grid_event", "select max(sent_at) from grid_status_out"),
                    null),
            new Link("womens-federation", "妇联", "Women's federation", List.of("wf-"),
                    "select count(*) from assignment where agency = 'womens-federation' and status = 'PENDING'",
                    "select count(*) from assignment where agency = 'womens-federation' and status = 'PENDING' and attempts > 0",
                    null,
                    List.of("select max(received_at) from wf_result",
                            "select max(updated_at) from assignment where agency = 'womens-federation' and status <> 'PENDING'"),
                    null),
            new Link("trade-union", "工会", "Trade union", List.of("union-"),
                    "select count(*) from union_file where uploaded_at is null",
                    "select count(*) from union_file where uploaded_at is null and attempts > 0",
                    null,
                    List.of("select max(uploaded_at) from union_file", "select max(result_at) from union_case"),
                    null));

    private final JdbcClient jdbc;
    private final CamelContext camel;

    AgencyLinks(JdbcClient jdbc, CamelContext camel) {
        this.jdbc = jdbc;
        this.camel = camel;
    }

    record LinkState(String agency, String nameZh, String nameEn, String state, List<String> why, long backlog,
            long failing, String breaker, List<String> routesNotRunning, OffsetDateTime lastSuccess,
            long in, long out, long quarantined) {
    }

    /** @param windowCounts per agency: "in", "out" and "quarantined" counts of the chart window */
    List<LinkState> states(Map<String, Map<String, Long>> windowCounts) {
        List<LinkState> out = new ArrayList<>();
        for (Link l : LINKS) {
            List<String> why = new ArrayList<>();
            List<String> notRunning = camel.getRoutes().stream()
                    .filter(r -> l.routePrefixes().stream().anyMatch(p -> r.getRouteId().startsWith(p)))
                    .filter(r -> camel.getRouteController().getRouteStatus(r.getRouteId()) != ServiceStatus.Started)
                    .map(r -> r.getRouteId()).toList();
            boolean hasRoutes = camel.getRoutes().stream()
                    .anyMatch(r -> l.routePrefixes().stream().anyMatch(p -> r.getRouteId().startsWith(p)));
            String breaker = breakerState(l.breakerNodeId());
            long backlog = count(l.backlogSql());
            long failing = count(l.failingSql());
            long paused = count(l.pausedSql());
            String state = "UP";
            if (!hasRoutes) {
                state = "DISABLED";
                why.add("no-routes");
            }
            if (!notRunning.isEmpty()) {
                state = "DOWN";
                why.add("routes-not-running");
            }
            if ("OPEN".equals(breaker) || "FORCED_OPEN".equals(breaker)) {
                state = "DOWN";
                why.add("breaker-open");
            }
            if (state.equals("UP")) {
                if (failing > 0) {
                    state = "DEGRADED";
                    why.add("deliveries-failing");
                }
                if (paused > 0) {
                    state = "DEGRADED";
                    why.add("outbox-paused");
                }
                if ("HALF_OPEN".equals(breaker)) {
                    state = "DEGRADED";
                    why.add("breaker-half-open");
                }
            }
            OffsetDateTime last = null;
            for (String sql : l.lastSuccessSql()) {
                OffsetDateTime t = time(sql);
                if (t != null && (last == null || t.isAfter(last))) {
                    last = t;
                }
            }
            Map<String, Long> c = windowCounts.getOrDefault(l.agency(), Map.of());
            out.add(new LinkState(l.agency(), l.nameZh(), l.nameEn(), state, why, backlog, failing, breaker,
                    notRunning, last, c.getOrDefault("in", 0L), c.getOrDefault("out", 0L),
                    c.getOrDefault("quarantined", 0L)));
        }
        return out;
    }

    /** The resilience4j state of a Camel circuitBreaker node (CLOSED, OPEN, HALF_OPEN ...), or null. */
    private String breakerState(String nodeId) {
        if (nodeId == null) {
            return null;
        }
        Processor p = camel.getProcessor(nodeId);
        if (p instanceof org.apache.camel.component.resilience4j.ResilienceProcessor r) {
            return r.getCircuitBreakerState();
        }
        return null;
    }

    private long count(String sql) {
        if (sql == null) {
            return 0;
        }
        try {
            Long n = jdbc.sql(sql).query(Long.class).single();
            return n == null ? 0 : n;
        } catch (org.springframework.dao.DataAccessException e) {
            // a connector's table missing (e.g. a newer migration not applied) must not break the whole overview
            log.debug("overview query failed: {}", e.getMessage());
            return 0;
        }
    }

    private OffsetDateTime time(String sql) {
        try {
            // max() over no rows is one row holding null
            List<OffsetDateTime> rows = jdbc.sql(sql).query(OffsetDateTime.class).list();
            return rows.isEmpty() ? null : rows.get(0);
        } catch (org.springframework.dao.DataAccessException e) {
            log.debug("overview query failed: {}", e.getMessage());
            return null;
        }
    }
}
