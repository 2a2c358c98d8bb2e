package cn.tongjie.hub.petition;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.sharing.SharingPolicies;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contract §6: canonical outcomes of petition-sourced disputes → feedback rows (petition_feedback), numbered fkxh
 * 1, 2, 3 … and only in the §6.3 sequences, so the hub never queues what the petition system would answer with 409.
 * Mapping (docs/petition-mapping.md): assigned → 02 转办, accepted → 03 调解中, concluded → 04/05, unresolved → 06
 * (nothing sent yet) or 05. A row is durable before it is sent; the sender sends it later (§7.2).
 */
@Service
class PetitionFeedback {

    private static final Logger log = LoggerFactory.getLogger(PetitionFeedback.class);
    private static final Set<EventType> REPORTED = Set.of(EventType.MEDIATION_ASSIGNED, EventType.MEDIATION_ACCEPTED,
            EventType.MEDIATION_CONCLUDED, EventType.DISPUTE_UNRESOLVED, EventType.DISPUTE_CORRELATED);
    /** Assignment states in which MEDIATION_ASSIGNED has been announced (the body's system registered the case). */
    private static final Set<AssignmentStatus> DELIVERED = Set.of(AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED,
            AssignmentStatus.IN_MEDIATION);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String HUB_CENTRE = "通辽市矛盾纠纷多元化解中心";

    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ZoneId zone;
    private final AuditLog audit;
    private final Assignments assignments;
    private final SharingPolicies sharing;

