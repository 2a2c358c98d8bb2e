package cn.tongjie.hub.court;

import java.time.OffsetDateTime;

/** One court delegation as the hub tracks it (table court_delegation, contract §14). Times are instants. */
public record Delegation(String courtCode, String delegationId, String disputeId, String regime, String preFilingNo,
        String caseNo, String courtNumberNorm, String procedure, String causeCode, String causeName,
        String suggestedOrgCode, String suggestedOrgName, String suggestedMediator, OffsetDateTime delegatedAt,
        OffsetDateTime receivedAt, OffsetDateTime originalDueAt, OffsetDateTime dueAt, String state,
        String closedReason, OffsetDateTime closedAt, String ackDecision, OffsetDateTime ackQueuedAt,
        String resultType, OffsetDateTime resultQueuedAt, OffsetDateTime dueWarnedAt, String filedCaseNo) {

    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    public boolean open() {
        return OPEN.equals(state);
    }

    public boolean legacy() {
        return "LEGACY_PREFILING".equals(regime);
    }

    /** The court's number for this delegation as received: preFilingNo (legacy) or caseNo. */
    public String courtNumber() {
        return legacy() ? preFilingNo : caseNo;
    }
}
