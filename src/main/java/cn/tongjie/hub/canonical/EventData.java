package cn.tongjie.hub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code data} of each canonical event type, as Java records; each matches the JSON Schema
 * {@code canonical/schemas/<type>-1.0.json} ({@code CanonicalModelTest} checks every one). Timestamps are RFC 3339
 * strings with their offset, exactly as agencies sent them, so no time zone is ever re-interpreted.
 */
public final class EventData {

    private EventData() {
    }

    /** cn.tongjie.dispute.reported.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DisputeReported(String disputeId, String sourceAgency, String sourceRef, String messageId,
            String receivedAt) {
    }

    /** cn.tongjie.dispute.corrected.v1 */
    public record DisputeCorrected(CanonicalDispute dispute, List<String> changedFields) {
    }

    /** cn.tongjie.dispute.unresolved.v1 — reasonCode ALL_DECLINED, PARTY_REFUSED, ALREADY_IN_LITIGATION, ... */
    public record DisputeUnresolved(String disputeId, String reasonCode, String reason, String at) {
    }

    /** cn.tongjie.dispute.withdrawn.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DisputeWithdrawn(String disputeId, String agency, String reasonCode, String reason, String at) {
    }

    /** cn.tongjie.dispute.correlated.v1: the report (agency, refType, ref) now belongs to dispute disputeId. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DisputeCorrelated(String disputeId, String agency, String refType, String ref, String matchedOn,
            String at) {
    }

    /** cn.tongjie.dispute.decorrelated.v1: the report was split out of disputeId into newDisputeId by an operator. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DisputeDecorrelated(String disputeId, String agency, String refType, String ref,
            String newDisputeId, String reason, String at) {
    }

    /** The mediation body an assignment went to. */
    public record Target(String agency, String code, String name) {
    }

    /** A mediator as the mediation body named them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mediator(String id, String name, String phone) {
    }

    /** cn.tongjie.mediation.assigned.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediationAssigned(String disputeId, String externalRef, String caseNo, Target target, String dueDate,
            Boolean urgent, String ruleId, String assignedAt) {
    }

    /** cn.tongjie.mediation.accepted.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediationAccepted(String disputeId, String externalRef, String caseNo, Target target,
            String acceptedAt) {
    }

    /** cn.tongjie.mediation.declined.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediationDeclined(String disputeId, String externalRef, String caseNo, Target target,
            String reasonCode, String reason, String declinedAt) {
    }

    /** cn.tongjie.mediation.mediator-assigned.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediatorAssigned(String disputeId, String externalRef, String caseNo, Target target,
            Mediator mediator, String assignedAt) {
    }

    /** cn.tongjie.mediation.concluded.v1 — result SUCCESS, FAILURE or TERMINATED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediationConcluded(String disputeId, String externalRef, String caseNo, Target target, String result,
            String concludedAt, String agreementNo, String agreementText, BigDecimal agreedAmount,
            String performanceDeadline, String failureReason, Mediator mediator,
            String judicialConfirmationDeadline) {
    }

    /** cn.tongjie.mediation.followed-up.v1 */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediationFollowedUp(String disputeId, String externalRef, String caseNo, Target target,
            boolean performed, String followUpAt, String note) {
    }

    /** cn.tongjie.feedback.sent.v1 */
    public record FeedbackSent(String disputeId, String agency, String channelRef, String outcome, String messageId,
            String sentAt) {
    }

    /** cn.tongjie.early-warning.raised.v1 and cn.tongjie.early-warning.updated.v1 — no personal data, only refs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EarlyWarning(String alertId, String rule, String title, String employerCode, String employerName,
            String township, int workers, int disputes, List<String> sources, List<EarlyWarningEvidence> evidence,
            String raisedAt, String updatedAt) {
    }

    /** One dispute of an early-warning cluster: where it came from and what it counted for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EarlyWarningEvidence(String disputeId, String sourceAgency, String category, String regionCode,
            String reportedAt, int headCount, int knownIds, List<EarlyWarningRef> refs) {
    }

    /** An agency's reference of a dispute (jjdbh, xfjbh, union file name ...). */
    public record EarlyWarningRef(String agency, String type, String ref) {
    }
}
