package cn.tongjie.hub.simulator.court;

import cn.tongjie.hub.common.WsUsernameToken;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The court's WS-Security check of the hub's requests (contract §4), in the contract's order: structure, times,
 * username and digest, nonce. Written here with WsUsernameToken.digest (the hub's own verifier lives in another
 * part of the hub, which a simulator must not use). Declares wsse:Security understood, so CXF's mustUnderstand check
 * passes it.
 */
class SimSecurityInterceptor extends AbstractSoapInterceptor {

    static final QName SECURITY = new QName(WsUsernameToken.WSSE_NS, "Security");

    private final String courtDigits;
    private final CourtSimulator simulator;
    private final Clock clock;

    SimSecurityInterceptor(String courtDigits, CourtSimulator simulator, Clock clock) {
        super(Phase.PRE_PROTOCOL);
        this.courtDigits = courtDigits;
        this.simulator = simulator;
        this.clock = clock;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        List<Element> blocks = new ArrayList<>();
        for (Header h : message.getHeaders()) {
            if (SECURITY.equals(h.getName()) && h.getObject() instanceof Element e) {
                blocks.add(e);
            }
        }
        try {
            verify(blocks);
        } catch (SimFaults.CodedFault f) {
            Object req = message.get(AbstractHTTPDestination.HTTP_REQUEST);
            if (req instanceof HttpServletRequest http) {
                http.setAttribute(SimulatedCourtIntake.ANSWER, "FAULT:" + f.courtFaultCode());
            }
            throw f;
        }
    }

    void verify(List<Element> blocks) {
        if (blocks.size() != 1) {
            throw invalid("须有且仅有一个 wsse:Security");
        }
        Element sec = blocks.get(0);
        Element ts = only(sec, WsUsernameToken.WSU_NS, "Timestamp");
        Element ut = only(sec, WsUsernameToken.WSSE_NS, "UsernameToken");
        Instant tsCreated = time(only(ts, WsUsernameToken.WSU_NS, "Created"));
        Instant tsExpires = time(only(ts, WsUsernameToken.WSU_NS, "Expires"));
        String username = only(ut, WsUsernameToken.WSSE_NS, "Username").getTextContent().trim();
        Element password = only(ut, WsUsernameToken.WSSE_NS, "Password");
        if (!WsUsernameToken.PASSWORD_DIGEST.equals(password.getAttribute("Type"))) {
            throw invalid("只接受 PasswordDigest");
        }
        Element nonceEl = only(ut, WsUsernameToken.WSSE_NS, "Nonce");
        String encoding = nonceEl.getAttribute("EncodingType");
        if (!encoding.isEmpty() && !WsUsernameToken.BASE64_BINARY.equals(encoding)) {
            throw invalid("Nonce EncodingType 错误");
        }
        String nonceText = nonceEl.getTextContent().trim();
        byte[] nonce;
        try {
            nonce = Base64.getDecoder().decode(nonceText);
        } catch (java.lang.IllegalArgumentException e) {
            throw invalid("Nonce 不是 Base64");
        }
        if (nonce.length < 16 || nonce.length > 64) {
            throw invalid("Nonce 长度须为 16–64 字节");
        }
        Element utCreatedEl = only(ut, WsUsernameToken.WSU_NS, "Created");
        String utCreatedText = utCreatedEl.getTextContent().trim();
        Instant utCreated = time(utCreatedEl);

        Instant now = clock.instant();
        if (!tsExpires.isAfter(tsCreated) || Duration.between(tsCreated, tsExpires).getSeconds() > 300
                || now.isAfter(tsExpires) || tsCreated.isAfter(now.plusSeconds(60))
                || utCreated.isBefore(now.minusSeconds(300)) || utCreated.isAfter(now.plusSeconds(60))) {
            throw SimFaults.fault("TIMESTAMP_INVALID", "时间戳无效或已过期", null);
        }
        String expected = WsUsernameToken.digest(nonce, utCreatedText, simulator.hubPassword(courtDigits));
        if (!"tongjie-hub".equals(username) || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                password.getTextContent().trim().getBytes(StandardCharsets.US_ASCII))) {
            throw SimFaults.fault("AUTH_FAILED", "用户名或密码摘要错误", null);
        }
        if (!simulator.rememberNonce(username, nonceText)) {
            throw SimFaults.fault("NONCE_REPLAYED", "Nonce 重复使用", null);
        }
        String forced = simulator.takeForcedSecurityFault();
        if (forced != null) {
            throw SimFaults.fault(forced, "模拟：安全校验失败（" + forced + "）", null);
        }
    }

    private static Element only(Element parent, String ns, String local) {
        Element found = null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                if (found != null) {
                    throw invalid("重复的 " + local);
                }
                found = e;
            }
        }
        if (found == null) {
            throw invalid("缺少 " + local);
        }
        return found;
    }

    private static Instant time(Element e) {
        String t = e.getTextContent().trim();
        if (!t.endsWith("Z")) {
            throw invalid("时间须为 UTC（Z）");
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ex) {
            throw invalid("时间格式错误");
        }
    }

    private static SimFaults.CodedFault invalid(String why) {
        return SimFaults.fault("SECURITY_HEADER_INVALID", "安全头无效：" + why, null);
    }
}
