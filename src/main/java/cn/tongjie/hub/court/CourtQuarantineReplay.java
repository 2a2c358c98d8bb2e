package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Replay of a court message the court refused with a non-retryable fault (CourtSender quarantines it, contract §13:
 * "keep it for an operator"). The (edited) body element is checked against the contract's XSD and must still be the
 * same operation; it is then queued again through the court outbox as a new message — a fresh messageId and sentAt,
 * because the court deduplicates by messageId and would answer the old one's fault again (or DUPLICATE_CONFLICT for
 * changed bytes). The failed row stays as it was (history); the new row goes out in order behind the key's others.
 */
@Component
@ConditionalOnProperty(name = "tongjie.court.enabled", havingValue = "true", matchIfMissing = true)
class CourtQuarantineReplay implements QuarantineReplayer {

    static final String SOURCE_PREFIX = "court-outbound/";

    private final CourtOutbound outbound;
    private final JdbcClient jdbc;
    private final ObjectMapper json = new ObjectMapper();
    private final JAXBContext jaxb;
    private final Schema schema;

    CourtQuarantineReplay(CourtOutbound outbound, JdbcClient jdbc) {
        this.outbound = outbound;
        this.jdbc = jdbc;
        try {
            this.jaxb = JAXBContext.newInstance(tongliao.court.docking.v1.ObjectFactory.class);
        } catch (JAXBException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "court JAXB context", e);
        }
        this.schema = CourtGate.loadSchema();
    }

    @Override
    public boolean handles(QuarantineEntry entry) {
        return CourtSender.AGENCY.equals(entry.agency()) && entry.source() != null
                && entry.source().startsWith(SOURCE_PREFIX);
    }

    @Override
    public Replayed replay(QuarantineEntry entry, byte[] value) {
        JsonNode headers;
        try {
            headers = json.readTree(entry.headersJson() == null ? "{}" : entry.headersJson());
        } catch (IOException e) {
            return refused("HEADERS_INVALID", "headers are not a JSON object");
        }
        String operation = headers.path("operation").asText("");
        String courtCode = headers.path("courtCode").asText("");
        String objectKey = headers.path("objectKey").asText("");
        if (operation.isEmpty() || courtCode.isEmpty() || objectKey.isEmpty()) {
            return refused("HEADERS_INVALID", "operation, courtCode and objectKey are needed to queue the message");
        }
        Object request;
        try {
            Unmarshaller u = jaxb.createUnmarshaller();
            u.setSchema(schema);
            XMLStreamReader xml = secureInput().createXMLStreamReader(new StringReader(
                    new String(value, StandardCharsets.UTF_8)));
            Object parsed = u.unmarshal(xml);
            if (!(parsed instanceof JAXBElement<?> element)) {
                return refused("SCHEMA_INVALID", "not a court request element");
            }
            String name = element.getName().getLocalPart();
            if (!operation.equals(name)) {
                // the outbox row, the object key and the court's expectations belong to this operation
                return refused("OPERATION_CHANGED", "the body must stay a " + operation + " (found " + name + ")");
            }
            request = element.getValue();
        } catch (JAXBException | XMLStreamException e) {
            // the parser's message can quote element content (personal data): the kind only
            return refused("SCHEMA_INVALID", "not valid against court-docking-v1.xsd or not well-formed XML");
        }
        Optional<String> disputeId = jdbc.sql("select dispute_id from court_outbound where id = :id")
                .param("id", headers.path("outboundId").asLong(-1)).query(String.class).optional();
        String messageId = outbound.enqueue(courtCode, objectKey, disputeId.orElse(null), request);
        return new Replayed(true, "REQUEUED as " + messageId, disputeId.orElse(null), List.of());
    }

    private static Replayed refused(String code, String detail) {
        return new Replayed(false, "INVALID", null, List.of(code + " $: " + detail));
    }

    private static XMLInputFactory secureInput() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // no DTDs, no external entities (contract §18)
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }
}
