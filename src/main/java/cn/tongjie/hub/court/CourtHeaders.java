package cn.tongjie.hub.court;

/**
 * Exchange headers between the CourtDocking gate (transport, XML, security, schema: contract §10 steps 1–11) and the
 * per-operation routes {@code direct:court-<operation>} (steps 12–15). The body is the unmarshalled request (e.g.
 * {@code DelegateMediationType}); the routes answer with a {@code ReceiptType} body or throw
 * {@link CourtFaultException}.
 */
public final class CourtHeaders {

    /** Court code of the authenticated username (court-0502 → 内0502). */
    public static final String AUTHENTICATED_COURT = "TongjieCourtAuthenticated";
    /** {@link java.time.OffsetDateTime}: the hub's clock when the request arrived (the "receipt time" of §7). */
    public static final String RECEIVED_AT = "TongjieCourtReceivedAt";
    /** Body element local name, e.g. DelegateMediation. */
    public static final String OPERATION = "TongjieCourtOperation";

    private CourtHeaders() {
    }

    /** DelegateMediation → direct:court-delegate-mediation. */
    public static String routeOf(String operation) {
        return "direct:court-" + operation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
