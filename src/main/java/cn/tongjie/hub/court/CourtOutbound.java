package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.xml.namespace.QName;
import javax.xml.datatype.XMLGregorianCalendar;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tongliao.court.docking.v1.CourtCodeType;
import tongliao.court.docking.v1.ObjectFactory;

/**
 * The court outbox (table court_outbound): every hub → court message is stored here in the caller's transaction and
 * sent later by the court sender, so nothing is lost while a court is unreachable (contract §13). The message header
 * (messageId, sentAt, courtCode) is filled in here, and the body is marshalled once: every retry sends the same bytes.
 */
@Component
public class CourtOutbound {

    /** Namespace of the court contract's body elements. */
    public static final String NS = "urn:tongliao:court:docking:v1";

    /**
     * Published (synchronously, inside the sender's transaction) when the court answered a message, or when the hub
     * gave up on it. outcome: ACCEPTED, REJECTED (receipt with reasonCode) or FAILED (non-retryable fault code).
     */
    public record Answered(long id, String courtCode, String operation, String objectKey, String disputeId,
            String messageId, String outcome, String reasonCode) {
    }

    /** Published after commit of an enqueue, so the sender can wake up at once. */
    public record Queued(String courtCode) {
    }

    private static final JAXBContext JAXB = context();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CourtOutbound(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Queues one request. {@code request} is a generated body type (e.g. {@code AcknowledgeDelegationType}) with
     * everything but the header set; the operation is its element name. Returns the new messageId (a UUID, used for
     * this logical message only and reused on every retry).
     *
     * @param objectKey delegation / application / transfer id: messages with the same key go in order
     */
    public String enqueue(String courtCode, String objectKey, String disputeId, Object request) {
        String messageId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        setHeader(request, messageId, CourtTimes.toXml(now), CourtCodeType.fromValue(courtCode));
        String operation = operationOf(request);
        String payload = marshal(operation, request);
        jdbc.sql("insert into court_outbound (court_code, message_id, operation, object_key, dispute_id, payload, "
                + "status, attempts, created_at, next_attempt_at) values (:court, :mid, :op, :key, :dispute, :payload, "
                + "'PENDING', 0, :now, :now)")
                .param("court", courtCode).param("mid", messageId).param("op", operation).param("key", objectKey)
                .param("dispute", disputeId).param("payload", payload)
                .param("now", now.withOffsetSameInstant(ZoneOffset.UTC)).update();
        events.publishEvent(new Queued(courtCode));
        return messageId;
    }

    /** AcknowledgeDelegationType → AcknowledgeDelegation. */
    public static String operationOf(Object request) {
        String simple = request.getClass().getSimpleName();
        return simple.endsWith("Type") ? simple.substring(0, simple.length() - 4) : simple;
    }

    /** The Body element as XML text (no XML declaration), in the contract namespace. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String marshal(String operation, Object request) {
        try {
            Marshaller m = JAXB.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            m.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            m.marshal(new JAXBElement(new QName(NS, operation), request.getClass(), request), out);
            return out.toString();
        } catch (JAXBException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot marshal " + operation, e);
        }
    }

    private static void setHeader(Object request, String messageId, XMLGregorianCalendar sentAt,
            CourtCodeType court) {
        try {
            Class<?> c = request.getClass();
            Method mid = c.getMethod("setMessageId", String.class);
            Method sent = c.getMethod("setSentAt", XMLGregorianCalendar.class);
            Method code = c.getMethod("setCourtCode", CourtCodeType.class);
            mid.invoke(request, messageId);
            sent.invoke(request, sentAt);
            code.invoke(request, court);
        } catch (ReflectiveOperationException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, request.getClass().getName() + " is not a court request", e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "court JAXB context", e);
        }
    }
}
