package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;

/**
 * A CourtDocking request that gets a SOAP fault (contract §9.2): nothing is recorded. {@code code} is the contract's
 * fault code (codes/result-codes.csv, channel FAULT), {@code field} its path (§5) or null.
 */
public class CourtFaultException extends HubException {

    private final CourtResultCode code;
    private final String field;
    private final String humanMessage;

    public CourtFaultException(CourtResultCode code, String field, String message) {
        super(errorCodeOf(code), code.name() + (field == null ? "" : " " + field) + ": " + message);
        this.code = code;
        this.field = field;
        this.humanMessage = message;
    }

    /** The hub's own error code for a court fault, so operators find court faults by the same codes as others. */
    private static ErrorCode errorCodeOf(CourtResultCode code) {
        return switch (code) {
            case SECURITY_HEADER_INVALID, TIMESTAMP_INVALID, AUTH_FAILED, NONCE_REPLAYED, NOT_AUTHORIZED ->
                    ErrorCode.TJ_UNAUTHORIZED;
            case DUPLICATE_CONFLICT -> ErrorCode.TJ_DUPLICATE_CONFLICT;
            case SERVICE_UNAVAILABLE, INTERNAL_ERROR -> ErrorCode.TJ_INTERNAL;
            default -> ErrorCode.TJ_INBOUND_INVALID;
        };
    }

    public CourtResultCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The Chinese text for faultstring and cd:message. */
    public String humanMessage() {
        return humanMessage;
    }
}
