package cn.tongjie.hub.simulator.court;

import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.cxf.binding.soap.SoapFault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Faults as the court platform writes them (contract §9.2): a cd:CourtFault detail in every fault. */
final class SimFaults {

    static final String NS = "urn:tongliao:court:docking:v1";
    static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    private SimFaults() {
    }

    /** A fault carrying {@code code}; thrown from the endpoint or its interceptors, CXF writes it as HTTP 500. */
    static CodedFault fault(String code, String message, String field) {
        String faultCode = "SERVICE_UNAVAILABLE".equals(code) || "INTERNAL_ERROR".equals(code) ? "Server" : "Client";
        CodedFault f = new CodedFault(code, message, new QName(SOAP11_NS, faultCode));
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setNamespaceAware(true);
            Document d = dbf.newDocumentBuilder().newDocument();
            Element detail = d.createElementNS(null, "detail");
            Element cf = d.createElementNS(NS, "cd:CourtFault");
            detail.appendChild(cf);
            add(cf, "cd:code", code);
            add(cf, "cd:message", message);
            if (field != null) {
                add(cf, "cd:field", field);
            }
            f.setDetail(detail);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            // no detail then; the fault still carries the message
        }
        if ("SERVICE_UNAVAILABLE".equals(code)) {
            f.setStatusCode(503);
        }
        return f;
    }

    /** A SOAP fault that remembers its CourtFault code (for the simulator's log and the tests). */
    static final class CodedFault extends SoapFault {
        private static final long serialVersionUID = 1L;
        private final String courtCode;

        CodedFault(String courtCode, String message, QName faultCode) {
            super(message, faultCode);
            this.courtCode = courtCode;
        }

        String courtFaultCode() {
            return courtCode;
        }
    }

    private static void add(Element parent, String qname, String text) {
        Element e = parent.getOwnerDocument().createElementNS(NS, qname);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    /** The fault envelope written directly (maintenance / down gate), contract sample court-fault-service-unavailable. */
    static String serviceUnavailableEnvelope() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"" + SOAP11_NS + "\" xmlns:cd=\""
                + NS + "\"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>"
                + "<faultstring xml:lang=\"zh-CN\">法院数据交换平台维护中（每日00:00-01:00），请稍后重试</faultstring>"
                + "<detail><cd:CourtFault><cd:code>SERVICE_UNAVAILABLE</cd:code>"
                + "<cd:message>法院数据交换平台维护中（每日00:00-01:00），请稍后重试</cd:message></cd:CourtFault></detail>"
                + "</soap:Fault></soap:Body></soap:Envelope>";
    }
}
