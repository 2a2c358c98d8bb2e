package cn.tongjie.hub.grid;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Canonical events of grid-sourced disputes → status updates for the platform (contract §6, docs/grid-mapping.md).
 * The §6.2 transition rules are applied here, on what the hub already queued for the event (grid_event.last_status,
 * under a row lock), so the hub never queues an update the platform would refuse: "received" once and first, nothing
 * after a final status, "assigned" after "in_mediation" becomes an in_mediation progress note.
 */
@Service
class GridStatusFeedback {

    private static final Logger log = LoggerFactory.getLogger(GridStatusFeedback.class);
    static final String RECEIVED = "received";
    static final String ASSIGNED = "assigned";
    static final String IN_MEDIATION = "in_mediation";
    static final String RESOLVED = "resolved";
    static final String ESCALATED = "escalated";
    /** Who the platform is told handles a dispute no mediation body could take. */
    static final String HUB_CENTRE = "通辽市矛盾纠纷多元化解中心";
    private static final Set<EventType> REPORTED = Set.of(EventType.DISPUTE_REGISTERED, EventType.MEDIATION_ASSIGNED,
            EventType.MEDIATION_ACCEPTED, EventType.MEDIATION_MEDIATOR_ASSIGNED, EventType.MEDIATION_CONCLUDED,
            EventType.DISPUTE_UNRESOLVED, EventType.DISPUTE_CORRELATED);
    /** Assignment states in which MEDIATION_ASSIGNED has been announced (the body's system registered the case). */
    private static final Set<AssignmentStatus> DELIVERED = Set.of(AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED,
            AssignmentStatus.IN_MEDIATION);
    /** §2: seconds precision with the +08:00 offset written out. */
    static final DateTimeFormatter UPDATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final ZoneOffset SHANGHAI = ZoneOffset.ofHours(8);

    /** Published after a status update was queued; the sender sends it once the transaction committed. */
    record Queued(String eventId) {
    }

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final Assignments assignments;

    GridStatusFeedback(JdbcClient jdbc, DisputeRegistry registry, CanonicalEvents events, ObjectMapper mapper,
            Clock clock, ApplicationEventPublisher publisher, Assignments assignments) {
        this.assignments = assignments;
        this.jdbc = jdbc;
        this.registry = registry;
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
        this.publisher = publisher;
    }

