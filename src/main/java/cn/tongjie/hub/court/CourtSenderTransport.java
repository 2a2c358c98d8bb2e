package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.WsUsernameToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One HTTP attempt of one court message: the stored Body text inside a new envelope with a fresh wsse:Security header,
 * POSTed to {courtBase}/intake, and the answer classified (contract §11).
 *
 * <p>Why the JDK HTTP client and not a CXF Dispatch/camel-cxf producer: the body must be byte-for-byte the stored one on
 * every attempt, and the hub's reaction depends on the raw HTTP outcome (503 with or without a SOAP body, Retry-After,
 * connection reset vs read timeout). CXF's conduit turns non-500 error statuses into an HTTPException without the
 * response headers and would re-serialise a PAYLOAD body; here the envelope is plain text around the stored bytes.
 */
class CourtSenderTransport {

    /** What the court's answer means for the row (contract §11). */
    enum Kind {
        /** receipt ACCEPTED */
        ACCEPTED,
        /** receipt REJECTED + reasonCode: final, never retried */
        REJECTED,
        /** not recorded or unknown: retry the same message later */
        RETRY,
        /** TIMESTAMP_INVALID / NONCE_REPLAYED: retry once at once with a fresh header */
        SECURITY_RETRY,
        /** AUTH_FAILED: stop this court's outbox */
        AUTH_FAILED,
        /** any other fault: hub bug or bad data, quarantine */
        FAILED
    }

    /**
     * @param code       the CourtFault code / receipt reasonCode, or a transport description (HTTP_503, CONNECT, ...)
     * @param retryAfter the court's Retry-After, if it sent one
     */
    record Answer(Kind kind, String code, String receiptId, Optional<Duration> retryAfter, int httpStatus) {
    }

    static final String SOAPACTION_PREFIX = "urn:tongliao:court:docking:v1:";
    static final String HUB_USERNAME = "tongjie-hub";

    private final HttpClient http;
    private final Duration readTimeout;

    CourtSenderTransport(Duration connectTimeout, Duration readTimeout) {
        // HTTP/1.1: the court's gateways are plain SOAP servers; no h2c upgrade attempts on plain HTTP.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.readTimeout = readTimeout;
    }

    /** The envelope of one attempt: {@code payload} unchanged, a new Security header for {@code now}. */
    static String envelope(String payload, String hubPassword, Instant now) {
        Element security = WsUsernameToken.securityHeader(HUB_USERNAME, hubPassword, now);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + WsUsernameToken.SOAP11_NS + "\"><soap:Header>"
                + serialise(security) + "</soap:Header><soap:Body>" + payload + "</soap:Body></soap:Envelope>";
    }

    Answer post(String intakeUrl, String operation, String envelope) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(intakeUrl))
                .timeout(readTimeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"" + SOAPACTION_PREFIX + operation + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            return transport("TIMEOUT");
        } catch (IOException e) {
            // refused, reset, DNS, TLS: nothing or something unknown was recorded; the court deduplicates a resend
            return transport("IO_" + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return transport("INTERRUPTED");
        }
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(CourtSenderTransport::seconds);
        return classify(response.statusCode(), response.body(), retryAfter);
    }

    static Answer classify(int status, byte[] body, Optional<Duration> retryAfter) {
        Element first = body == null || body.length == 0 ? null : firstBodyChild(body);
        if (first != null && "Fault".equals(first.getLocalName())) {
            String code = text(first, "code");
            if (code == null) {
                // a fault without the contract's CourtFault detail: treat like a bare 5xx
                return new Answer(status >= 500 ? Kind.RETRY : Kind.FAILED, "HTTP_" + status, null, retryAfter, status);
            }
            return new Answer(kindOfFault(code), code, null, retryAfter, status);
        }
        if (status == 200 && first != null && first.getLocalName().endsWith("Response")) {
            String receiptStatus = text(first, "status");
            String receiptId = text(first, "receiptId");
            if ("ACCEPTED".equals(receiptStatus)) {
                return new Answer(Kind.ACCEPTED, null, receiptId, retryAfter, status);
            }
            if ("REJECTED".equals(receiptStatus)) {
                return new Answer(Kind.REJECTED, text(first, "reasonCode"), receiptId, retryAfter, status);
            }
        }
        // 5xx without a SOAP body, 408/429, or a 200 we cannot read: unknown whether recorded; a resend is harmless
        if (status >= 500 || status == 408 || status == 429 || status == 200) {
            return new Answer(Kind.RETRY, "HTTP_" + status, null, retryAfter, status);
        }
        return new Answer(Kind.FAILED, "HTTP_" + status, null, retryAfter, status);
    }

    static Kind kindOfFault(String code) {
        return switch (code) {
            case "SERVICE_UNAVAILABLE", "INTERNAL_ERROR" -> Kind.RETRY;
            case "TIMESTAMP_INVALID", "NONCE_REPLAYED" -> Kind.SECURITY_RETRY;
            case "AUTH_FAILED" -> Kind.AUTH_FAILED;
            default -> Kind.FAILED;
        };
    }

    private static Answer transport(String what) {
        return new Answer(Kind.RETRY, what, null, Optional.empty(), 0);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.trim());
            return s > 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date Retry-After: ignored, the own back-off applies
        }
    }

    private static Element firstBodyChild(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // the court's answer is untrusted input like any other: no DTDs, no entities, no external access
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            Element body = child(doc.getDocumentElement(), "Body");
            return body == null ? null : firstElement(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    /** Text of the first descendant element with this local name in the contract namespace, or null. */
    private static String text(Element root, String localName) {
        var list = root.getElementsByTagNameNS(CourtOutbound.NS, localName);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
    }

    private static String serialise(Element e) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(out));
            return out.toString();
        } catch (Exception ex) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot serialise the security header", ex);
        }
    }
}
