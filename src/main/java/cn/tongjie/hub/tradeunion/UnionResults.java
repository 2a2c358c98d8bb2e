package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.correlation.CollectiveOutcome;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * §7.2 step 4 against the registry: one union result per 案件编号, first one wins. The first result of an assignment
 * means the union took the case (MEDIATION_ACCEPTED); when every worker row of the assignment has its result the
 * mediation is concluded (MEDIATION_CONCLUDED) — each announced once (registry facts), so a re-sent file is harmless.
 */
@Service
class UnionResults implements ResultFileProcessing.ResultSink {

    private final JdbcClient jdbc;
    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final ObjectMapper mapper;

    private final CollectiveOutcome collective;

    UnionResults(JdbcClient jdbc, Assignments assignments, DisputeRegistry registry, CanonicalEvents events,
            ObjectMapper mapper, CollectiveOutcome collective) {
        this.collective = collective;
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.registry = registry;
        this.events = events;
        this.mapper = mapper;
    }

    @Override
    public Optional<LocalDate> acceptedOn(String caseId) {
        return jdbc.sql("select accepted_on from union_case where case_id = :c").param("c", caseId)
                .query(LocalDate.class).optional();
    }

    @Override
    @Transactional
    public ResultFileProcessing.Applied apply(String fileName, ResultFile.Row row) {
        String fields = json(row.fields());
        record Stored(String ref, String disputeId, String fields) {
        }
        Stored s = jdbc.sql("select external_ref, dispute_id, result_fields from union_case where case_id = :c for update")
                .param("c", row.caseId()).query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)))
                .single();
        if (s.fields() != null) {
            return s.fields().equals(fields) ? ResultFileProcessing.Applied.IDENTICAL
                    : ResultFileProcessing.Applied.CONFLICT;
        }
        OffsetDateTime now = registry.now();
        jdbc.sql("""
                update union_case set result = :r, result_fields = :f, result_file = :file, result_at = :now
                where case_id = :c""")
                .param("r", row.field(1)).param("f", fields).param("file", fileName).param("now", now)
                .param("c", row.caseId()).update();
        registry.addTimeline(s.disputeId(), now, "UNION_RESULT", UnionReferrals.AGENCY, Direction.IN,
                row.caseId() + " " + row.field(1) + " (" + fileName + ")", null);
        Assignment a = assignments.find(s.ref()).orElseThrow();
        EventData.Mediator mediator = new EventData.Mediator(null, row.field(3), null);
        String concludedAt = LocalDate.parse(row.field(4), ReferralRow.DATE).atStartOfDay(ReferralFiles.SHANGHAI)
                .toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME); // seconds always present (schema)
        if (registry.recordFact(s.disputeId(), "union:accepted:" + s.ref())) {
            events.publish(EventType.MEDIATION_ACCEPTED, s.disputeId(), UnionReferrals.AGENCY,
                    new EventData.MediationAccepted(s.disputeId(), s.ref(), a.caseNo(), UnionReferrals.target(a),
                            concludedAt));
        }
        List<String> results = jdbc.sql("select result from union_case where external_ref = :r order by worker_no")
                .param("r", s.ref()).query(String.class).list();
        if (results.stream().allMatch(r -> r != null) && registry.recordFact(s.disputeId(), "union:concluded:" + s.ref())) {
            conclude(a, s.disputeId(), results, row, mediator, concludedAt);
        } else if (results.stream().anyMatch(r -> r == null)) {
            assignments.applyCaseState(s.ref(), AssignmentStatus.IN_MEDIATION, null, row.field(3), null, null, null);
            registry.updateStatus(s.disputeId(), DisputeStatus.IN_MEDIATION, null);
        }
        return ResultFileProcessing.Applied.APPLIED;
    }

    /**
     * The dispute's outcome from its workers' results by the configured collective rule ({@link CollectiveOutcome};
     * default: any 成功 ⇒ SUCCESS (agreements were reached), otherwise any 不成功 ⇒ FAILURE (arbitration advised),
     * all 撤回 ⇒ TERMINATED).
     */
    private void conclude(Assignment a, String disputeId, List<String> results, ResultFile.Row last,
            EventData.Mediator mediator, String concludedAt) {
        long ok = results.stream().filter("成功"::equals).count();
        long failed = results.stream().filter("不成功"::equals).count();
        String outcome = collective.outcome(ok, failed, results.size() - ok - failed);
        String text = results.size() == 1 ? ("成功".equals(last.field(1)) ? last.field(2) : null)
                : "调解成功" + ok + "人，不成功" + failed + "人，撤回" + (results.size() - ok - failed) + "人";
        String failure = "FAILURE".equals(outcome) ? (last.field(5).isEmpty() ? "调解不成功" : last.field(5)) : null;
        String confirmBy = "SUCCESS".equals(outcome)
                ? OffsetDateTime.parse(concludedAt).toLocalDate().plusDays(30).toString() : null;
        events.publish(EventType.MEDIATION_CONCLUDED, disputeId, UnionReferrals.AGENCY,
                new EventData.MediationConcluded(disputeId, a.externalRef(), a.caseNo(), UnionReferrals.target(a),
                        outcome, concludedAt, null, text, null, null, failure, mediator, confirmBy));
        assignments.applyCaseState(a.externalRef(), "TERMINATED".equals(outcome) ? AssignmentStatus.WITHDRAWN
                : AssignmentStatus.CONCLUDED, outcome, mediator.name(), null, null, OffsetDateTime.parse(concludedAt));
        registry.updateStatus(disputeId, DisputeStatus.CONCLUDED, outcome);
    }

    private String json(List<String> fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_INTERNAL,
                    "result row not serialisable", e);
        }
    }
}
