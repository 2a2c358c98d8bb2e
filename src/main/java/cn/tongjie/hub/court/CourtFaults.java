package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.WsSecurityVerifier;
import cn.tongjie.hub.common.WsUsernameToken;
import java.sql.SQLTransientException;
import java.util.EnumMap;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.cxf.binding.soap.SoapFault;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The one renderer of CourtDocking faults (contract §9.2), for the gate's checks and for the operation routes alike:
 * {@code soap:Fault} with the faultcode of codes/result-codes.csv, {@code faultstring xml:lang="zh-CN"} and
 * {@code detail/cd:CourtFault{code, message, field?}}; HTTP 500, or 503 for SERVICE_UNAVAILABLE. Anything that is not
 * a contract fault becomes SERVICE_UNAVAILABLE (transient data-access failure: the court retries) or INTERNAL_ERROR,
 * never a stack trace.
 */
public final class CourtFaults {

    static final String CD_NS = "urn:tongliao:court:docking:v1";
    static final String LANG = "zh-CN";

    private static final Map<CourtResultCode, String> TEXTS = new EnumMap<>(CourtResultCode.class);

    static {
        TEXTS.put(CourtResultCode.MALFORMED_XML, "报文不是格式正确的XML");
        TEXTS.put(CourtResultCode.XML_FORBIDDEN, "报文不得包含DOCTYPE/实体声明/处理指令");
        TEXTS.put(CourtResultCode.ENCODING_UNSUPPORTED, "仅支持UTF-8编码");
        TEXTS.put(CourtResultCode.VERSION_MISMATCH, "仅支持SOAP 1.1报文");
        TEXTS.put(CourtResultCode.MUST_UNDERSTAND, "无法处理标记为mustUnderstand的头块");
        TEXTS.put(CourtResultCode.SECURITY_HEADER_INVALID, "安全头不符合要求");
        TEXTS.put(CourtResultCode.TIMESTAMP_INVALID, "安全头时间戳无效或已过期");
        TEXTS.put(CourtResultCode.AUTH_FAILED, "身份认证失败");
        TEXTS.put(CourtResultCode.NONCE_REPLAYED, "安全头Nonce重复使用");
        TEXTS.put(CourtResultCode.SCHEMA_INVALID, "报文不符合XSD");
        TEXTS.put(CourtResultCode.NOT_AUTHORIZED, "认证法院与courtCode不一致");
        TEXTS.put(CourtResultCode.SERVICE_UNAVAILABLE, "服务暂时不可用，请稍后重试");
        TEXTS.put(CourtResultCode.INTERNAL_ERROR, "内部错误，报文未被记录，请稍后重试");
    }

    private CourtFaults() {
    }

    /** The standard Chinese text of a code (faultstring and cd:message when nothing more specific is known). */
    public static String text(CourtResultCode code) {
        return TEXTS.getOrDefault(code, code.name());
    }

    /** A fault with the standard text. */
    public static CourtFaultException fault(CourtResultCode code, String field) {
        return new CourtFaultException(code, field, text(code));
    }

    /**
     * What the court is told about {@code failure}: a CourtFaultException or WS-Security failure anywhere in the cause
     * chain keeps its code; a transient data-access failure is SERVICE_UNAVAILABLE; anything else INTERNAL_ERROR.
     */
    public static CourtFaultException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CourtFaultException c) {
                return c;
            }
            if (t instanceof WsSecurityVerifier.WsSecurityException w) {
                return fault(CourtResultCode.valueOf(w.failure().name()), null);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (transientDataAccess(t)) {
                return fault(CourtResultCode.SERVICE_UNAVAILABLE, null);
            }
        }
        return fault(CourtResultCode.INTERNAL_ERROR, null);
    }

    private static boolean transientDataAccess(Throwable t) {
        return t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                || t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                || t instanceof NonTransientDataAccessResourceException || t instanceof SQLTransientException
                || t instanceof java.sql.SQLRecoverableException;
    }

    /** The SOAP 1.1 fault CXF writes for {@code f}: faultcode, faultstring xml:lang, detail, HTTP status. */
    public static SoapFault toSoapFault(CourtFaultException f) {
        CourtResultCode code = f.code();
        if (code.channel() != CourtResultCode.Channel.FAULT) {
            // A receipt reason thrown as a fault is a bug in an operation route: never send a receipt code as a fault.
            return toSoapFault(fault(CourtResultCode.INTERNAL_ERROR, null));
        }
        String message = f.humanMessage() == null || f.humanMessage().isBlank() ? text(code) : f.humanMessage();
        // the cause lets the out-fault step recognise an already rendered fault
        SoapFault soap = new SoapFault(message, f, new QName(WsUsernameToken.SOAP11_NS, code.faultCode().localName()));
        soap.setLang(LANG);
        soap.setStatusCode(code.httpStatus());
        soap.setDetail(detail(code, message, f.field()));
        return soap;
    }

    /** {@code <detail><cd:CourtFault><cd:code/><cd:message/><cd:field/>?</cd:CourtFault></detail>}. */
    static Element detail(CourtResultCode code, String message, String field) {
        Document doc = newDocument();
        Element detail = doc.createElementNS(null, "detail");
        doc.appendChild(detail);
        Element courtFault = doc.createElementNS(CD_NS, "cd:CourtFault");
        courtFault.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:cd", CD_NS);
        detail.appendChild(courtFault);
        append(courtFault, "cd:code", code.name());
        append(courtFault, "cd:message", message);
        if (field != null && !field.isBlank()) {
            append(courtFault, "cd:field", field);
        }
        return detail;
    }

    private static void append(Element parent, String qname, String text) {
        Element e = parent.getOwnerDocument().createElementNS(CD_NS, qname);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no DOM builder", e);
        }
    }
}
