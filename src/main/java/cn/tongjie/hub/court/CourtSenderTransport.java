package cn.tongjie.hub.court;

import cn.tongjie.hub.common.WsUsernameToken;
import com.ctc.wstx.stax.WstxOutputFactory;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UnsupportedEncodingException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.headers.Header;
import org.apache.cxf.helpers.CastUtils;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.codehaus.stax2.XMLOutputFactory2;
import org.codehaus.stax2.io.EscapingWriterFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tongliao.court.intake.v1.wsdl.CourtIntake;

/**
 * One attempt of one court message through Apache CXF: a JAX-WS {@link Dispatch} in PAYLOAD mode on the contract's
 * CourtIntake service sends the stored Body element (court_outbound.payload) with a fresh wsse:Security header to
 * {courtBase}/intake, and the court's answer is classified (contract §11).
 *
 * <p>One Dispatch per attempt, closed afterwards: Dispatch request/response contexts are not safe to share between
 * sender threads, and CXF shares the underlying JDK HttpClient between conduits with the same policy, so a fresh
 * Dispatch costs no new connection pool. The Service (WSDL parsed once) is created on the Spring Boot CXF Bus.
 *
 * <p>CXF is told not to turn HTTP error statuses into exceptions ({@value #NO_IO_EXCEPTIONS}): its HTTPException
 * carries neither the response headers nor the body, and the hub needs Retry-After and the CourtFault of a 503.
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
    static final QName SECURITY = new QName(WsUsernameToken.WSSE_NS, "Security");
    /** HTTPConduit: deliver 4xx/5xx answers to the in chain instead of throwing a header-less HTTPException. */
    static final String NO_IO_EXCEPTIONS = "org.apache.cxf.transport.no_io_exceptions";

    private final Service service;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    CourtSenderTransport(Bus bus, Duration connectTimeout, Duration readTimeout) {
        // JAX-WS creates services on the thread's default bus: make it the Spring Boot one (its config, its conduits)
        Bus previous = BusFactory.getAndSetThreadDefaultBus(bus);
        try {
            this.service = new CourtIntake();
        } finally {
            BusFactory.setThreadDefaultBus(previous);
        }
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Sends {@code payload} (the stored Body element text) as {@code operation} to {@code intakeUrl} with a new
     * Security header for {@code now}, and classifies the answer. Never throws for anything the court or the network
     * did.
     */
    Answer send(String intakeUrl, String operation, String payload, String hubPassword, Instant now) {
        Dispatch<Source> dispatch = service.createDispatch(CourtIntake.CourtIntakePort, Source.class,
                Service.Mode.PAYLOAD);
        try {
            Map<String, Object> request = dispatch.getRequestContext();
            request.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, intakeUrl);
            request.put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
            request.put(BindingProvider.SOAPACTION_URI_PROPERTY, SOAPACTION_PREFIX + operation);
            SoapHeader security = new SoapHeader(SECURITY, WsUsernameToken.securityHeader(HUB_USERNAME, hubPassword,
                    now));
            security.setMustUnderstand(true);
            request.put(Header.HEADER_LIST, new ArrayList<>(List.of(security)));
            request.put(NO_IO_EXCEPTIONS, Boolean.TRUE);
            request.put(XMLOutputFactory.class.getName(), JAXB_ESCAPING_OUTPUT);
            Client client = client(dispatch);
            configure(client);
            HttpAnswer http = new HttpAnswer();
            client.getInInterceptors().add(http);
            Source answer;
            try {
                answer = dispatch.invoke(new StreamSource(new StringReader(payload)));
            } catch (WebServiceException e) {
                return failure(http, e);
            }
            return receipt(http.status, answer == null ? null : element(answer), http.retryAfter());
        } finally {
            close(dispatch);
        }
    }

    /** Releases the conduit (and CXF's reference to the shared HTTP client). */
    private static void close(Dispatch<Source> dispatch) {
        try {
            ((DispatchImpl<?>) dispatch).close();
        } catch (java.io.IOException e) {
            // nothing to do: the answer is already classified; the conduit is dropped with the dispatch
        }
    }

    /** Timeouts per contract §3; no chunking (plain SOAP gateways), no redirects, no CXF-level retransmits. */
    private void configure(Client client) {
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(readTimeout.toMillis());
        policy.setAllowChunking(false);
        policy.setAutoRedirect(false);
        policy.setMaxRetransmits(0);
        // HTTP/1.1: the court's gateways are plain SOAP servers; no h2c upgrade attempts on plain HTTP
        policy.setVersion("1.1");
        conduit.setClient(policy);
    }

    private static Client client(Dispatch<Source> dispatch) {
        return ((DispatchImpl<?>) dispatch).getClient();
    }

    // ------------------------------------------------------------------------------------------------ classification

    /** A SOAP body that is not a fault: ACCEPTED / REJECTED receipt, or something unreadable. */
    static Answer receipt(int status, Element first, Optional<Duration> retryAfter) {
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
        return bare(status, retryAfter);
    }

    /** A SOAP fault; {@code courtFaultCode} is the cd:CourtFault/cd:code of its detail, or null. */
    static Answer fault(int status, String courtFaultCode, Optional<Duration> retryAfter) {
        if (courtFaultCode == null) {
            // a fault without the contract's CourtFault detail: treat like a bare 5xx
            return new Answer(status >= 500 ? Kind.RETRY : Kind.FAILED, "HTTP_" + status, null, retryAfter, status);
        }
        return new Answer(kindOfFault(courtFaultCode), courtFaultCode, null, retryAfter, status);
    }

    /** An HTTP answer without a readable SOAP body. */
    static Answer bare(int status, Optional<Duration> retryAfter) {
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

    /** A SOAP fault, an HTTP status without a readable body, or a network failure (nothing / unknown recorded). */
    private static Answer failure(HttpAnswer http, WebServiceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SOAPFaultException f) {
                Element detail = f.getFault() == null ? null : f.getFault().getDetail();
                return fault(http.status, detail == null ? null : text(detail, "code"), http.retryAfter());
            }
            if (t instanceof SoapFault f && http.status > 0 && f.getCause() == null) {
                // PAYLOAD dispatch hands the court's fault over as CXF's SoapFault (a read error has a cause)
                return fault(http.status, f.getDetail() == null ? null : text(f.getDetail(), "code"),
                        http.retryAfter());
            }
            if (t instanceof HTTPException h) {
                return bare(h.getResponseCode(), Optional.empty());
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return transport("TIMEOUT");
            }
            if (t instanceof ConnectException) {
                return transport("IO_ConnectException");
            }
        }
        if (http.status > 0) {
            // the court answered, but not with SOAP CXF could read (empty 503, HTML error page, ...)
            return bare(http.status, http.retryAfter());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // reset, DNS, TLS: nothing or something unknown was recorded; the court deduplicates a resend
        return transport("IO_" + root.getClass().getSimpleName());
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

    private static Element element(Source source) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            DOMResult result = new DOMResult();
            tf.newTransformer().transform(source, result);
            Node node = result.getNode();
            return node instanceof Document d ? d.getDocumentElement() : node instanceof Element e ? e : null;
        } catch (javax.xml.transform.TransformerException | RuntimeException e) {
            return null; // an answer CXF passed on but we cannot read: classified like a body-less answer
        }
    }

    /** Text of the first descendant element with this local name in the contract namespace, or null. */
    private static String text(Element root, String localName) {
        var list = root.getElementsByTagNameNS(CourtOutbound.NS, localName);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
    }

    /**
     * The HTTP status and headers of the answer, taken as soon as it arrives: CXF's response context lacks the headers
     * when the in chain fails (a 503 without a body), and Retry-After matters most there.
     */
    private static final class HttpAnswer extends AbstractPhaseInterceptor<Message> {
        private volatile int status;
        private volatile Map<String, List<String>> headers = Map.of();

        HttpAnswer() {
            super(Phase.RECEIVE);
        }

        @Override
        public void handleMessage(Message message) {
            Object code = message.get(Message.RESPONSE_CODE);
            status = code instanceof Integer i ? i : 0;
            Map<String, List<String>> h = CastUtils.cast((Map<?, ?>) message.get(Message.PROTOCOL_HEADERS));
            headers = h == null ? Map.of() : h;
        }

        Optional<Duration> retryAfter() {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if ("Retry-After".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                    return seconds(h.getValue().get(0));
                }
            }
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------ escaping

    /**
     * Writes character data escaped exactly as JAXB (MinimumEscapeHandler) escaped the stored payload, so the Body
     * CXF re-serialises from it is byte for byte the stored text (Woodstox alone would write a bare '&gt;' where JAXB
     * wrote "&amp;gt;").
     */
    static final XMLOutputFactory JAXB_ESCAPING_OUTPUT = jaxbEscapingOutput();

    private static XMLOutputFactory jaxbEscapingOutput() {
        XMLOutputFactory f = new WstxOutputFactory();
        f.setProperty(XMLOutputFactory2.P_TEXT_ESCAPER, new JaxbEscapes(false));
        f.setProperty(XMLOutputFactory2.P_ATTR_VALUE_ESCAPER, new JaxbEscapes(true));
        return f;
    }

    private record JaxbEscapes(boolean attribute) implements EscapingWriterFactory {

        @Override
        public Writer createEscapingWriterFor(Writer out, String encoding) {
            return new Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) throws IOException {
                    int start = off;
                    int end = off + len;
                    for (int i = off; i < end; i++) {
                        String escaped = escape(cbuf[i]);
                        if (escaped != null) {
                            out.write(cbuf, start, i - start);
                            out.write(escaped);
                            start = i + 1;
                        }
                    }
                    out.write(cbuf, start, end - start);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public Writer createEscapingWriterFor(OutputStream out, String encoding) throws UnsupportedEncodingException {
            return createEscapingWriterFor(new OutputStreamWriter(out, encoding == null ? "UTF-8" : encoding) {
                @Override
                public void write(char[] cbuf, int off, int len) throws IOException {
                    super.write(cbuf, off, len);
                    flush(); // nothing may stay buffered behind the writer's own output
                }

                @Override
                public void write(String str, int off, int len) throws IOException {
                    super.write(str, off, len);
                    flush();
                }
            }, encoding);
        }

        private String escape(char c) {
            return switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\r' -> "&#13;";
                case '\n' -> attribute ? "&#10;" : null;
                case '"' -> attribute ? "&quot;" : null;
                default -> null;
            };
        }
    }
}
