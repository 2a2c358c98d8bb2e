package cn.tongjie.hub.simulator.court;

import cn.tongjie.hub.common.WsSecurityVerifier;
import cn.tongjie.hub.common.WsUsernameToken;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.w3c.dom.Element;

/**
 * The court's WS-Security check of the hub's requests (contract §4) through the shared
 * {@link WsSecurityVerifier}, so the hub → court direction is checked by the same rules, in the same order, as the
 * court → hub gate. What is the court's own: the one username it knows (tongjie-hub) with this court's password, an
 * in-memory nonce store, its clock, and the forced faults tests ask for. Declares wsse:Security understood, so CXF's
 * mustUnderstand check passes it.
 */
class SimSecurityInterceptor extends AbstractSoapInterceptor {

    static final QName SECURITY = new QName(WsUsernameToken.WSSE_NS, "Security");
    static final String HUB_USERNAME = "tongjie-hub";

    private final CourtSimulator simulator;
    private final WsSecurityVerifier verifier;

    SimSecurityInterceptor(String courtDigits, CourtSimulator simulator, Clock clock) {
        super(Phase.PRE_PROTOCOL);
        this.simulator = simulator;
        // the password is looked up per request: a test may rotate it (CourtSimulator.setHubPassword)
        this.verifier = new WsSecurityVerifier(clock,
                username -> HUB_USERNAME.equals(username) ? Optional.of(simulator.hubPassword(courtDigits))
                        : Optional.empty(),
                simulator::rememberNonce, WsSecurityVerifier.Limits.contract());
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        List<Element> blocks = new ArrayList<>();
        for (Header h : message.getHeaders()) {
            if (h.getObject() instanceof Element e) {
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

    /** Verifies the header blocks (every child of soap:Header); a failure is the court's fault for it. */
    void verify(List<Element> blocks) {
        try {
            verifier.verify(blocks);
        } catch (WsSecurityVerifier.WsSecurityException e) {
            throw SimFaults.fault(e.failure().name(), text(e.failure()) + "（" + e.getMessage() + "）", null);
        }
        String forced = simulator.takeForcedSecurityFault();
        if (forced != null) {
            throw SimFaults.fault(forced, "模拟：安全校验失败（" + forced + "）", null);
        }
    }

    /** The court platform's own wording (the verifier's detail, which never holds a secret, follows in brackets). */
    private static String text(WsSecurityVerifier.Failure failure) {
        return switch (failure) {
            case SECURITY_HEADER_INVALID -> "安全头无效";
            case TIMESTAMP_INVALID -> "时间戳无效或已过期";
            case AUTH_FAILED -> "用户名或密码摘要错误";
            case NONCE_REPLAYED -> "Nonce 重复使用";
        };
    }
}
