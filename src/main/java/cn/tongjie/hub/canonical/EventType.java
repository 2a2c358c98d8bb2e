package cn.tongjie.hub.canonical;

import java.util.Arrays;
import java.util.Optional;

/**
 * Canonical event types. The CloudEvents {@code type} carries the major version; each has a JSON Schema at
 * {@code canonical/schemas/<name>-<version>.json} describing its {@code data}.
 */
public enum EventType {
    /** A channel handed a dispute to the hub and the hub accepted (validated, persisted) it. */
    DISPUTE_REPORTED("dispute.reported", "1.0"),
    /** A new canonical dispute was registered; data is the canonical dispute. */
    DISPUTE_REGISTERED("dispute.registered", "1.0"),
    /** The source sent a correction; data carries the new dispute and the changed fields. */
    DISPUTE_CORRECTED("dispute.corrected", "1.0"),
    /** No mediation body could take the dispute (all declined, or the parties refused); the source must hear it. */
    DISPUTE_UNRESOLVED("dispute.unresolved", "1.0"),
    /** The source withdrew the dispute (court WithdrawDelegation, legacy filing): stop mediation, report nothing. */
    DISPUTE_WITHDRAWN("dispute.withdrawn", "1.0"),
    /** Another channel reported the same dispute; its reference was attached to this dispute (no second triage). */
    DISPUTE_CORRELATED("dispute.correlated", "1.0"),
    /** An operator undid a correlation: the report was split back out into a dispute of its own. */
    DISPUTE_DECORRELATED("dispute.decorrelated", "1.0"),
    /** The hub assigned the dispute to a mediation body and the body's system registered it. */
    MEDIATION_ASSIGNED("mediation.assigned", "1.0"),
    /** The mediation body accepted the dispute. */
    MEDIATION_ACCEPTED("mediation.accepted", "1.0"),
    /** The mediation body declined the dispute; triage routes it again. */
    MEDIATION_DECLINED("mediation.declined", "1.0"),
    /** A mediator was (re)assigned. */
    MEDIATION_MEDIATOR_ASSIGNED("mediation.mediator-assigned", "1.0"),
    /** Mediation ended: SUCCESS, FAILURE or TERMINATED. */
    MEDIATION_CONCLUDED("mediation.concluded", "1.0"),
    /** Follow-up (回访): whether the agreement was performed. */
    MEDIATION_FOLLOWED_UP("mediation.followed-up", "1.0"),
    /** The hub delivered feedback to an originating channel. */
    FEEDBACK_SENT("feedback.sent", "1.0"),
    // early warning (issue 5): published on the early-warning topic, subject = alertId, not on the dispute stream
    /** A cluster of disputes crossed an early-warning rule: raised once per cluster. */
    EARLY_WARNING_RAISED("early-warning.raised", "1.0"),
    /** A raised cluster grew (new disputes, workers or sources): the alert's evidence was updated, not raised again. */
    EARLY_WARNING_UPDATED("early-warning.updated", "1.0");

    public static final String PREFIX = "cn.tongjie.";

    private final String name;
    private final String version;

    EventType(String name, String version) {
        this.name = name;
        this.version = version;
    }

    /** CloudEvents type, e.g. {@code cn.tongjie.dispute.registered.v1}. */
    public String ceType() {
        return PREFIX + name + ".v" + version.substring(0, version.indexOf('.'));
    }

    public String schemaName() {
        return name + "-" + version + ".json";
    }

    public String dataschema() {
        return "https://schemas.tongjie.example/canonical/" + schemaName();
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return ceType == null ? Optional.empty() : Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    /** Looked up for every consumption of every canonical event: a map, not a scan of the values. */
    private static final java.util.Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(EventType::ceType, t -> t));
}
