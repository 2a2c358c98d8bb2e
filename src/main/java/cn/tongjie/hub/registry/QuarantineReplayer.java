package cn.tongjie.hub.registry;

import java.util.List;

/**
 * A connector's way back into its own intake for a quarantined record (the repair path of police §5.5): the console
 * hands over the entry and the bytes to process (the original or an operator's edit); the connector validates and
 * processes them exactly as if they had just been received. Implemented by connectors, so the core knows no agency.
 */
public interface QuarantineReplayer {

    /** True when this connector produced entries like this one and can take them back. */
    boolean handles(QuarantineEntry entry);

    /**
     * Validates and processes {@code value} in the caller's transaction. Never quarantines again: a record that is still
     * invalid comes back as {@code accepted = false} with the contract's reasons, and the entry stays open.
     */
    Replayed replay(QuarantineEntry entry, byte[] value);

    /**
     * @param accepted  processed by the connector (whatever its business outcome)
     * @param outcome   the connector's outcome (CREATED, CORRECTED, STALE, DUPLICATE ...) or INVALID
     * @param disputeId the dispute the record now belongs to, when there is one
     * @param reasons   why it is still refused: "CODE pointer: detail", no values (they may be personal data)
     */
    record Replayed(boolean accepted, String outcome, String disputeId, List<String> reasons) {
    }
}
