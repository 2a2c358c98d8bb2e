package cn.tongjie.hub.police;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.police.HandoverValidator.Reason;
import cn.tongjie.hub.police.HandoverValidator.Result;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.HubIds;
import cn.tongjie.hub.registry.InboundLog;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineStore;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Police contract §4.2, for one record: validate → quarantine, or de-duplicate → create / correct / stale. Runs in one
 * database transaction; the route commits the Kafka offset only after it returns, so a crash in between redelivers the
 * record and the de-duplication absorbs it.
 */
@Service
class HandoverIntake {

    private static final Logger log = LoggerFactory.getLogger(HandoverIntake.class);
    static final String AGENCY = "police";

    private final DisputeRegistry registry;
    private final InboundLog inbound;
    private final QuarantineStore quarantine;
    private final HubIds ids;
    private final MappingEngine mappings;
    private final CanonicalEvents events;
    private final AuditLog audit;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    HandoverIntake(DisputeRegistry registry, InboundLog inbound, QuarantineStore quarantine, HubIds ids,
            MappingEngine mappings, CanonicalEvents events, AuditLog audit, Alerts alerts, ObjectMapper mapper,
            MeterRegistry meters) {
        this.registry = registry;
        this.inbound = inbound;
        this.quarantine = quarantine;
        this.ids = ids;
        this.mappings = mappings;
        this.events = events;
        this.audit = audit;
        this.alerts = alerts;
        this.mapper = mapper;
        this.meters = meters;
    }

    enum Outcome { CREATED, CORRECTED, CORRECTION_AFTER_FINAL, STALE, DUPLICATE, QUARANTINED }

    @Transactional
    public Outcome process(PoliceRecord rec) {
        Result v = HandoverValidator.validate(rec.key(), rec.value(), rec.headers());
        if (!v.valid()) {
            return quarantine(rec, v.reasons());
        }
        Outcome outcome = accept(rec, v);
        meters.counter("tongjie.inbound", "agency", AGENCY, "outcome", outcome.name()).increment();
        return outcome;
    }

    /** Quarantines the record exactly as received; also used when processing fails for reasons no retry can fix. */
    @Transactional
    public Outcome quarantine(PoliceRecord rec, List<Reason> reasons) {
        ArrayNode rs = mapper.createArrayNode();
        for (Reason r : reasons) {
            rs.addObject().put("code", r.code().name()).put("pointer", r.pointer()).put("detail", r.detail());
        }
        ObjectNode hs = mapper.createObjectNode();
        rec.headers().forEach(hs::put);
        long id = quarantine.add(new QuarantineEntry(null, AGENCY, rec.topic(), rec.partition(), rec.offset(),
                rec.timestamp(), rec.key(), rec.value(), hs.toString(), rs.toString(), reasons.get(0).code().name(),
                "OPEN", null));
        // Operator alert (§5.5); codes and positions only — never the values, which may be personal data.
        alerts.raise("WARN", "POLICE_QUARANTINE", AGENCY, null, "handover record " + rec.topic() + "/"
                + rec.partition() + "@" + rec.offset() + " quarantined as entry " + id + ": "
                + reasons.stream().map(r -> r.code() + " " + r.pointer()).toList());
        meters.counter("tongjie.inbound", "agency", AGENCY, "outcome", Outcome.QUARANTINED.name()).increment();
        meters.counter("tongjie.quarantine", "agency", AGENCY, "reason", reasons.get(0).code().name()).increment();
        return Outcome.QUARANTINED;
    }

