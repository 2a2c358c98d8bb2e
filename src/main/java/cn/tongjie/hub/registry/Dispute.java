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
}
