package cn.tongjie.hub.grid;

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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grid contract §5.4/§5.5 for one valid push: de-duplicate on event_id (content compared as JSON values), else
 * register a new dispute and publish DISPUTE_REPORTED + DISPUTE_REGISTERED in the same transaction as the grid_event
 * row, so the 200 answer is only given once everything is durable. Cross-channel correlation (§5.5) decides
 * through {@link Correlation} whether the event is a new dispute or joins one another channel reported.
 */
@Service
class GridIntake {

    private static final Logger log = LoggerFactory.getLogger(GridIntake.class);
    static final String AGENCY = "grid";
    /** JSON value equality: 2 and 2.0 are the same number; member order never matters (ObjectNode.equals). */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    enum Outcome { CREATED, DUPLICATE, CONFLICT }

    record Result(Outcome outcome, String trackingId) {
    }

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final InboundLog inbound;
    private final HubIds ids;
    private final MappingEngine mappings;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final Correlation correlation;

    GridIntake(JdbcClient jdbc, DisputeRegistry registry, InboundLog inbound, HubIds ids, MappingEngine mappings,
            CanonicalEvents events, Alerts alerts, ObjectMapper mapper, Correlation correlation) {
        this.correlation = correlation;
        this.jdbc = jdbc;
        this.registry = registry;
        this.inbound = inbound;
        this.ids = ids;
        this.mappings = mappings;
        this.events = events;
        this.alerts = alerts;
        this.mapper = mapper;
    }

    /** The stored event with this id, if any: (tracking id, body). */
    Optional<String[]> stored(String eventId) {
        return jdbc.sql("select tracking_id, body from grid_event where event_id = :id").param("id", eventId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    /** A repeat of a stored event_id: same content ⇒ duplicate, different ⇒ conflict (stored event unchanged). */
    @Transactional
    public Result repeat(JsonNode event, String[] stored, String nonce) {
        String eventId = event.get("event_id").asText();
        String trackingId = stored[0];
        if (readTree(stored[1]).equals(SAME_VALUE, event)) {
            inbound.record(AGENCY, eventId, nonce, Outcome.DUPLICATE.name(), trackingId);
            return new Result(Outcome.DUPLICATE, trackingId);
        }
        inbound.record(AGENCY, eventId, nonce, Outcome.CONFLICT.name(), trackingId);
        registry.addTimeline(trackingId, registry.now(), "GRID_EVENT_CONFLICT", AGENCY, Direction.IN,
                "grid event " + eventId + " pushed again with different content; stored event kept", null);
        // ids only: the differing content may hold personal data.
        alerts.raise("WARN", "GRID_EVENT_CONFLICT", AGENCY, trackingId,
                "grid event_id " + eventId + " pushed again with different content (409/40901); stored event kept");
        return new Result(Outcome.CONFLICT, trackingId);
    }

    /** A first push: grid_event row first, so a concurrent push of the same id fails fast on the primary key. */
    @Transactional
    public Result create(JsonNode event, String rawBody, String nonce) {
        String eventId = event.get("event_id").asText();
        String provisionalId = ids.nextDisputeId();
        OffsetDateTime at = registry.now();
        jdbc.sql("""
                insert into grid_event (event_id, tracking_id, body, urgency, reported_at, pushed_at)
                values (:id, :t, :b, :u, :r, :p)""")
                .param("id", eventId).param("t", provisionalId).param("b", rawBody)
                .param("u", event.get("urgency").asInt())
                .param("r", OffsetDateTime.parse(event.get("reported_at").asText())).param("p", at).update();
        JsonNode dispute = toCanonical(event, provisionalId);
        boolean urgent = event.get("urgency").asInt() == 3;
        // a new dispute, or the one another channel already reported (§5.5; then no DISPUTE_REGISTERED, no 2nd triage)
        Correlation.Registration reg = correlation.register(new Dispute(provisionalId, DisputeStatus.REGISTERED, null,
                dispute.get("category").asText(), dispute.get("regionCode").asText(), AGENCY, "GRID_REPORT", eventId,
                null, urgent, dispute.path("mass").asBoolean(false), false, dispute.toString(), at, at), "event_id");
        String disputeId = reg.disputeId();
        if (!reg.created()) {
            // the platform's tracking_id is the one dispute's id
            jdbc.sql("update grid_event set tracking_id = :t where event_id = :id").param("t", disputeId)
                    .param("id", eventId).update();
        }
        registry.addTimeline(disputeId, at, "GRID_EVENT", AGENCY, Direction.IN,
                "grid event " + eventId + " (" + event.get("event_type").asText() + ", urgency "
                        + event.get("urgency").asInt() + ") received", rawBody);
        inbound.record(AGENCY, eventId, nonce, Outcome.CREATED.name(), disputeId);
        events.publish(EventType.DISPUTE_REPORTED, disputeId, AGENCY,
                new EventData.DisputeReported(disputeId, AGENCY, eventId, nonce, at.toString()));
        if (reg.created()) {
            events.publish(EventType.DISPUTE_REGISTERED, disputeId, AGENCY, canonical(dispute));
        }
        log.info("Grid event {} {} {}", eventId, reg.created() ? "registered as" : "correlated with", disputeId);
        return new Result(Outcome.CREATED, disputeId);
    }

    JsonNode toCanonical(JsonNode event, String disputeId) {
        ObjectNode in = mapper.createObjectNode();
        in.set("event", event);
        in.put("disputeId", disputeId);
        JsonNode loc = event.path("location");
        if (loc.path("lat").isNumber() && loc.path("lon").isNumber()) {
            // §5.3: GCJ-02 from the app's map SDK; the canonical location is WGS-84 (6 decimals ≈ 0.1 m).
            GridCoordinates.LatLon w = GridCoordinates.gcj02ToWgs84(loc.get("lat").asDouble(), loc.get("lon").asDouble());
            in.putObject("wgs84").put("lat", round6(w.lat())).put("lon", round6(w.lon()));
        }
        return mappings.apply("grid/event-to-dispute", in);
    }

    private static BigDecimal round6(double v) {
        return BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_UP);
    }

    private CanonicalDispute canonical(JsonNode dispute) {
        try {
            return mapper.treeToValue(dispute, CanonicalDispute.class);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "grid/event-to-dispute output is not a canonical dispute", e);
        }
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored grid event unreadable", e);
        }
    }
}
