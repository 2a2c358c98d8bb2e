package cn.tongjie.hub.court;

import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.ExtendDelegationType;
import tongliao.court.docking.v1.NotifyCaseFiledType;
import tongliao.court.docking.v1.NotifyJudicialConfirmationType;
import tongliao.court.docking.v1.WithdrawDelegationType;

/**
 * The CourtDocking operation routes (contract §10 steps 13–15), one per operation, called by the gate with the
 * schema-valid request as body and the {@link CourtHeaders}. Each answers with a {@code ReceiptType} body or fails
 * with {@link CourtFaultException}, which reaches the gate unchanged: no redelivery (a fault is final for this
 * attempt; the court retries) and no error log for what is an ordinary answer.
 */
@Component
class CourtOperationRoutes extends RouteBuilder {

    private final CourtInboundOperations operations;

    CourtOperationRoutes(CourtInboundOperations operations) {
        this.operations = operations;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from(CourtHeaders.routeOf("DelegateMediation")).routeId("court-delegate-mediation")
                .process(e -> e.getMessage().setBody(operations.delegateMediation(
                        e.getIn().getBody(DelegateMediationType.class), court(e), receivedAt(e))))
                .id("court-delegate-mediation-process");

        from(CourtHeaders.routeOf("ExtendDelegation")).routeId("court-extend-delegation")
                .process(e -> e.getMessage().setBody(operations.extendDelegation(
                        e.getIn().getBody(ExtendDelegationType.class), court(e), receivedAt(e))))
                .id("court-extend-delegation-process");

        from(CourtHeaders.routeOf("WithdrawDelegation")).routeId("court-withdraw-delegation")
                .process(e -> e.getMessage().setBody(operations.withdrawDelegation(
                        e.getIn().getBody(WithdrawDelegationType.class), court(e), receivedAt(e))))
                .id("court-withdraw-delegation-process");

        from(CourtHeaders.routeOf("NotifyCaseFiled")).routeId("court-notify-case-filed")
                .process(e -> e.getMessage().setBody(operations.notifyCaseFiled(
                        e.getIn().getBody(NotifyCaseFiledType.class), court(e), receivedAt(e))))
                .id("court-notify-case-filed-process");

        from(CourtHeaders.routeOf("NotifyJudicialConfirmation")).routeId("court-notify-judicial-confirmation")
                .process(e -> e.getMessage().setBody(operations.notifyJudicialConfirmation(
                        e.getIn().getBody(NotifyJudicialConfirmationType.class), court(e), receivedAt(e))))
                .id("court-notify-judicial-confirmation-process");
    }

    /** The authenticated court; the gate has already checked that the body's courtCode is the same (step 12). */
    private static String court(Exchange e) {
        return e.getIn().getHeader(CourtHeaders.AUTHENTICATED_COURT, String.class);
    }

    private static OffsetDateTime receivedAt(Exchange e) {
        return e.getIn().getHeader(CourtHeaders.RECEIVED_AT, OffsetDateTime.class);
    }
}
