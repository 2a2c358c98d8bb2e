package cn.tongjie.hub.simulator.legal;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.ConclusionResult;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.Settings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What the committees do after a case arrives: plan the outcome once (seeded, so tests are repeatable), then generate
 * ACCEPTED → MEDIATOR_ASSIGNED → CONCLUDED → FOLLOW_UP, or DECLINED, on a scheduler, and hand each event to the
 * {@link EventSender}. The same generators serve the manual-mode methods.
 */
final class CaseLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaseLifecycle.class);

    static final Set<String> EVENT_TYPES = Set.of("ACCEPTED", "DECLINED", "MEDIATOR_ASSIGNED", "CONCLUDED", "FOLLOW_UP");
    private static final List<String> RANDOM_DECLINE_REASONS =
            List.of("NOT_IN_SCOPE", "PARTY_REFUSED", "ALREADY_IN_LITIGATION", "OTHER");
    private static final Map<String, String> DECLINE_TEXTS = Map.of(
            "NOT_IN_SCOPE", "该纠纷不属于人民调解受理范围。",
            "PARTY_REFUSED", "被申请人明确表示不同意调解。",
            "ALREADY_IN_LITIGATION", "当事人已向人民法院提起诉讼。",
            "OUT_OF_AREA", "纠纷发生地不在本委员会辖区，请委派属地人民调解委员会。",
            "OTHER", "本委员会近期无法受理，请另行委派。");
    private static final List<String> FAILURE_REASONS = List.of(
            "双方分歧较大，经多次调解未能达成协议。",
            "被申请人拒绝继续参加调解。",
            "双方对赔偿数额意见差距过大，调解不成。");
    private static final String TERMINATED_REASON = "申请人撤回调解申请，终止调解。";

    private enum Step { FIRST, MEDIATOR, CONCLUDE, FOLLOW_UP }

    private final Object lock;
    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService scheduler;
    private final EventSender sender;
    private final Random planRandom;
    private final Random idRandom;
    private final Map<String, Integer> agreementNumbers = new HashMap<>();
    private long eventOrder;
    private volatile boolean auto;

    CaseLifecycle(Object lock, Settings settings, Clock clock, ObjectMapper mapper,
                  ScheduledExecutorService scheduler, EventSender sender) {
        this.lock = lock;
        this.settings = settings;
        this.clock = clock;
        this.mapper = mapper;
        this.scheduler = scheduler;
        this.sender = sender;
        // Separate streams, so e.g. manual events (ids) never shift the outcomes drawn for later cases.
        this.planRandom = new Random(settings.seed());
        this.idRandom = new Random(settings.seed() * 31 + 7);
        this.auto = settings.autoLifecycle();
    }

    boolean auto() {
        return auto;
    }

    /** Switching off cancels what is scheduled; switching on affects cases created afterwards. Holds the lock. */
    void setAuto(boolean on, Iterable<CaseRecord> cases) {
        auto = on;
        if (!on) {
            cases.forEach(CaseLifecycle::cancelPending);
        }
    }

    /** Draws the whole story of a case at creation. Always draws the same number of values per case. */
    CaseRecord.Plan plan(Committees.Committee committee, String regionCode) {
        double decline = planRandom.nextDouble();
        int reasonIndex = planRandom.nextInt(RANDOM_DECLINE_REASONS.size());
        double success = planRandom.nextDouble();
        double followUp = planRandom.nextDouble();
        double performed = planRandom.nextDouble();
        String declineReason = null;
        if (committee.regional() && !committee.covers(regionCode)) {
            declineReason = "OUT_OF_AREA";
        } else if (decline < settings.declineProbability()) {
            declineReason = RANDOM_DECLINE_REASONS.get(reasonIndex);
        }
        String result = success < settings.successProbability() ? "SUCCESS" : "FAILURE";
        return new CaseRecord.Plan(declineReason, result, followUp < settings.followUpProbability(),
                performed < settings.performedProbability(), mediatorOf(committee));
    }

    /** Starts the automatic story of a new case. Holds the lock. */
    void begin(CaseRecord c) {
        if (auto) {
            schedule(c, Step.FIRST, settings.acceptDelay());
        }
    }

    /** A withdrawn case produces no further events (README §6: withdrawal produces no callback). Holds the lock. */
    static void cancelPending(CaseRecord c) {
        c.pending.forEach(f -> f.cancel(false));
        c.pending.clear();
    }

    private void schedule(CaseRecord c, Step step, Duration delay) {
        try {
            ScheduledFuture<?> future = scheduler.schedule(() -> run(c, step), delay.toMillis(), TimeUnit.MILLISECONDS);
            c.pending.add(future);
        } catch (RejectedExecutionException stopped) {
            // simulator stopped
        }
    }

    private void run(CaseRecord c, Step step) {
        ObjectNode event;
        synchronized (lock) {
            c.pending.removeIf(ScheduledFuture::isDone);
            if (!auto || c.withdrawnAt != null) {
                return;
            }
            CaseRecord.Plan plan = c.plan;
            switch (step) {
                case FIRST -> {
                    if (plan.declineReasonCode() != null) {
                        event = declined(c, plan.declineReasonCode());
                    } else {
                        event = accepted(c);
                        schedule(c, Step.MEDIATOR, settings.mediatorDelay());
                    }
                }
                case MEDIATOR -> {
                    event = mediatorAssigned(c);
                    schedule(c, Step.CONCLUDE, settings.concludeDelay());
                }
                case CONCLUDE -> {
                    boolean success = plan.result().equals("SUCCESS");
                    event = concluded(c, success ? ConclusionResult.SUCCESS : ConclusionResult.FAILURE);
                    if (success && plan.followUp()) {
                        schedule(c, Step.FOLLOW_UP, settings.followUpDelay());
                    }
                }
                case FOLLOW_UP -> event = followUp(c, plan.performed());
                default -> throw new HubException(ErrorCode.TJ_INTERNAL, "unknown life-cycle step " + step);
            }
        }
        send(event);
    }

    // ---- generators; each holds the lock, stores the event in the case and returns it (not yet sent) ----

    ObjectNode accepted(CaseRecord c) {
        return generate(c, "ACCEPTED", (e, at) -> { });
    }

    ObjectNode declined(CaseRecord c, String reasonCode) {
        return generate(c, "DECLINED", (e, at) -> {
            ObjectNode d = e.putObject("declined");
            d.put("reasonCode", reasonCode);
            d.put("reason", DECLINE_TEXTS.getOrDefault(reasonCode, DECLINE_TEXTS.get("OTHER")));
        });
    }

    ObjectNode mediatorAssigned(CaseRecord c) {
        Committees.Mediator m = c.plan.mediator();
        return generate(c, "MEDIATOR_ASSIGNED", (e, at) -> {
            ObjectNode n = e.putObject("mediator");
            n.put("mediatorId", m.mediatorId());
            n.put("name", m.name());
            if (m.phone() != null) {
                n.put("phone", m.phone());
            }
        });
    }

    ObjectNode concluded(CaseRecord c, ConclusionResult result) {
        return generate(c, "CONCLUDED", (e, at) -> {
            ObjectNode n = e.putObject("conclusion");
            n.put("result", result.name());
            if (result == ConclusionResult.SUCCESS) {
                n.put("agreementNo", nextAgreementNo(c.committee, at.getYear()));
                n.put("agreementForm", "WRITTEN");
                String deadline = at.toLocalDate().plusDays(7).toString();
                n.put("agreementText", "一、被申请人于" + deadline + "前履行双方约定的义务。\n"
                        + "二、双方就本纠纷再无其他争议。\n三、本协议自双方签字之日起生效。");
                JsonNode amount = c.request.get("amount");
                if (amount != null && amount.isNumber()) {
                    BigDecimal agreed = amount.decimalValue();
                    n.put("agreedAmount", agreed);
                }
                n.put("performanceDeadline", deadline);
            } else {
                n.put("failureReason", result == ConclusionResult.TERMINATED ? TERMINATED_REASON
                        : FAILURE_REASONS.get(Math.floorMod(c.caseNo.hashCode(), FAILURE_REASONS.size())));
            }
            n.put("concludedAt", Times.format(at));
        });
    }

    ObjectNode followUp(CaseRecord c, boolean performed) {
        return generate(c, "FOLLOW_UP", (e, at) -> {
            ObjectNode n = e.putObject("followUp");
            n.put("performed", performed);
            n.put("followUpAt", Times.format(at));
            n.put("note", performed ? "回访：协议已履行完毕，双方无新的争执。" : "回访：协议尚未履行，已督促当事人履行。");
        });
    }

    /**
     * Adopts an event given as JSON (e.g. a sample being replayed) into the case it names, so getCase shows it.
     * Holds the lock. Returns false when it does not belong to a stored case or is already there.
     */
    boolean adopt(CaseRecord c, ObjectNode event) {
        String eventId = event.path("eventId").asText("");
        if (eventId.isEmpty() || c.hasEvent(eventId) || !EVENT_TYPES.contains(event.path("eventType").asText())) {
            return false;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(event.path("occurredAt").asText());
        } catch (DateTimeParseException e) {
            at = Times.now(clock);
        }
        c.events.add(new CaseRecord.StoredEvent(event.deepCopy(), eventOrder++, at));
        return true;
    }

    /** Sends an event outside the lock; the JSON is serialised once so retries repeat identical bytes. */
    void send(ObjectNode event) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot serialise event", e);
        }
        sender.send(event.path("eventId").asText(), event.path("eventType").asText(), event.path("caseNo").asText(),
                body);
    }

    private ObjectNode generate(CaseRecord c, String type, BiConsumer<ObjectNode, OffsetDateTime> payload) {
        // Strictly increasing per case, so a frozen test clock still gives an unambiguous occurredAt order.
        OffsetDateTime at = Times.now(clock);
        if (c.lastOccurredAt != null && !at.isAfter(c.lastOccurredAt)) {
            at = c.lastOccurredAt.plusSeconds(1);
        }
        c.lastOccurredAt = at;
        ObjectNode e = mapper.createObjectNode();
        e.put("eventId", nextEventId());
        e.put("eventType", type);
        e.put("caseNo", c.caseNo);
        e.put("externalRef", c.externalRef);
        e.put("committeeCode", c.committee.code());
        e.put("occurredAt", Times.format(at));
        payload.accept(e, at);
        c.events.add(new CaseRecord.StoredEvent(e, eventOrder++, at));
        log.info("case {} ({}) generated {}", c.caseNo, c.externalRef, type);
        return e.deepCopy();
    }

    /** Version-4 UUID from the seeded stream: repeatable ids, still lowercase and well-formed. */
    private String nextEventId() {
        long msb = (idRandom.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (idRandom.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private String nextAgreementNo(Committees.Committee committee, int year) {
        int n = agreementNumbers.merge(committee.code() + "-" + year, 1, Integer::sum);
        return "(" + year + ")" + committee.abbreviation() + "调字第" + String.format("%03d", n) + "号";
    }

    /** The cast mediator where there is one; else a stable fictional one per committee (same code, same person). */
    private static Committees.Mediator mediatorOf(Committees.Committee committee) {
        if (committee.mediator() != null) {
            return committee.mediator();
        }
        int h = Math.floorMod(committee.code().hashCode(), 10_000);
        String region = committee.caseNoRegion();
        String county = region.substring(0, 2) + region.substring(4, 6);
        String name = Committees.GENERATED_MEDIATOR_NAMES.get(h % Committees.GENERATED_MEDIATOR_NAMES.size());
        return new Committees.Mediator("TJY" + county + String.format("%04d", h), name,
                "1390475" + String.format("%04d", h));
    }
}
