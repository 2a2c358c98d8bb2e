package cn.tongjie.hub.police;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.canonical.JsonSchemas;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.Outbox;
import cn.tongjie.hub.registry.OutboxSentListener;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.sharing.SharingPolicies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Police contract §6: turns canonical outcomes of police-sourced disputes into feedback records. Sequence rule §6.3:
 * first 01 (or 05), then exactly one final code, nothing after it — enforced by once-per-fact guards in the registry,
 * so a repeated or reordered canonical event can never produce a record the police consumer would drop.
 */
@Service
class PoliceFeedback implements OutboxSentListener {

    private static final Logger log = LoggerFactory.getLogger(PoliceFeedback.class);
    static final String DESTINATION = "police-feedback";
    static final String FACT_ACCEPTED = "police-feedback:01";
    static final String FACT_FINAL = "police-feedback:final";
    private static final String SCHEMA = "classpath:connectors/police/dispute-feedback.schema.json";
    private static final Set<EventType> REPORTED = Set.of(EventType.MEDIATION_ASSIGNED, EventType.MEDIATION_CONCLUDED,
            EventType.DISPUTE_UNRESOLVED, EventType.DISPUTE_CORRELATED);
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final DisputeRegistry registry;
    private final Outbox outbox;
    private final MappingEngine mappings;
    private final CanonicalEvents events;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ZoneId zone;
    private final Assignments assignments;
    private final SharingPolicies sharing;
    /** Assignment states in which MEDIATION_ASSIGNED has been announced (the body's system registered the case). */
    private static final Set<AssignmentStatus> DELIVERED = Set.of(AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED,
            AssignmentStatus.IN_MEDIATION);

    PoliceFeedback(DisputeRegistry registry, Outbox outbox, MappingEngine mappings, CanonicalEvents events,
            ObjectMapper mapper, Clock clock, ZoneId hubZone, Assignments assignments, SharingPolicies sharing) {
        this.assignments = assignments;
        this.sharing = sharing;
        this.registry = registry;
        this.outbox = outbox;
        this.mappings = mappings;
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
        this.zone = hubZone;
    }

