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
        super(code.retryable() ? ErrorCode.TJ_AGENCY_UNAVAILABLE : ErrorCode.TJ_INBOUND_INVALID,
                code.name() + (field == null ? "" : " " + field) + ": " + message);
        this.code = code;
        this.field = field;
        this.humanMessage = message;
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
