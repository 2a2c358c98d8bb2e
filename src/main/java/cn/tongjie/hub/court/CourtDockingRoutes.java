package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tongliao.court.docking.v1.CourtCodeType;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.ExtendDelegationType;
import tongliao.court.docking.v1.NotifyCaseFiledType;
import tongliao.court.docking.v1.NotifyJudicialConfirmationType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.WithdrawDelegationType;

/**
 * The one CourtDocking route: takes what passed the gate (§10 steps 1–11), checks step 12 (the body's courtCode is
 * the authenticated court) and hands the request to its operation route {@code direct:court-<operation>} with the
 * {@link CourtHeaders}. The operation route answers with a ReceiptType or throws; faults are rendered by
 * {@link CourtFaultOutInterceptor}.
 */
@Component
@ConditionalOnProperty(name = "tongjie.court.enabled", havingValue = "true", matchIfMissing = true)
class CourtDockingRoutes extends RouteBuilder {

    /** Internal: the operation route's endpoint uri. */
    static final String TARGET = "TongjieCourtTarget";
    private final CourtNonces nonces;
    private final CourtGateProperties gate;

    CourtDockingRoutes(CourtNonces nonces, CourtGateProperties gate) {
        this.nonces = nonces;
        this.gate = gate;
    }

    @Override
    public void configure() {
        from("cxf:bean:courtDocking").routeId("court-docking-receive")
                // Faults go back to the court as they are (the out-fault interceptor renders them); nothing to retry
                // or log here, and the message may hold personal data.
                .errorHandler(noErrorHandler())
                .process(CourtDockingRoutes::takeGateVerdict).id("court-docking-gate-verdict")
                .process(CourtDockingRoutes::authorise).id("court-docking-authorise")
                .toD("${header." + TARGET + "}").id("court-docking-dispatch")
                .process(CourtDockingRoutes::requireReceipt).id("court-docking-receipt")
                .removeHeaders("TongjieCourt*");

        // §4 "Replay": pairs are remembered 600 s; older ones only take room.
        from("timer:court-nonce-purge?delay=60000&period=" + gate.noncePurgeInterval().toMillis())
                .routeId("court-nonce-purge")
                .process(e -> nonces.purgeExpired()).id("court-purge-expired-nonces");
    }

    static void takeGateVerdict(Exchange e) {
        org.apache.cxf.message.Message cxf =
                e.getIn().getHeader(CxfConstants.CAMEL_CXF_MESSAGE, org.apache.cxf.message.Message.class);
        CourtGate.Passed passed = cxf == null ? null : cxf.getExchange().get(CourtGate.Passed.class);
        if (passed == null) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "CourtDocking request without gate verdict");
        }
        Object body = e.getIn().getBody();
        if (body instanceof List<?> list) {
            body = list.isEmpty() ? null : list.get(0); // MessageContentsList: the one request part
        }
        e.getIn().setBody(body);
        e.getIn().setHeader(CourtHeaders.AUTHENTICATED_COURT, passed.courtCode());
        e.getIn().setHeader(CourtHeaders.RECEIVED_AT, passed.receivedAt());
        e.getIn().setHeader(CourtHeaders.OPERATION, passed.operation());
        e.getIn().setHeader(TARGET, CourtHeaders.routeOf(passed.operation()));
    }

    /** Step 12 (§4 "Authorisation"): courtCode must be the court of the authenticated username. */
    static void authorise(Exchange e) {
        String operation = e.getIn().getHeader(CourtHeaders.OPERATION, String.class);
        String authenticated = e.getIn().getHeader(CourtHeaders.AUTHENTICATED_COURT, String.class);
        CourtCodeType claimed = courtCodeOf(e.getIn().getBody());
        if (claimed == null || !claimed.value().equals(authenticated)) {
            throw new CourtFaultException(CourtResultCode.NOT_AUTHORIZED, "/" + operation + "/courtCode",
                    CourtFaults.text(CourtResultCode.NOT_AUTHORIZED));
        }
    }

    static CourtCodeType courtCodeOf(Object request) {
        if (request instanceof DelegateMediationType r) {
            return r.getCourtCode();
        } else if (request instanceof ExtendDelegationType r) {
            return r.getCourtCode();
        } else if (request instanceof WithdrawDelegationType r) {
            return r.getCourtCode();
        } else if (request instanceof NotifyCaseFiledType r) {
            return r.getCourtCode();
        } else if (request instanceof NotifyJudicialConfirmationType r) {
            return r.getCourtCode();
        }
        return null;
    }

    private static void requireReceipt(Exchange e) {
        if (!(e.getIn().getBody() instanceof ReceiptType)) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "operation route "
                    + e.getIn().getHeader(TARGET) + " answered without a ReceiptType");
        }
    }
}