    /** Whether this canonical event (JSON) can lead to police feedback; cheap, outside any transaction. */
    static boolean reactsTo(String json) {
        // an unreadable or unknown event goes on to onCanonicalEvent, which quarantines what it cannot read
        return CanonicalEvents.typeOf(json).map(REPORTED::contains).orElse(true);
    }

    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        Optional<EventType> type = EventType.fromCeType(ce.type());
        if (type.isEmpty() || ce.subject() == null || !REPORTED.contains(type.get())) {
            return; // most canonical events carry nothing the police contract reports: no database work for them
        }
        // only disputes the police handed over hear back on the police topic: as origin or attached by correlation
        Optional<String> jjdbh = registry.refOf(ce.subject(), HandoverIntake.AGENCY, "jjdbh");
        if (jjdbh.isEmpty()) {
            return;
        }
        // Lock the dispute so two outcomes of one dispute can never be fed back concurrently.
        Optional<Dispute> locked = registry.findForUpdate(ce.subject());
        if (locked.isEmpty()) {
            return;
        }
        Dispute d = locked.get().asSeenBy(HandoverIntake.AGENCY, jjdbh.get());
        switch (type.get()) {
            case DISPUTE_CORRELATED -> {
                // the handover joined a dispute another channel reported: catch up on an assignment made before
                EventData.DisputeCorrelated c = events.data(ce, EventData.DisputeCorrelated.class);
                if (HandoverIntake.AGENCY.equals(c.agency())) {
                    assignments.latestOf(d.disputeId()).filter(a -> DELIVERED.contains(a.status()))
                            .ifPresent(a -> accepted(d, a.targetName(), a.urgent()));
                }
            }
            case MEDIATION_ASSIGNED -> {
                EventData.MediationAssigned a = events.data(ce, EventData.MediationAssigned.class);
                accepted(d, a.target().name(), Boolean.TRUE.equals(a.urgent()));
            }
            case MEDIATION_CONCLUDED -> concluded(d, events.data(ce, EventData.MediationConcluded.class));
            case DISPUTE_UNRESOLVED -> unresolved(d, events.data(ce, EventData.DisputeUnresolved.class));
            default -> {
                // other canonical events carry nothing the police contract reports
            }
        }
    }

    private void accepted(Dispute d, String orgName, boolean urgent) {
        if (registry.hasFact(d.disputeId(), FACT_FINAL) || !registry.recordFact(d.disputeId(), FACT_ACCEPTED)) {
            return;
        }
        String content = "已受理，委派" + orgName + "调解" + (urgent ? "（紧急，24小时内联系当事人）" : "") + "。";
        enqueue(d, "ACCEPTED", orgName, content, null);
    }

    private void concluded(Dispute d, EventData.MediationConcluded c) {
        String org = c.target().name();
        // A final code needs a preceding 01 (§6.3); it is normally out already, this only guards a lost ordering.
        accepted(d, org, d.urgent());
        if (!registry.recordFact(d.disputeId(), FACT_FINAL)) {
            return;
        }
        String outcome;
        String content;
        boolean labour = "LABOUR".equals(d.category());
        switch (c.result()) {
            case "SUCCESS" -> {
                outcome = "SUCCESS";
                content = "调解成功：" + firstLines(c.agreementText() == null ? "" : c.agreementText(), 600)
                        + (c.agreementNo() != null ? " 协议编号" + c.agreementNo() + "。" : "");
            }
            case "FAILURE" -> {
                outcome = "FAILURE_TO_COURT";
                content = "调解不成：" + (c.failureReason() == null ? "未达成协议" : c.failureReason()) + (labour
                        ? " 已告知当事人可依法申请劳动仲裁（转仲裁）。" : " 已告知当事人可依法向人民法院起诉。");
            }
            default -> {
                outcome = "WITHDRAWN";
                content = "调解终止：" + (c.failureReason() == null ? "当事人撤回或自行和解" : c.failureReason()) + "。";
            }
        }
        enqueue(d, outcome, org, content, c.mediator());
        registry.markFinalFedBack(d.disputeId());
    }

    private void unresolved(Dispute d, EventData.DisputeUnresolved u) {
        if (registry.hasFact(d.disputeId(), FACT_FINAL)) {
            return;
        }
        boolean acceptedSent = registry.hasFact(d.disputeId(), FACT_ACCEPTED);
        registry.recordFact(d.disputeId(), FACT_FINAL);
        // After 01 only 02/03/04 may follow: an unresolvable dispute then goes the litigation way (03); before 01 it
        // is "not for mediation" (05).
        enqueue(d, acceptedSent ? "FAILURE_TO_COURT" : "NOT_MEDIATABLE", "通辽市矛盾纠纷多元化解中心",
                (acceptedSent ? "未能调解：" : "不属于调解范围：") + u.reason(), null);
        registry.markFinalFedBack(d.disputeId());
    }

    private void enqueue(Dispute d, String outcome, String orgName, String content, EventData.Mediator mediator) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone));
        // Dispute data only from the police view (config/sharing-policies.yaml); jjdbh is the police's own number.
        JsonNode value = feedbackValue(mappings, sharing.view(HandoverIntake.AGENCY, d.snapshot()), d.sourceRef(),
                outcome, now, orgName, content, mediator);
        Set<ValidationMessage> errors = JsonSchemas.validate(SCHEMA, value);
        if (!errors.isEmpty()) {
            // Never produce what the police consumer would reject (§6.1: closed schema).
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "feedback for " + d.disputeId()
                    + " violates dispute-feedback.schema.json: " + errors.stream().map(ValidationMessage::getMessage).toList());
        }
        String msgId = UUID.randomUUID().toString();
        ObjectNode headers = mapper.createObjectNode().put(PoliceHeaders.HUB_MSG_ID, msgId)
                .put(PoliceHeaders.HUB_SENT_AT, now.format(TS14));
        outbox.enqueue(DESTINATION, d.sourceRef(), headers.toString(), value.toString());
        registry.addTimeline(d.disputeId(), now, "POLICE_FEEDBACK_QUEUED", HandoverIntake.AGENCY, Direction.OUT,
                "feedback czjg " + value.path("czjg").asText() + " queued (hub-msg-id " + msgId + ")", value.toString());
        log.info("Police feedback czjg {} queued for {}", value.path("czjg").asText(), d.disputeId());
    }

    /** The feedback value from the police view of the dispute, the police's own jjdbh and the hub's outcome. */
    static JsonNode feedbackValue(MappingEngine mappings, JsonNode view, String jjdbh, String outcome,
            OffsetDateTime now, String orgName, String content, EventData.Mediator mediator) {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put("jjdbh", jjdbh)
                .put("trackingId", view.path("disputeId").asText(null))
                .put("outcome", outcome).put("feedbackAt", now.toString()).put("content", content);
        in.putObject("organisation").put("name", orgName);
        if (mediator != null && mediator.name() != null) {
            ObjectNode m = in.putObject("mediator").put("name", mediator.name());
            if (mediator.phone() != null) {
                m.put("phone", mediator.phone());
            }
        }
        return mappings.apply("police/outcome-to-feedback", in);
    }

    @Override
    public boolean listensTo(String destination) {
        return DESTINATION.equals(destination);
    }

    /** Relay acknowledgement: record the delivery on the timeline and announce it as a canonical event. */
    @Override
    @Transactional
    public void sent(Outbox.OutboxMessage m) {
        if (!DESTINATION.equals(m.destination())) {
            return;
        }
        try {
            JsonNode value = mapper.readTree(m.payload());
            JsonNode headers = mapper.readTree(m.headersJson());
            String disputeId = value.path("tjgzh").asText();
            ExchangeLog.record(HandoverIntake.AGENCY, ExchangeLog.Direction.OUT, "dispute-feedback", headers.path(PoliceHeaders.HUB_MSG_ID).asText(), disputeId, "application/json", m.payload());
            OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone));
            registry.addTimeline(disputeId, now, "POLICE_FEEDBACK_SENT", HandoverIntake.AGENCY, Direction.OUT,
                    "feedback czjg " + value.path("czjg").asText() + " produced to " + "police.110.dispute-feedback", null);
            events.publish(EventType.FEEDBACK_SENT, disputeId, "police", new EventData.FeedbackSent(disputeId, "police",
                    value.path("jjdbh").asText(), value.path("czjg").asText(),
                    headers.path(PoliceHeaders.HUB_MSG_ID).asText(), now.toString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "outbox row " + m.id() + " unreadable", e);
        }
    }

    private static String firstLines(String text, int max) {
        String oneLine = text.replace("\r", "").replace("\n", " ").trim();
        return oneLine.length() > max ? oneLine.substring(0, max) + "…" : oneLine;
    }
}
