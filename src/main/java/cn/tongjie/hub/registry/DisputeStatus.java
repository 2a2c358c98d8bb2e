package cn.tongjie.hub.registry;

/** Life cycle of a dispute in the hub (brief §4). */
public enum DisputeStatus {
    /** Registered, triage not yet done. */
    REGISTERED,
    /** Triage chose a mediation body; the assignment is being delivered (store-and-forward). */
    ASSIGNING,
    /** The mediation body's system registered the case. */
    ASSIGNED,
    /** The mediation body accepted it. */
    ACCEPTED,
    /** A mediator works on it. */
    IN_MEDIATION,
    /** Mediation ended (see outcome). */
    CONCLUDED,
    /** No mediation body takes it; handed back to the source / litigation. */
    UNRESOLVED,
    /** Cannot be assigned without an operator (e.g. no applicant known, or the body rejected the request). */
    BLOCKED
}
