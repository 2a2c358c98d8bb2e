package cn.tongjie.hub.admin;

import cn.tongjie.hub.court.CourtSender;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One health indicator per agency link ({@code /actuator/health/agencies/<agency>}, the court one per court): UP,
 * DEGRADED (retrying, backlog, half-open breaker, growing lag) or DOWN (a waiting message failed
 * {@code tongjie.ops.down-after-attempts} times, an open breaker, an outbox stopped after AUTH_FAILED, a stopped
 * intake route, police lag over 24 h). Built from what the connectors already keep: their store-and-forward tables,
 * the court breakers, the police lag gauge and the Camel route status. Not in the readiness group: an agency's
 * outage must not take the hub out of service — the hub exists to buffer it.
 */
@Component("agencies")
class AgencyLinkHealth implements CompositeHealthContributor {

    static final Status DEGRADED = new Status("DEGRADED", "working, but retrying or backing up");

    private final JdbcClient jdbc;
    private final OpsProperties props;
    private final Clock clock;
    private final Map<String, HealthContributor> links = new LinkedHashMap<>();

    AgencyLinkHealth(JdbcClient jdbc, OpsProperties props, Clock clock, Environment env,
            ObjectProvider<CourtSender> courtSender, ObjectProvider<CamelContext> camel, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
        links.put("police", (HealthIndicator) () -> police(camel.getIfAvailable(), meters));
        links.put("legal-service", (HealthIndicator) () -> outbox(LinkBacklog.LEGAL, null).build());
        Map<String, HealthContributor> courts = new LinkedHashMap<>();
        for (String digits : courtCodes(env)) {
            courts.put(digits, (HealthIndicator) () -> court(digits, courtSender.getIfAvailable()));
        }
        if (!courts.isEmpty()) {
            links.put("court", CompositeHealthContributor.fromMap(courts));
        }
        links.put("petition", (HealthIndicator) () -> outbox(LinkBacklog.PETITION, null).build());
        links.put("grid", (HealthIndicator) () -> outbox(LinkBacklog.GRID, null).build());
        links.put("womens-federation", (HealthIndicator) () -> outbox(LinkBacklog.WOMENS_FEDERATION, null).build());
        links.put("trade-union", (HealthIndicator) () -> outbox(LinkBacklog.TRADE_UNION, null).build());
    }

    /** Court keys of tongjie.court.courts ("05", "0502", ...). */
    static java.util.List<String> courtCodes(Environment env) {
        return Binder.get(env).bind("tongjie.court.courts", Bindable.mapOf(String.class, Object.class))
                .map(m -> m.keySet().stream().sorted().toList()).orElse(java.util.List.of());
    }

    private Health court(String digits, CourtSender sender) {
        String breaker = sender == null ? "n/a" : sender.breakerState(digits);
        boolean stopped = sender != null && sender.isStopped(digits);
        Status forced = stopped || "OPEN".equals(breaker) || "FORCED_OPEN".equals(breaker) ? Status.DOWN
                : "HALF_OPEN".equals(breaker) ? DEGRADED : null;
        return outbox(LinkBacklog.court(digits), forced).withDetail("breaker", breaker)
                .withDetail("stoppedAfterAuthFailure", stopped).build();
    }

    private Health.Builder outbox(LinkBacklog.Source source, Status forced) {
        LinkBacklog b = LinkBacklog.read(jdbc, source);
        Status s = forced != null ? forced
                : b.maxAttempts() >= props.downAfterAttempts() ? Status.DOWN
                : b.retrying() > 0 || b.pending() > props.degradedBacklog() ? DEGRADED
                : Status.UP;
        Health.Builder h = Health.status(s).withDetail("backlog", b.pending()).withDetail("retrying", b.retrying())
                .withDetail("maxAttempts", b.maxAttempts());
        if (b.oldestPending() != null) {
            h.withDetail("oldestWaitingSeconds", Duration.between(b.oldestPending(), OffsetDateTime.now(clock))
                    .toSeconds());
        }
        h.withDetail("lastSuccess", b.lastSuccess() == null ? "never" : b.lastSuccess().toString());
        return h;
    }

    private Health police(CamelContext camel, MeterRegistry meters) {
        ServiceStatus route = camel == null ? null : camel.getRouteController().getRouteStatus("police-handover-intake");
        Gauge lagAge = meters.find("tongjie.police.consumer.lag.age.seconds").gauge();
        Gauge lagRecords = meters.find("tongjie.police.consumer.lag.records").gauge();
        double age = lagAge == null ? 0 : lagAge.value();
        Status s = route != null && route != ServiceStatus.Started ? Status.DOWN
                : age >= props.policeLagDown().toSeconds() ? Status.DOWN
                : age >= props.policeLagDegraded().toSeconds() ? DEGRADED
                : Status.UP;
        long quarantined = jdbc.sql("select count(*) from quarantine where agency = 'police' and status = 'OPEN'")
                .query(Long.class).single();
        return Health.status(s).withDetail("intakeRoute", route == null ? "n/a" : route.name())
                .withDetail("lagAgeSeconds", (long) age)
                .withDetail("lagRecords", lagRecords == null ? 0 : (long) lagRecords.value())
                .withDetail("quarantinedOpen", quarantined).build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return links.get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return links.entrySet().stream().map(e -> NamedContributor.of(e.getKey(), e.getValue())).iterator();
    }
}
