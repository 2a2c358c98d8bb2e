package cn.tongjie.hub.canonical;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Outbox;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Publishes canonical events: wraps the data in a CloudEvents envelope, checks it against the type's JSON Schema and
 * writes it to the outbox inside the caller's transaction. The relay then produces it to the canonical topic keyed by
 * disputeId.
 */
@Component
public class CanonicalEvents {

    private static final JsonFactory STREAMING = new JsonFactory();

    /** Outbox destination name of the hub's canonical topic. */
    public static final String DESTINATION = "canonical";

    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ZoneId zone;

    CanonicalEvents(Outbox outbox, ObjectMapper mapper, Clock clock, ZoneId hubZone,
            @Value("${tongjie.canonical.validate:true}") boolean validate) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
        this.zone = hubZone;
        this.validate = validate;
    }

    private final boolean validate;

    /** Publishes one of the {@link EventData} records (or the {@link CanonicalDispute} itself). */
    public CloudEvent publish(EventType type, String disputeId, String sourceAgency, Record data) {
        return publish(type, disputeId, sourceAgency, (JsonNode) mapper.valueToTree(data));
    }

    /** The event's data as its record type. */
    public <T> T data(CloudEvent event, Class<T> type) {
        try {
            return mapper.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, event.type() + " data is not a " + type.getSimpleName(), e);
        }
    }

    public CloudEvent publish(EventType type, String disputeId, String sourceAgency, JsonNode data) {
        return publishTo(DESTINATION, type, disputeId, sourceAgency, data);
    }

    /**
     * Publishes to another outbox destination (a topic of its own, e.g. early warning) with the same envelope and
     * schema check; {@code subject} is then that stream's key (an alertId), not a disputeId.
     */
    public CloudEvent publishTo(String destination, EventType type, String subject, String sourceAgency, Record data) {
        return publishTo(destination, type, subject, sourceAgency, (JsonNode) mapper.valueToTree(data));
    }

    private CloudEvent publishTo(String destination, EventType type, String disputeId, String sourceAgency,
            JsonNode data) {
        if (validate) {
            Set<ValidationMessage> errors = JsonSchemas.validate("classpath:canonical/schemas/" + type.schemaName(), data);
            if (!errors.isEmpty()) {
                throw new HubException(ErrorCode.TJ_MAPPING_FAILED, type.ceType() + " data violates its schema: "
                        + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
            }
        }
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                "/tongjie/hub/" + sourceAgency, type.ceType(), disputeId,
                OffsetDateTime.now(clock.withZone(zone)), "application/json", type.dataschema(), data);
        try {
            outbox.enqueue(destination, disputeId, null, mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot serialise " + type.ceType(), e);
        }
        return event;
    }

    /**
     * The event's type without reading the rest of it: a streaming read that stops at the envelope's {@code type}
     * member, which the hub writes before {@code data}. Lets a consumer skip the many events it has nothing to do with
     * before it parses the whole event or opens a transaction (8 consumer groups read every canonical event).
     * Empty when the type is missing or not one of ours, or the text is not a JSON object; such an event is then left
     * to {@link #parse} only if the consumer wants it.
     */
    public static Optional<EventType> typeOf(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try (JsonParser p = STREAMING.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? EventType.fromCeType(p.getText()) : Optional.empty();
                }
                p.skipChildren();
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public CloudEvent parse(String json) {
        try {
            return mapper.readValue(json, CloudEvent.class);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "not a CloudEvent", e);
        }
    }
}
