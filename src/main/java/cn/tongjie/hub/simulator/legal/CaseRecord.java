package cn.tongjie.hub.simulator.legal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** One stored case. Mutable; every access holds the simulator's lock. */
final class CaseRecord {

    /** What the committee will do with the case, drawn once at creation so a seed gives the same story. */
    record Plan(String declineReasonCode, String result, boolean followUp, boolean performed,
                Committees.Mediator mediator) {
    }

    /** A generated event with its generation number, the tie-breaker when occurredAt is equal. */
    record StoredEvent(ObjectNode json, long order, OffsetDateTime occurredAt) {
    }

    final String caseNo;
    final String externalRef;
    final Committees.Committee committee;
    final String requestJson;
    final JsonNode request;
    final String receivedAt;
    final Plan plan;
    final List<StoredEvent> events = new ArrayList<>();
    final List<ScheduledFuture<?>> pending = new ArrayList<>();
    String withdrawnAt;
    OffsetDateTime lastOccurredAt;

    CaseRecord(String caseNo, String externalRef, Committees.Committee committee, String requestJson,
               JsonNode request, String receivedAt, Plan plan) {
        this.caseNo = caseNo;
        this.externalRef = externalRef;
        this.committee = committee;
        this.requestJson = requestJson;
        this.request = request;
        this.receivedAt = receivedAt;
        this.plan = plan;
    }

    /**
     * Status derived from the set of events, like the hub must do (README §7.3), so events emitted by hand in any
     * order still give a sensible status. A withdrawn case stays WITHDRAWN.
     */
    String status() {
        if (withdrawnAt != null) {
            return "WITHDRAWN";
        }
        if (has("CONCLUDED")) {
            return "CONCLUDED";
        }
        if (has("DECLINED")) {
            return "DECLINED";
        }
        if (has("MEDIATOR_ASSIGNED")) {
            return "IN_MEDIATION";
        }
        return has("ACCEPTED") ? "ACCEPTED" : "RECEIVED";
    }

    boolean has(String eventType) {
        return events.stream().anyMatch(e -> eventType.equals(e.json().path("eventType").asText()));
    }

    boolean hasEvent(String eventId) {
        return events.stream().anyMatch(e -> eventId.equals(e.json().path("eventId").asText()));
    }

    /** Events in occurredAt order, generation order on ties (README §6: getCase lists them by occurredAt). */
    List<StoredEvent> eventsInOrder() {
        List<StoredEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(StoredEvent::occurredAt).thenComparingLong(StoredEvent::order));
        return sorted;
    }
}
