package cn.tongjie.hub.registry;

/** Delivery and case state of one assignment. */
public enum AssignmentStatus {
    /** Waiting to be delivered (first try or a retry after an outage). */
    PENDING,
    /** The body's system registered the case (201, or 409 for an earlier lost 201). */
    RECEIVED,
    ACCEPTED,
    IN_MEDIATION,
    CONCLUDED,
    DECLINED,
    WITHDRAWN,
    /** The body's system refused the request (422/400/401): an operator must look; never retried automatically. */
    REJECTED,
    /** Retries exhausted (contract: 7 days). */
    FAILED;

    public boolean open() {
        return this == PENDING || this == RECEIVED || this == ACCEPTED || this == IN_MEDIATION;
    }
}
