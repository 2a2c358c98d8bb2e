package cn.tongjie.hub.petition;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.correlation.Correlation;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.HubIds;
import cn.tongjie.hub.registry.InboundLog;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contract §5.4/§5.6 for one authentic, valid push: new item → dispute + canonical events, exact repeat → the
 * original tjgzh, other content → conflict (stored item unchanged, operator alert). One transaction: the item row,
 * the dispute and the outbox rows of the canonical events commit together before the hub answers.
 */
@Service
class PetitionIntake {

    private static final Logger log = LoggerFactory.getLogger(PetitionIntake.class);
    static final String AGENCY = "petition";

    enum Outcome { ACCEPTED, DUPLICATE, CONFLICT }

    record Result(Outcome outcome, String tjgzh) {
    }

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final HubIds ids;
    private final MappingEngine mappings;
    private final CanonicalEvents events;
    private final InboundLog inbound;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final Correlation correlation;

    PetitionIntake(JdbcClient jdbc, DisputeRegistry registry, HubIds ids, MappingEngine mappings, CanonicalEvents events,
            InboundLog inbound, Alerts alerts, ObjectMapper mapper, MeterRegistry meters, Correlation correlation) {
        this.correlation = correlation;
        this.jdbc = jdbc;
        this.registry = registry;
        this.ids = ids;
        this.mappings = mappings;
        this.events = events;
        this.inbound = inbound;
        this.alerts = alerts;
        this.mapper = mapper;
        this.meters = meters;
    }

    @Transactional
    public Result accept(JsonNode push, String rawBody, String nonce) {
        String xfjbh = push.get("xfjbh").asText();
        String content = PushContent.of(push);
        Optional<Stored> stored = jdbc.sql("select tjgzh, content from petition_item where xfjbh = ?").param(xfjbh)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2))).optional();
        if (stored.isPresent()) {
            Outcome o = stored.get().content().equals(content) ? Outcome.DUPLICATE : Outcome.CONFLICT;
            if (o == Outcome.CONFLICT) {
                // xfjbh and ids only: the changed values may be personal data.
                alerts.raise("WARN", "PETITION_PUSH_CONFLICT", AGENCY, stored.get().tjgzh(), "xfjbh " + xfjbh
                        + " pushed again with different content; stored item kept unchanged (corrections go by phone)");
            }
            registry.addTimeline(stored.get().tjgzh(), registry.now(), o == Outcome.DUPLICATE ? "PETITION_PUSH_DUPLICATE"
                    : "PETITION_PUSH_CONFLICT", AGENCY, Direction.IN, "push of " + xfjbh + " "
                    + (o == Outcome.DUPLICATE ? "repeated (duplicate, ignored)" : "with different content refused (409)"),
                    null);
            meters.counter("tongjie.inbound", "agency", AGENCY, "outcome", o.name()).increment();
            return new Result(o, stored.get().tjgzh());
        }
        String disputeId = ids.nextDisputeId();
        OffsetDateTime at = registry.now();
        // Claims the xfjbh first: a concurrent push of the same item fails here (primary key) and is retried by the
        // endpoint, which then finds this row.
        jdbc.sql("""
                insert into petition_item (xfjbh, tjgzh, content, body, slqx, bjqx, received_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(xfjbh, disputeId, content, rawBody, LocalDate.parse(push.get("slqx").asText()),
                        LocalDate.parse(push.get("bjqx").asText()), at)
                .update();
        ObjectNode in = mapper.createObjectNode();
        in.set("push", push);
        in.put("disputeId", disputeId);
        JsonNode dispute = mappings.apply("petition/push-to-dispute", in);
        // a new dispute, or the one another channel already reported (then no DISPUTE_REGISTERED: no 2nd triage)
        Correlation.Registration reg = correlation.register(new Dispute(disputeId, DisputeStatus.REGISTERED, null,
                dispute.get("category").asText(), dispute.get("regionCode").asText(), AGENCY, "PETITION", xfjbh, null,
                false, dispute.path("mass").asBoolean(false), false, dispute.toString(), at, at), "xfjbh");
        if (!reg.created()) {
            // tjgzh (the petition system's tracking id) is the one dispute's id
            disputeId = reg.disputeId();
            jdbc.sql("update petition_item set tjgzh = ? where xfjbh = ?").params(disputeId, xfjbh).update();
        }
        registry.addTimeline(disputeId, at, "PETITION_PUSH", AGENCY, Direction.IN, "petition " + xfjbh
                + " received (rs " + push.path("rs").asText() + ", slqx " + push.path("slqx").asText() + ", bjqx "
                + push.path("bjqx").asText() + ")", rawBody);
        inbound.record(AGENCY, xfjbh, nonce, Outcome.ACCEPTED.name(), disputeId);
        events.publish(EventType.DISPUTE_REPORTED, disputeId, AGENCY,
                new EventData.DisputeReported(disputeId, AGENCY, xfjbh, nonce, at.toString()));
        if (reg.created()) {
            events.publish(EventType.DISPUTE_REGISTERED, disputeId, AGENCY, canonical(dispute));
        }
        meters.counter("tongjie.inbound", "agency", AGENCY, "outcome", Outcome.ACCEPTED.name()).increment();
        log.info("Petition {} {} {}", xfjbh, reg.created() ? "registered as" : "correlated with", disputeId);
        return new Result(Outcome.ACCEPTED, disputeId);
    }

    private CanonicalDispute canonical(JsonNode dispute) {
        try {
            return mapper.treeToValue(dispute, CanonicalDispute.class);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "petition/push-to-dispute output is not a canonical dispute", e);
        }
    }

    private record Stored(String tjgzh, String content) {
    }
}
