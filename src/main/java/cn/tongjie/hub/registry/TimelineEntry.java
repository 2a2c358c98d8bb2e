package cn.tongjie.hub.registry;

import java.time.OffsetDateTime;

/** One line of a dispute's timeline: a message in or out, or a state change. */
public record TimelineEntry(
        long id,
        String disputeId,
        OffsetDateTime occurredAt,
        OffsetDateTime recordedAt,
        String eventType,
        String agency,
        Direction direction,
        String summary,
        String payload) {

    public enum Direction { IN, OUT, INTERNAL }
}
