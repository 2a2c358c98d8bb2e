package cn.tongjie.hub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * CloudEvents 1.0 structured-mode JSON envelope of every canonical event on the hub's topic. {@code subject} is the
 * disputeId (also the Kafka key), so every event of one dispute stays in order on one partition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        String datacontenttype,
        String dataschema,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
}