    PetitionFeedback(DisputeRegistry registry, CanonicalEvents events, JdbcClient jdbc, ObjectMapper mapper, Clock clock,
            ZoneId hubZone, AuditLog audit, Assignments assignments, SharingPolicies sharing) {
        this.assignments = assignments;
        this.sharing = sharing;
        this.audit = audit;
        this.registry = registry;
        this.events = events;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
        this.zone = hubZone;
    }

    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        Optional<EventType> type = EventType.fromCeType(ce.type());
        if (type.isEmpty() || ce.subject() == null || !REPORTED.contains(type.get())) {
            return; // filtered before any SQL: most canonical events concern nothing the petition contract reports
        }
        // the petition item of the dispute: its origin, or attached by cross-channel correlation
        Optional<String> xfjbh = registry.refOf(ce.subject(), PetitionIntake.AGENCY, "xfjbh");
        if (xfjbh.isEmpty()) {
            return;
        }
        // Lock the dispute: two outcomes of one dispute are numbered one after the other, never concurrently.
        Optional<Dispute> locked = registry.findForUpdate(ce.subject());
        if (locked.isEmpty()) {
            return;
        }
        Dispute d = locked.get().asSeenBy(PetitionIntake.AGENCY, xfjbh.get());
        switch (type.get()) {
            case DISPUTE_CORRELATED -> {
                // the item joined a dispute another channel reported: catch up on an assignment made before, under
                // the same once-per-assignment facts MEDIATION_ASSIGNED/ACCEPTED use
                EventData.DisputeCorrelated c = events.data(ce, EventData.DisputeCorrelated.class);
                Optional<Assignment> a = assignments.latestOf(d.disputeId());
                if (PetitionIntake.AGENCY.equals(c.agency()) && a.isPresent() && DELIVERED.contains(a.get().status())) {
                    String org = a.get().targetName();
                    if (registry.recordFact(d.disputeId(), "petition-feedback:assigned:" + a.get().externalRef())) {
                        queue(d, "02", org, "已转" + org + "调解办理。", null);
                    }
                    if (a.get().status() != AssignmentStatus.RECEIVED
                            && registry.recordFact(d.disputeId(), "petition-feedback:accepted:" + a.get().externalRef())) {
                        queue(d, "03", org, org + "已受理，调解进行中。", null);
                    }
                }
            }
            case MEDIATION_ASSIGNED -> {
                EventData.MediationAssigned a = events.data(ce, EventData.MediationAssigned.class);
                // once per assignment: a redelivered event must not re-forward
                if (registry.recordFact(d.disputeId(), "petition-feedback:assigned:" + a.externalRef())) {
                    queue(d, "02", a.target().name(), "已转" + a.target().name() + "调解办理。", null);
                }
            }
            case MEDIATION_ACCEPTED -> {
                EventData.MediationAccepted a = events.data(ce, EventData.MediationAccepted.class);
                if (registry.recordFact(d.disputeId(), "petition-feedback:accepted:" + a.externalRef())) {
                    queue(d, "03", a.target().name(), a.target().name() + "已受理，调解进行中。", null);
                }
            }
            case MEDIATION_CONCLUDED -> concluded(d, events.data(ce, EventData.MediationConcluded.class));
            case DISPUTE_UNRESOLVED -> {
                EventData.DisputeUnresolved u = events.data(ce, EventData.DisputeUnresolved.class);
                String blzt = lastBlzt(d.sourceRef()) == null ? "06" : "05";
                queue(d, blzt, HUB_CENTRE, ("06".equals(blzt) ? "不予受理：" : "未能化解：") + u.reason(),
                        OffsetDateTime.now(clock.withZone(zone)));
            }
            default -> {
                // filtered above
            }
        }
    }

    private void concluded(Dispute d, EventData.MediationConcluded c) {
        String org = c.target().name();
        OffsetDateTime at = c.concludedAt() == null ? OffsetDateTime.now(clock.withZone(zone))
                : OffsetDateTime.parse(c.concludedAt()).atZoneSameInstant(zone).toOffsetDateTime();
        switch (c.result()) {
            case "SUCCESS" -> queue(d, "04", org, "调解成功" + (c.agreementNo() != null ? "，协议编号" + c.agreementNo() : "")
                    + "。" + limit(c.agreementText() == null ? "" : c.agreementText(), 1800), at);
            case "FAILURE" -> queue(d, "05", org, "调解不成：" + (c.failureReason() == null ? "未达成协议"
                    : limit(c.failureReason(), 1800)) + "。已告知当事人可依法提起诉讼或申请仲裁。", at);
            // A withdrawal (the parties settled or dropped it) ends the matter: 04 is the only fitting final code.
            default -> queue(d, "04", org, "调解终止：" + (c.failureReason() == null ? "当事人撤回申请（自行和解）"
                    : limit(c.failureReason(), 1800)) + "。", at);
        }
    }

    /**
     * Queues the next fkxh when §6.3 allows it after the last queued blzt; otherwise the fact is recorded on the
     * timeline only (e.g. a late progress update after a final answer).
     */
    private void queue(Dispute d, String blzt, String cbdw, String bljg, OffsetDateTime bjsj) {
        queue(d, blzt, cbdw, bljg, bjsj, null);
    }

    /** @return the fkxh queued, or 0 when §6.3 does not allow blzt after the last queued one */
    private int queue(Dispute d, String blzt, String cbdw, String bljg, OffsetDateTime bjsj, String extensionReason) {
        String xfjbh = d.sourceRef();
        Last last = last(xfjbh);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone));
        if (!FeedbackRules.allowed(last == null ? null : last.blzt(), blzt)) {
            registry.addTimeline(d.disputeId(), now, "PETITION_FEEDBACK_SKIPPED", PetitionIntake.AGENCY, Direction.OUT,
                    "blzt " + blzt + " not allowed after " + (last == null ? "nothing" : last.blzt()) + " (§6.3)", null);
            return 0;
        }
        int fkxh = last == null ? 1 : last.fkxh() + 1;
        // Dispute data only from the petition view (config/sharing-policies.yaml); xfjbh is the petition's own number.
        ObjectNode body = body(sharing.view(PetitionIntake.AGENCY, d.snapshot()), xfjbh, fkxh, blzt, cbdw, bljg, bjsj,
                now, extensionReason);
        jdbc.sql("""
                insert into petition_feedback (xfjbh, fkxh, blzt, body, status, attempts, next_attempt_at, created_at)
                values (?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
                .params(xfjbh, fkxh, blzt, body.toString(), now, now).update();
        registry.addTimeline(d.disputeId(), now, "PETITION_FEEDBACK_QUEUED", PetitionIntake.AGENCY, Direction.OUT,
                "feedback fkxh " + fkxh + " blzt " + blzt + " queued", body.toString());
        if (FeedbackRules.FINAL.contains(blzt)) {
            registry.markFinalFedBack(d.disputeId());
        }
        log.info("Petition feedback fkxh {} blzt {} queued for {}", fkxh, blzt, d.disputeId());
        return fkxh;
    }

    /** One §6.1 feedback body: the tracking id from the petition view of the dispute, the rest from the outcome. */
    static ObjectNode body(JsonNode view, String xfjbh, int fkxh, String blzt, String cbdw, String bljg,
            OffsetDateTime bjsj, OffsetDateTime now, String extensionReason) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("xfjbh", xfjbh).put("tjgzh", view.path("disputeId").asText(null)).put("fkxh", fkxh).put("blzt", blzt);
        if (FeedbackRules.FINAL.contains(blzt) || bljg != null) {
            body.put("bljg", limit(bljg, 2000));
        }
        body.put("cbdw", limit(cbdw, 100)).put("fksj", now.format(TIME));
        if (FeedbackRules.FINAL.contains(blzt)) {
            body.put("bjsj", (bjsj == null ? now : bjsj).format(TIME));
        }
        if (extensionReason != null) {
            // §6.1: sqyq only with 01/02/03 (the caller guarantees it), yqly required with it
            body.put("sqyq", "Y").put("yqly", extensionReason);
        }
        return body;
    }

    /** What an operator's extension request queued. */
    record Extension(String xfjbh, String tjgzh, int fkxh, String blzt) {
    }

    /**
     * §8 延期: queues the feedback that asks for the +30 days (sqyq = "Y", yqly = reason) as the next fkxh, with a blzt
     * §6.3 allows and that does not claim progress that did not happen: 01 受理 by the hub when nothing was sent yet,
     * otherwise the last state repeated (02 → 02 with the same cbdw, 03 → 03; after 01 → 03). At most once per item,
     * never after a final feedback, and only before bjqx (24:00) as §8 requires. The deadline itself moves when the
     * petition system answered 200 (PetitionSender), since the contract assumes approval then.
     */
    @Transactional
    public Extension requestExtension(String xfjbh, String reason, String actor) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.codePointCount(0, why.length()) > 500) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "reason is required (1–500 characters, §6.1 yqly)");
        }
        Item item = jdbc.sql("select tjgzh, bjqx from petition_item where xfjbh = ?").param(xfjbh)
                .query((rs, n) -> new Item(rs.getString(1), rs.getObject(2, LocalDate.class)))
                .optional().orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE, "no petition item " + xfjbh));
        // the dispute row lock serialises this with the canonical outcomes numbering the same xfjbh
        Dispute d = registry.findForUpdate(item.tjgzh()).orElseThrow(
                () -> new HubException(ErrorCode.TJ_INTERNAL, "petition item without dispute " + item.tjgzh()));
        // read under the lock: two concurrent requests cannot both pass
        Optional<Integer> already = jdbc.sql("""
                select extension_fkxh from petition_item where xfjbh = ? and extension_fkxh is not null""")
                .param(xfjbh).query(Integer.class).optional();
        if (already.isPresent()) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "extension already requested (fkxh " + already.get()
                    + "); §8 allows one");
        }
        Last last = last(xfjbh);
        if (last != null && FeedbackRules.FINAL.contains(last.blzt())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "item concluded (blzt " + last.blzt() + "); no extension");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (today.isAfter(item.bjqx())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "bjqx " + item.bjqx() + " has passed; §8 requires the"
                    + " request before it");
        }
        String blzt = FeedbackRules.extensionBlzt(last == null ? null : last.blzt());
        String cbdw = last == null ? HUB_CENTRE : lastCbdw(xfjbh, last.fkxh());
        int fkxh = queue(d, blzt, cbdw, "申请延长办理期限30日：" + why, null, why);
        if (fkxh == 0) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "blzt " + blzt + " not allowed now (§6.3)");
        }
        jdbc.sql("update petition_item set extension_fkxh = ? where xfjbh = ?").params(fkxh, xfjbh).update();
        // the reason may name people: the audit keeps the fact, the feedback row keeps the text
        audit.record(actor, "PETITION_EXTENSION", xfjbh, "fkxh " + fkxh + " blzt " + blzt + " (+30 days requested)");
        return new Extension(xfjbh, d.disputeId(), fkxh, blzt);
    }

    private String lastCbdw(String xfjbh, int fkxh) {
        String body = jdbc.sql("select body from petition_feedback where xfjbh = ? and fkxh = ?").params(xfjbh, fkxh)
                .query(String.class).single();
        try {
            String cbdw = mapper.readTree(body).path("cbdw").asText("");
            return cbdw.isEmpty() ? HUB_CENTRE : cbdw;
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored feedback body unreadable", e);
        }
    }

    private record Item(String tjgzh, LocalDate bjqx) {
    }

    private String lastBlzt(String xfjbh) {
        Last l = last(xfjbh);
        return l == null ? null : l.blzt();
    }

    private Last last(String xfjbh) {
        return jdbc.sql("select fkxh, blzt from petition_feedback where xfjbh = ? order by fkxh desc limit 1")
                .param(xfjbh).query((rs, n) -> new Last(rs.getInt(1), rs.getString(2))).optional().orElse(null);
    }

    private static String limit(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private record Last(int fkxh, String blzt) {
    }
}
