package cn.tongjie.hub.correlation;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An operator's undo of a wrong correlation: the attached report becomes the dispute it would have been (the id it
 * was given on arrival, its own canonical snapshot), its reference and its channel's feedback facts move with it, and
 * DISPUTE_REGISTERED sends it through triage on its own. A block row keeps it from ever being attached to that dispute
 * again. The dispute's origin cannot be split off (409): undo the other reports instead.
 */
@Service
class CorrelationUndo {

    private static final Logger log = LoggerFactory.getLogger(CorrelationUndo.class);

    record Result(String disputeId, String agency, String refType, String ref, String newDisputeId) {
    }

    private record Member(String disputeId, String provisionalId, String channel, String version, String category,
            String region, boolean urgent, boolean mass, String snapshot, String state) {
    }

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    CorrelationUndo(JdbcClient jdbc, DisputeRegistry registry, CanonicalEvents events, AuditLog audit,
            ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.events = events;
        this.audit = audit;
        this.mapper = mapper;
    }

    @Transactional
    public Result undo(String disputeId, String agency, String refType, String ref, String reason, String actor) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "reason is required (1–500 characters)");
        }
        // dispute row first, as everywhere: the order of locks is dispute → member
        Dispute d = registry.findForUpdate(disputeId).orElseThrow(
                () -> new HubException(ErrorCode.TJ_CORRELATION_UNKNOWN, "no dispute " + disputeId));
        Optional<Member> found = jdbc.sql("""
                select dispute_id, provisional_id, source_channel, source_version, category, region_code, urgent, mass,
                  snapshot, state from correlation_member
                where agency = :a and ref_type = :t and ref = :r for update""")
                .param("a", agency).param("t", refType).param("r", ref)
                .query((rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9),
                        rs.getString(10)))
                .optional().filter(m -> m.disputeId().equals(disputeId));
        if (found.isEmpty()) {
            if (agency.equals(d.sourceAgency()) && ref.equals(d.sourceRef())) {
                throw new HubException(ErrorCode.TJ_CORRELATION_NOT_UNDOABLE, agency + " " + ref
                        + " is the origin of " + disputeId + "; split off the reports attached to it instead");
            }
            throw new HubException(ErrorCode.TJ_CORRELATION_UNKNOWN, "no report " + agency + "/" + refType + "/" + ref
                    + " was attached to " + disputeId);
        }
        Member m = found.get();
        if (!"ACTIVE".equals(m.state())) {
            throw new HubException(ErrorCode.TJ_CORRELATION_NOT_UNDOABLE, "correlation of " + ref + " with "
                    + disputeId + " was undone already (now " + m.provisionalId() + ")");
        }
        OffsetDateTime now = registry.now();
        String newId = m.provisionalId();
        registry.create(new Dispute(newId, DisputeStatus.REGISTERED, null, m.category(), m.region(), agency,
                m.channel(), ref, m.version(), m.urgent(), m.mass(), false, m.snapshot(), now, now));
        registry.moveXref(agency, refType, ref, newId);
        // what this channel was told stays with its report (e.g. police 01 sent: no second 01 for the new dispute)
        registry.moveFacts(disputeId, newId, agency + "-feedback:");
        jdbc.sql("""
                update correlation_member set state = 'UNDONE', undone_at = :at, undone_by = :by, undo_reason = :why
                where agency = :a and ref_type = :t and ref = :r""")
                .param("at", now).param("by", actor).param("why", why).param("a", agency).param("t", refType)
                .param("r", ref).update();
        jdbc.sql("""
                insert into correlation_block (agency, ref_type, ref, dispute_id, created_at)
                values (:a, :t, :r, :d, :at)""")
                .param("a", agency).param("t", refType).param("r", ref).param("d", disputeId).param("at", now).update();
        registry.addTimeline(disputeId, now, "DISPUTE_DECORRELATED", "hub", Direction.INTERNAL, agency + " report "
                + ref + " split off into " + newId + " by " + actor + ": " + why, null);
        registry.addTimeline(newId, now, "DISPUTE_DECORRELATED", "hub", Direction.INTERNAL, agency + " report " + ref
                + " split off " + disputeId + " by " + actor + "; triaged on its own", null);
        audit.record(actor, "CORRELATION_UNDO", disputeId + " " + agency + "/" + refType + "/" + ref,
                "split off into " + newId + ": " + why);
        events.publish(EventType.DISPUTE_DECORRELATED, disputeId, agency,
                new EventData.DisputeDecorrelated(disputeId, agency, refType, ref, newId, why, now.toString()));
        try {
            // the new dispute goes through triage like any newly registered one
            events.publish(EventType.DISPUTE_REGISTERED, newId, agency, mapper.readTree(m.snapshot()));
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored snapshot of " + ref + " unreadable", e);
        }
        log.info("Correlation of {} report {} with {} undone: now {}", agency, ref, disputeId, newId);
        return new Result(disputeId, agency, refType, ref, newId);
    }
}
