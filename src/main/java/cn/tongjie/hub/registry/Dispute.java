package cn.tongjie.hub.registry;

import java.time.OffsetDateTime;

/** A registry row: the current state of one canonical dispute. {@code snapshot} is the canonical JSON. */
public record Dispute(
        String disputeId,
        DisputeStatus status,
        String outcome,
        String category,
        String regionCode,
        String sourceAgency,
        String sourceChannel,
        String sourceRef,
        String sourceVersion,
        boolean urgent,
        boolean mass,
        boolean finalFedBack,
        String snapshot,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /**
     * This dispute as one originating channel sees it: its own reference as the source. A dispute that correlation
     * merged from several channels has one origin, but every channel's feedback names that channel's own reference.
     */
    public Dispute asSeenBy(String agency, String ref) {
        return new Dispute(disputeId, status, outcome, category, regionCode, agency, sourceChannel, ref, sourceVersion,
                urgent, mass, finalFedBack, snapshot, createdAt, updatedAt);
    }
}
