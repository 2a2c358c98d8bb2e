package cn.tongjie.hub.court;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CourtDocking out-fault chain's first step: whatever failed (the gate, step 12, an operation route's
 * CourtFaultException, a database outage, a bug) is rendered by {@link CourtFaults} alone, as a SOAP 1.1 fault
 * (also for a SOAP 1.2 request: §9.2), without header, never MTOM, with HTTP 500 or 503.
 */
class CourtFaultOutInterceptor extends AbstractSoapInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(CourtFaultOutInterceptor.class);
    /** Seconds a court should wait after SERVICE_UNAVAILABLE (§3: Retry-After may be added). */
    private static final String RETRY_AFTER_SECONDS = "30";

    CourtFaultOutInterceptor() {
        super(Phase.SETUP);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Exception failure = message.getContent(Exception.class);
        CourtFaultException court = CourtFaults.classify(failure);
        if (court.code() == CourtResultCode.INTERNAL_ERROR) {
            LOG.error("CourtDocking request failed unexpectedly; answered INTERNAL_ERROR", failure);
        } else if (court.code() == CourtResultCode.SERVICE_UNAVAILABLE) {
            LOG.warn("CourtDocking request not recorded, answered SERVICE_UNAVAILABLE: {}",
                    failure == null ? "" : failure.getClass().getName());
        } else {
            // code and field only: the texts may quote values of the message
            LOG.info("CourtDocking fault {} {}", court.code(), court.field() == null ? "" : court.field());
        }
        message.setContent(Exception.class, CourtFaults.toSoapFault(court));
        message.setVersion(Soap11.getInstance());
        message.getHeaders().clear();
        message.put(Message.MTOM_ENABLED, Boolean.FALSE);
        message.put(Message.RESPONSE_CODE, court.code().httpStatus());
        message.put(Message.CONTENT_TYPE, "text/xml; charset=UTF-8");
        if (court.code() == CourtResultCode.SERVICE_UNAVAILABLE) {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
            if (headers == null) {
                headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                message.put(Message.PROTOCOL_HEADERS, headers);
            }
            headers.put("Retry-After", new ArrayList<>(List.of(RETRY_AFTER_SECONDS)));
        }
    }
}
