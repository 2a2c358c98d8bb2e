package cn.tongjie.hub.court;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import cn.tongjie.hub.common.WsUsernameToken;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * Runs the gate (contract §10 steps 2–11, {@link CourtGate}) on the raw request before CXF reads anything: before
 * the MTOM attachment parser and every XML parser of the in-chain. A request that passes continues as a plain
 * text/xml envelope (XOP parts inline), so the operations see {@code content} the same way either way; the gate's
 * verdict travels on the CXF exchange as {@link CourtGate.Passed}.
 */
class CourtGateInterceptor extends AbstractSoapInterceptor {

    private static final QName SECURITY = new QName(WsUsernameToken.WSSE_NS, "Security");
    private final CourtGate gate;

    CourtGateInterceptor(CourtGate gate) {
        super(Phase.RECEIVE);
        addBefore(AttachmentInInterceptor.class.getName());
        this.gate = gate;
    }

    /** The gate checks wsse:Security itself; CXF's MustUnderstandInterceptor must not refuse it. */
    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if ("GET".equals(message.get(Message.HTTP_REQUEST_METHOD))) {
            return; // ?wsdl / ?xsd=: CXF serves the contract files; there is no request to check
        }
        byte[] body;
        try {
            body = readAtMost(message.getContent(InputStream.class), gate.maxBodyBytes());
        } catch (IOException e) {
            throw CourtFaults.toSoapFault(CourtFaults.fault(CourtResultCode.MALFORMED_XML, null));
        }
        if (body == null) {
            // CourtBodyLimitFilter answers this first; kept so the limit holds even without the filter.
            HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
            if (response != null) {
                response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                response.setContentLength(0);
            }
            message.getInterceptorChain().abort();
            return;
        }
        CourtGate.Passed passed;
        try {
            passed = gate.check(body, (String) message.get(Message.CONTENT_TYPE), soapAction(message));
        } catch (CourtFaultException f) {
            throw CourtFaults.toSoapFault(f);
        }
        ExchangeLog.record("court", ExchangeLog.Direction.IN, passed.operation(), null, null, (String) message.get(Message.CONTENT_TYPE), body);
        message.setContent(InputStream.class, new ByteArrayInputStream(passed.envelope()));
        message.put(Message.CONTENT_TYPE, "text/xml; charset=UTF-8");
        message.put(Message.ENCODING, "UTF-8");
        message.getExchange().put(CourtGate.Passed.class, passed);
    }

    private static String soapAction(SoapMessage message) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if ("SOAPAction".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }

    /** The whole stream, or null if it is longer than {@code max}. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] all = in.readNBytes(max + 1);
        return all.length > max ? null : all;
    }
}