    private record State(String eventId, String lastStatus, OffsetDateTime lastUpdatedAt) {
    }

    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        Optional<EventType> type = EventType.fromCeType(ce.type());
        if (type.isEmpty() || ce.subject() == null || !REPORTED.contains(type.get())) {
            return; // nothing the grid contract reports: no database work
        }
        Optional<Dispute> d = registry.find(ce.subject());
        // the grid event of the dispute: its origin, or attached by cross-channel correlation (§5.5)
        Optional<String> ref = d.isEmpty() ? Optional.empty()
                : registry.refOf(d.get().disputeId(), GridIntake.AGENCY, "event_id");
        if (ref.isEmpty()) {
            return;
        }
        String eventId = ref.get();
        // Row lock: two canonical events of one dispute never compute the next status concurrently.
        Optional<State> found = jdbc.sql("""
                select event_id, last_status, last_updated_at from grid_event where event_id = :id for update""")
                .param("id", eventId)
                .query((rs, n) -> new State(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class))).optional();
        if (found.isEmpty()) {
            return;
        }
        State s = found.get();
        String disputeId = d.get().disputeId();
        // Once per canonical event: a redelivered record (offset not committed before a crash) queues nothing twice.
        if (!registry.recordFact(disputeId, "grid-status:" + ce.id())) {
            return;
        }
        if (type.get() == EventType.DISPUTE_CORRELATED) {
            correlated(s, disputeId, events.data(ce, EventData.DisputeCorrelated.class));
            return;
        }
        if (s.lastStatus() == null) {
            // §6.2: the first status is "received", once per event_id (a duplicate push registers nothing).
            s = enqueue(s, disputeId, RECEIVED, null, "已接收。");
        }
        switch (type.get()) {
            case MEDIATION_ASSIGNED -> {
                EventData.MediationAssigned a = events.data(ce, EventData.MediationAssigned.class);
                String org = a.target().name();
                if (IN_MEDIATION.equals(s.lastStatus())) {
                    enqueue(s, disputeId, IN_MEDIATION, org, "已转由" + org + "调解。");
                } else {
                    enqueue(s, disputeId, ASSIGNED, org, "已委派" + org + "调解。");
                }
            }
            case MEDIATION_ACCEPTED -> {
                String org = events.data(ce, EventData.MediationAccepted.class).target().name();
                enqueue(s, disputeId, IN_MEDIATION, org, org + "已受理，正在调解。");
            }
            case MEDIATION_MEDIATOR_ASSIGNED -> {
                EventData.MediatorAssigned m = events.data(ce, EventData.MediatorAssigned.class);
                String who = m.mediator() == null || m.mediator().name() == null ? "" : m.mediator().name();
                enqueue(s, disputeId, IN_MEDIATION, m.target().name(), "调解员" + who + "已受理并联系双方。");
            }
            case MEDIATION_CONCLUDED -> concluded(s, disputeId, events.data(ce, EventData.MediationConcluded.class));
            case DISPUTE_UNRESOLVED -> {
                EventData.DisputeUnresolved u = events.data(ce, EventData.DisputeUnresolved.class);
                enqueue(s, disputeId, ESCALATED, HUB_CENTRE, "未能安排调解：" + u.reason());
            }
            default -> {
                // DISPUTE_REGISTERED: "received" above is all it means for the platform
            }
        }
    }

    /**
     * §5.5: the event joined a dispute another channel reported. "received" names the linked references; an assignment
     * made before the event arrived is caught up on (assigned, in_mediation), since its canonical events came earlier.
     */
    private void correlated(State s, String disputeId, EventData.DisputeCorrelated c) {
        if (!GridIntake.AGENCY.equals(c.agency()) || s.lastStatus() != null) {
            return; // another channel joined, or the grid has heard about this event already
        }
        String linked = registry.xrefs(disputeId).stream()
                .filter(x -> !x.agency().equals(GridIntake.AGENCY) && LINKED_NAMES.containsKey(x.agency()))
                .map(x -> LINKED_NAMES.get(x.agency()) + x.ref()).distinct()
                .collect(java.util.stream.Collectors.joining("、"));
        s = enqueue(s, disputeId, RECEIVED, null, linked.isEmpty() ? "已接收。" : "已接收，已关联" + linked + "。");
        Optional<AssignmentStatus> st = assignments.latestOf(disputeId).map(a -> a.status());
        if (st.isPresent() && DELIVERED.contains(st.get())) {
            String org = assignments.latestOf(disputeId).orElseThrow().targetName();
            s = enqueue(s, disputeId, ASSIGNED, org, "已委派" + org + "调解。");
            if (st.get() != AssignmentStatus.RECEIVED) {
                enqueue(s, disputeId, IN_MEDIATION, org, org + "已受理，正在调解。");
            }
        }
    }

    /** How the grid member is told which other channel's report this is (only references, no personal data). */
    private static final java.util.Map<String, String> LINKED_NAMES = java.util.Map.of("police", "110警情",
            "petition", "信访件", "womens-federation", "妇联案件");

    private void concluded(State s, String disputeId, EventData.MediationConcluded c) {
        String org = c.target().name();
        switch (c.result()) {
            case "SUCCESS" -> enqueue(s, disputeId, RESOLVED, org,
                    "调解成功" + (c.agreementText() == null ? "。" : "：" + oneLine(c.agreementText())));
            case "FAILURE" -> enqueue(s, disputeId, ESCALATED, org, "调解不成："
                    + (c.failureReason() == null ? "未达成协议" : oneLine(c.failureReason()))
                    + "，已告知当事人可依法申请仲裁或向人民法院起诉。");
            default -> enqueue(s, disputeId, RESOLVED, org, "调解终止："
                    + (c.failureReason() == null ? "当事人撤回或自行和解" : oneLine(c.failureReason())) + "。");
        }
    }

    /** §6.2 transition table of the platform. */
    static boolean allowed(String from, String to) {
        if (from == null) {
            return RECEIVED.equals(to);
        }
        return switch (from) {
            case RECEIVED -> Set.of(ASSIGNED, IN_MEDIATION, RESOLVED, ESCALATED).contains(to);
            case ASSIGNED -> Set.of(ASSIGNED, IN_MEDIATION, RESOLVED, ESCALATED).contains(to);
            case IN_MEDIATION -> Set.of(IN_MEDIATION, RESOLVED, ESCALATED).contains(to);
            default -> false; // resolved and escalated are final
        };
    }

    private State enqueue(State s, String disputeId, String status, String handlerOrg, String note) {
        if (!allowed(s.lastStatus(), status)) {
            log.info("Grid status {} for {} not queued: not allowed after {}", status, disputeId, s.lastStatus());
            return s;
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(SHANGHAI).truncatedTo(ChronoUnit.SECONDS);
        // §6.1: updated_at strictly increasing per event, even for two updates within one second.
        if (s.lastUpdatedAt() != null && !now.isAfter(s.lastUpdatedAt())) {
            now = s.lastUpdatedAt().withOffsetSameInstant(SHANGHAI).plusSeconds(1);
        }
        ObjectNode body = mapper.createObjectNode().put("status", status);
        if (handlerOrg != null) {
            body.put("handler_org", truncate(handlerOrg, 100));
        }
        body.put("note", truncate(note, 500)).put("updated_at", now.format(UPDATED_AT));
        jdbc.sql("""
                insert into grid_status_out (event_id, dispute_id, status, body, state, next_attempt_at, created_at)
                values (:e, :d, :s, :b, 'PENDING', :at, :at)""")
                .param("e", s.eventId()).param("d", disputeId).param("s", status).param("b", body.toString())
                .param("at", OffsetDateTime.now(clock)).update();
        jdbc.sql("update grid_event set last_status = :s, last_updated_at = :u where event_id = :e")
                .param("s", status).param("u", now).param("e", s.eventId()).update();
        registry.addTimeline(disputeId, OffsetDateTime.now(clock), "GRID_STATUS_QUEUED", GridIntake.AGENCY,
                Direction.OUT, "grid status " + status + " queued for " + s.eventId(), body.toString());
        publisher.publishEvent(new Queued(s.eventId()));
        return new State(s.eventId(), status, now);
    }

    private static String oneLine(String text) {
        return text.replace("\r", "").replace("\n", " ").trim();
    }

    private static String truncate(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }
}