    private Outcome accept(PoliceRecord rec, Result v) {
        String jjdbh = v.jjdbh();
        String xgsj = v.value().get("xgsj").asText();
        if (inbound.outcomeOf(AGENCY, jjdbh, v.msgId()).isPresent()) {
            // §4.2.2: a resend (or a producer bug re-using the id): ignore.
            log.warn("Duplicate police-msg-id {} for {} ignored", v.msgId(), jjdbh);
            return Outcome.DUPLICATE;
        }
        Optional<Dispute> existing = registry.findByXref(AGENCY, "jjdbh", jjdbh);
        OffsetDateTime at = registry.now();
        if (existing.isEmpty()) {
            String disputeId = ids.nextDisputeId();
            JsonNode dispute = toCanonical(v.value(), disputeId);
            registry.create(new Dispute(disputeId, DisputeStatus.REGISTERED, null, dispute.get("category").asText(),
                    dispute.get("regionCode").asText(), AGENCY, "POLICE_HANDOVER", jjdbh, xgsj, urgent(dispute),
                    dispute.path("mass").asBoolean(false), false, dispute.toString(), at, at));
            registry.addXref(disputeId, AGENCY, "jjdbh", jjdbh);
            registry.addTimeline(disputeId, at, "POLICE_HANDOVER", AGENCY, Direction.IN,
                    "110 handover " + jjdbh + " received (xgsj " + xgsj + ", police-msg-id " + v.msgId() + ")",
                    new String(rec.value(), java.nio.charset.StandardCharsets.UTF_8));
            inbound.record(AGENCY, jjdbh, v.msgId(), Outcome.CREATED.name(), disputeId);
            events.publish(EventType.DISPUTE_REPORTED, disputeId, AGENCY,
                    new EventData.DisputeReported(disputeId, AGENCY, jjdbh, v.msgId(), at.toString()));
            events.publish(EventType.DISPUTE_REGISTERED, disputeId, AGENCY, canonical(dispute));
            log.info("Police handover {} registered as {}", jjdbh, disputeId);
            return Outcome.CREATED;
        }
        Dispute d = registry.findForUpdate(existing.get().disputeId()).orElseThrow();
        if (d.sourceVersion() != null && xgsj.compareTo(d.sourceVersion()) <= 0) {
            // §4.2.4 stale: a resend landing after a later correction. Audit, not quarantine.
            audit.record("police-intake", "STALE", jjdbh, "xgsj " + xgsj + " <= stored " + d.sourceVersion()
                    + ", police-msg-id " + v.msgId() + ", dispute " + d.disputeId());
            registry.addTimeline(d.disputeId(), at, "POLICE_HANDOVER_STALE", AGENCY, Direction.IN,
                    "stale handover version xgsj " + xgsj + " ignored", null);
            inbound.record(AGENCY, jjdbh, v.msgId(), Outcome.STALE.name(), d.disputeId());
            return Outcome.STALE;
        }
        JsonNode corrected = toCanonical(v.value(), d.disputeId());
        if (d.finalFedBack()) {
            // §4.2.5: after a final czjg a correction is history only; it does not reopen the dispute.
            registry.keepInHistory(d.disputeId(), corrected.toString(), xgsj);
            registry.addTimeline(d.disputeId(), at, "POLICE_CORRECTION_AFTER_FINAL", AGENCY, Direction.IN,
                    "correction xgsj " + xgsj + " kept in history only (final feedback already sent)", null);
            inbound.record(AGENCY, jjdbh, v.msgId(), Outcome.CORRECTION_AFTER_FINAL.name(), d.disputeId());
            return Outcome.CORRECTION_AFTER_FINAL;
        }
        List<String> changed = changedFields(readTree(d.snapshot()), corrected);
        registry.replaceSnapshot(d, corrected.toString(), xgsj, corrected.get("category").asText(),
                corrected.get("regionCode").asText(), urgent(corrected), corrected.path("mass").asBoolean(false));
        registry.addTimeline(d.disputeId(), at, "POLICE_CORRECTION", AGENCY, Direction.IN,
                "correction xgsj " + xgsj + " applied; changed " + changed,
                new String(rec.value(), java.nio.charset.StandardCharsets.UTF_8));
        inbound.record(AGENCY, jjdbh, v.msgId(), Outcome.CORRECTED.name(), d.disputeId());
        events.publish(EventType.DISPUTE_CORRECTED, d.disputeId(), AGENCY,
                new EventData.DisputeCorrected(canonical(corrected), changed));
        return Outcome.CORRECTED;
    }

    private JsonNode toCanonical(JsonNode handover, String disputeId) {
        ObjectNode in = mapper.createObjectNode();
        in.set("record", handover);
        in.put("disputeId", disputeId);
        return mappings.apply("police/handover-to-dispute", in);
    }

    /** The mapping's output as the canonical record: fails loudly if the mapping drifted from the model. */
    private CanonicalDispute canonical(JsonNode dispute) {
        try {
            return mapper.treeToValue(dispute, CanonicalDispute.class);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "police/handover-to-dispute output is not a canonical dispute", e);
        }
    }

    static boolean urgent(JsonNode dispute) {
        String level = dispute.path("warningLevel").asText("");
        return level.equals("RED") || level.equals("ORANGE");
    }

    static List<String> changedFields(JsonNode before, JsonNode after) {
        List<String> changed = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            if (!before.path(n).equals(after.path(n))) {
                changed.add(n);
            }
        }
        return changed;
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored snapshot unreadable", e);
        }
    }
}
