package cn.tongjie.hub.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One assignment of a dispute to a mediation body; {@code externalRef} (= disputeId-NN) is its idempotency key there. */
public record Assignment(
        String externalRef,
        String disputeId,
        int seq,
        String agency,
        String targetCode,
        String targetName,
        String ruleId,
        boolean urgent,
        LocalDate dueDate,
        AssignmentStatus status,
        String caseNo,
        String result,
        String mediatorName,
        String mediatorPhone,
        Boolean performed,
        OffsetDateTime concludedAt,
        int attempts,
        OffsetDateTime nextAttemptAt,
        String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
