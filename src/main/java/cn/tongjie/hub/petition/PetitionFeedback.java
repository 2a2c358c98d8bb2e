package cn.tongjie.hub.petition;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
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
            EventType.MEDIATION_CONCLUDED, EventType.DISPUTE_UNRESOLVED);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String HUB_CENTRE = "通辽市矛盾纠纷多元化解中心";

    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ZoneId zone;

    PetitionFeedback(DisputeRegistry registry, CanonicalEvents events, JdbcClient jdbc, ObjectMapper mapper, Clock clock,
            ZoneId hubZone) {
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
        Optional<Dispute> found = registry.find(ce.subject());
        if (found.isEmpty() || !PetitionIntake.AGENCY.equals(found.get().sourceAgency())) {
            return;
        }
        // Lock the dispute: two outcomes of one dispute are numbered one after the other, never concurrently.
        Dispute d = registry.findForUpdate(found.get().disputeId()).orElseThrow();
        switch (type.get()) {
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
        String xfjbh = d.sourceRef();
        Last last = last(xfjbh);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone));
        if (!FeedbackRules.allowed(last == null ? null : last.blzt(), blzt)) {
            registry.addTimeline(d.disputeId(), now, "PETITION_FEEDBACK_SKIPPED", PetitionIntake.AGENCY, Direction.OUT,
                    "blzt " + blzt + " not allowed after " + (last == null ? "nothing" : last.blzt()) + " (§6.3)", null);
            return;
        }
        int fkxh = last == null ? 1 : last.fkxh() + 1;
        ObjectNode body = mapper.createObjectNode();
        body.put("xfjbh", xfjbh).put("tjgzh", d.disputeId()).put("fkxh", fkxh).put("blzt", blzt);
        if (FeedbackRules.FINAL.contains(blzt) || bljg != null) {
            body.put("bljg", limit(bljg, 2000));
        }
        body.put("cbdw", limit(cbdw, 100)).put("fksj", now.format(TIME));
        if (FeedbackRules.FINAL.contains(blzt)) {
            body.put("bjsj", (bjsj == null ? now : bjsj).format(TIME));
        }
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
