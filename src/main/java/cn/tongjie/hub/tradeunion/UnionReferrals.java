package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.common.IdNumbers;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.sharing.SharingPolicies;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Referrals to the union (trade-union contract §3, §5): due assignments of agency {@code trade-union} become rows of
 * one LDZY file. The file's bytes, its rows and the assignments' new state are recorded in ONE transaction, so after
 * a restart nothing is written twice and nothing is lost; the upload is a separate, repeatable step.
 */
@Service
class UnionReferrals {

    private static final Logger log = LoggerFactory.getLogger(UnionReferrals.class);
    static final String AGENCY = "trade-union";

    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SharingPolicies sharing;

    UnionReferrals(Assignments assignments, DisputeRegistry registry, CanonicalEvents events, Alerts alerts,
            JdbcClient jdbc, Clock clock, SharingPolicies sharing) {
        this.sharing = sharing;
        this.assignments = assignments;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record PendingFile(String fileName, byte[] content) {
    }

    /** Writes (into the store) at most one file of due referrals; returns its name, or null when nothing is due. */
    @Transactional
    public String prepareFile() {
        List<Assignment> due = assignments.due(AGENCY, ReferralFiles.MAX_ROWS);
        LocalDate today = LocalDate.now(clock.withZone(ReferralFiles.SHANGHAI));
        Map<Assignment, List<ReferralRow>> perAssignment = new LinkedHashMap<>();
        for (Assignment a : due) {
            Dispute d = registry.find(a.disputeId()).orElse(null);
            // built from the union's view of the dispute only (config/sharing-policies.yaml)
            JsonNode view = d == null ? null : sharing.view(AGENCY, d.snapshot());
            List<ReferralRow> rows = view == null ? List.of() : rows(a, view, today);
            if (view != null) {
                warnOfInvalidIds(a, view);
            }
            if (rows.isEmpty()) {
                blocked(a, "no worker with 身份证号 and phone, or no employer, is known (trade-union §5 columns 2–5)");
                continue;
            }
            perAssignment.put(a, rows);
        }
        if (perAssignment.isEmpty()) {
            return null;
        }
        List<ReferralRow> all = perAssignment.values().stream().flatMap(List::stream).toList();
        Map<String, String> refOfCase = new LinkedHashMap<>();
        perAssignment.forEach((a, rows) -> rows.forEach(r -> refOfCase.put(r.caseId(), a.externalRef())));
        List<ReferralRow> batch = ReferralFiles.batches(all, r -> refOfCase.get(r.caseId())).get(0);
        String fileName = freeName();
        OffsetDateTime now = OffsetDateTime.now(clock);
        byte[] content = ReferralFiles.render(batch);
        jdbc.sql("insert into union_file (file_name, content, row_count, created_at) values (:f, :c, :n, :now)")
                .param("f", fileName).param("c", content).param("n", batch.size()).param("now", now).update();
        Map<String, Assignment> byRef = new LinkedHashMap<>();
        perAssignment.keySet().forEach(a -> byRef.put(a.externalRef(), a));
        int workerNo = 0;
        String previousRef = null;
        for (ReferralRow r : batch) {
            String ref = refOfCase.get(r.caseId());
            workerNo = ref.equals(previousRef) ? workerNo + 1 : 1;
            previousRef = ref;
            jdbc.sql("""
                    insert into union_case (case_id, external_ref, dispute_id, worker_no, file_name, accepted_on)
                    values (:c, :r, :d, :w, :f, :on)""")
                    .param("c", r.caseId()).param("r", ref).param("d", byRef.get(ref).disputeId()).param("w", workerNo)
                    .param("f", fileName).param("on", r.acceptedOn()).update();
        }
        for (String ref : new LinkedHashMap<>(byRef).keySet()) {
            if (batch.stream().noneMatch(r -> ref.equals(refOfCase.get(r.caseId())))) {
                continue; // did not fit into this file; it stays PENDING for the next one
            }
            Assignment a = byRef.get(ref);
            assignments.received(ref, fileName.replace(".csv", ""));
            registry.addXref(a.disputeId(), AGENCY, "fileName", fileName);
            registry.addTimeline(a.disputeId(), now, "UNION_REFERRAL_WRITTEN", AGENCY, Direction.OUT,
                    "referral " + ref + " in " + fileName, null);
            if (registry.recordFact(a.disputeId(), "union:assigned:" + ref)) {
                events.publish(EventType.MEDIATION_ASSIGNED, a.disputeId(), AGENCY, new EventData.MediationAssigned(
                        a.disputeId(), ref, fileName, target(a), a.dueDate().toString(), a.urgent(), a.ruleId(),
                        now.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
                registry.updateStatus(a.disputeId(), DisputeStatus.ASSIGNED, null);
            }
        }
        log.info("Union referral file {} prepared with {} rows", fileName, batch.size());
        return fileName;
    }

    List<PendingFile> pendingUploads() {
        return jdbc.sql("select file_name, content from union_file where uploaded_at is null order by file_name")
                .query((rs, n) -> new PendingFile(rs.getString(1), rs.getBytes(2))).list();
    }

    @Transactional
    public void uploaded(String fileName) {
        jdbc.sql("update union_file set uploaded_at = :now, attempts = attempts + 1, last_error = null where file_name = :f")
                .param("now", OffsetDateTime.now(clock)).param("f", fileName).update();
    }

    @Transactional
    public void uploadFailed(String fileName, String error) {
        jdbc.sql("update union_file set attempts = attempts + 1, last_error = :e where file_name = :f")
                .param("e", error == null ? null : error.substring(0, Math.min(1000, error.length())))
                .param("f", fileName).update();
    }

    /**
     * Uploaded referral files with a referral whose union acceptance has not been recorded yet: the hub watches for
     * them in to-union/archive/ (§5.1: the union moves a file there once it has imported it).
     */
    List<String> awaitingPickup() {
        return jdbc.sql("""
                select distinct f.file_name from union_file f join union_case c on c.file_name = f.file_name
                where f.uploaded_at is not null and c.rejected_code is null and not exists (select 1 from dispute_fact x
                  where x.dispute_id = c.dispute_id and x.fact = 'union:accepted:' || c.external_ref)
                order by f.file_name""").query(String.class).list();
    }

    /**
     * The union imported {@code fileName} (it is in to-union/archive/). Every referral of the file with at least one
     * row not listed in the union's error report is accepted by the union: the case is registered with the union's
     * committee, which names no mediator to the hub (§6 gives the 调解员 only with the result). Announced once per
     * referral (the same fact the first result row uses, so the result does not announce it again).
     */
    @Transactional
    public void pickedUp(String fileName) {
        record Row(String caseId, String ref, String disputeId) {
        }
        List<Row> rows = jdbc.sql("select case_id, external_ref, dispute_id from union_case where file_name = :f "
                + "and rejected_code is null order by external_ref, worker_no").param("f", fileName)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Row> acceptedRefs = new LinkedHashMap<>();
        rows.forEach(r -> acceptedRefs.putIfAbsent(r.ref(), r));
        for (Row r : acceptedRefs.values()) {
            if (!registry.recordFact(r.disputeId(), "union:accepted:" + r.ref())) {
                continue;
            }
            Assignment a = assignments.find(r.ref()).orElseThrow();
            registry.addTimeline(r.disputeId(), now, "UNION_REFERRAL_IMPORTED", AGENCY, Direction.IN,
                    "referral " + r.ref() + " imported by the union from " + fileName, null);
            events.publish(EventType.MEDIATION_ACCEPTED, r.disputeId(), AGENCY, new EventData.MediationAccepted(
                    r.disputeId(), r.ref(), a.caseNo(), target(a),
                    now.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
            if (a.status() == AssignmentStatus.RECEIVED) {
                assignments.applyCaseState(r.ref(), AssignmentStatus.ACCEPTED, null, null, null, null, null);
                registry.updateStatus(r.disputeId(), DisputeStatus.ACCEPTED, null);
            }
        }
        if (acceptedRefs.isEmpty()) {
            log.warn("Union imported {} but rejected every row (see to-union/error/)", fileName);
        }
    }

    /** A referral row the union refused in its error report: 记录号 and 错误代码 (§5.1, §7.3). */
    record Rejection(int recordNo, String code) {
    }

    /** Key of an error-report line about the whole file (记录号 0). */
    static final String WHOLE_FILE = "*";

    /** Uploaded referral files whose error report (if the union writes one) the hub has not acted on yet. */
    List<String> withUnreadErrorReport() {
        return jdbc.sql("select file_name from union_file where uploaded_at is not null and err_seen_at is null "
                + "order by file_name").query(String.class).list();
    }

    /**
     * The union's error report for {@code fileName} (§5.1): each listed row is marked failed with the union's code;
     * a referral all of whose rows were refused is REJECTED and its dispute BLOCKED for an operator (the contract: "marks
     * the affected referrals as failed with the reason and alerts an operator"); a referral with some rows accepted
     * goes on with those workers. The operator is alerted once per report, by case ids and codes only (the union's
     * 错误说明 may quote personal data, so it is not copied into alerts or logs).
     */
    @Transactional
    public void rejected(String fileName, Map<String, Rejection> rows) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.sql("update union_file set err_seen_at = :now where file_name = :f and err_seen_at is null")
                .param("now", now).param("f", fileName).update() == 0) {
            return; // another node acted on it
        }
        if (rows.containsKey(WHOLE_FILE)) {
            Rejection whole = rows.get(WHOLE_FILE);
            Map<String, Rejection> all = new LinkedHashMap<>();
            jdbc.sql("select case_id from union_case where file_name = :f order by case_id").param("f", fileName)
                    .query(String.class).list().forEach(c -> all.put(c, whole));
            rows = all;
        }
        Map<String, List<String>> refusedPerRef = new LinkedHashMap<>();
        rows.forEach((caseId, r) -> {
            String ref = jdbc.sql("select external_ref from union_case where case_id = :c and file_name = :f")
                    .param("c", caseId).param("f", fileName).query(String.class).optional().orElse(null);
            if (ref == null) {
                return; // a 案件编号 this file never carried (or unreadable): nothing of ours to mark
            }
            jdbc.sql("update union_case set rejected_code = :code, rejected_record = :rec, rejected_at = :now "
                    + "where case_id = :c and rejected_code is null")
                    .param("code", r.code()).param("rec", r.recordNo()).param("now", now).param("c", caseId).update();
            refusedPerRef.computeIfAbsent(ref, k -> new ArrayList<>()).add(caseId + " " + r.code());
        });
        if (refusedPerRef.isEmpty()) {
            return;
        }
        refusedPerRef.forEach((ref, refused) -> {
            Assignment a = assignments.find(ref).orElseThrow();
            long left = jdbc.sql("select count(*) from union_case where external_ref = :r and rejected_code is null")
                    .param("r", ref).query(Long.class).single();
            registry.addTimeline(a.disputeId(), now, "UNION_ROWS_REJECTED", AGENCY, Direction.IN, "the union refused "
                    + refused.size() + " row(s) of " + ref + " in " + fileName + ": " + String.join(", ", refused)
                    + (left == 0 ? "; the referral failed" : "; " + left + " row(s) go on"), null);
            if (left == 0 && a.status().open()) {
                assignments.setStatus(ref, AssignmentStatus.REJECTED, "union: " + String.join(", ", refused));
                registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
            }
        });
        alerts.raise("ERROR", "UNION_ROWS_REJECTED", AGENCY, null, fileName + ": the union refused "
                + refusedPerRef.values().stream().mapToInt(List::size).sum() + " row(s) — "
                + refusedPerRef.entrySet().stream().map(e -> e.getKey() + " [" + String.join(", ", e.getValue()) + "]")
                        .collect(java.util.stream.Collectors.joining("; "))
                + "; correct them and refer again with the same 案件编号 (§5.1)");
        log.warn("Union refused {} row(s) of {} (see to-union/error/)", rows.size(), fileName);
    }

    static EventData.Target target(Assignment a) {
        return new EventData.Target(AGENCY, a.targetCode(), a.targetName());
    }

    /** §3: LDZY_yyyyMMddHHmmss_NNN.csv, NNN distinguishing files created in the same second. */
    private String freeName() {
        String stamp = ReferralFiles.baseName(clock.instant(), 1);
        String prefix = stamp.substring(0, stamp.length() - 3);
        long used = jdbc.sql("select count(*) from union_file where file_name like :p").param("p", prefix + "%")
                .query(Long.class).single();
        return ReferralFiles.baseName(clock.instant(), (int) used + 1) + ".csv";
    }

    private void blocked(Assignment a, String reason) {
        assignments.setStatus(a.externalRef(), AssignmentStatus.REJECTED, reason);
        registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
        registry.addTimeline(a.disputeId(), registry.now(), "ASSIGNMENT_BLOCKED", AGENCY, Direction.INTERNAL,
                "not sent: " + reason, null);
        alerts.raise("WARN", "ASSIGNMENT_INCOMPLETE", AGENCY, a.disputeId(), a.externalRef() + " " + reason);
    }

    /**
     * One row per worker (APPLICANT natural person with a resident id and a phone) against the employer (the first
     * RESPONDENT). A single worker's row uses the assignment's externalRef as 案件编号; a mass dispute appends the
     * worker number so each worker has his own 案件编号 (§5 column 1).
     */
    static List<ReferralRow> rows(Assignment a, JsonNode s, LocalDate today) {
        JsonNode employer = null;
        List<JsonNode> workers = new ArrayList<>();
        for (JsonNode p : s.path("parties")) {
            String role = p.path("role").asText();
            if ("RESPONDENT".equals(role) && employer == null) {
                employer = p;
            } else if ("APPLICANT".equals(role) && "NATURAL_PERSON".equals(p.path("partyType").asText())
                    && !p.path("idNumber").asText("").isEmpty() && !p.path("phone").asText("").isEmpty()) {
                if (IdNumbers.isValidResidentId(p.path("idNumber").asText().toUpperCase())) {
                    workers.add(p); // §5 column 3: a bad check character would cost the row (CHECK_DIGIT)
                }
            }
        }
        if (employer == null || workers.isEmpty()) {
            return List.of();
        }
        int persons = Math.max(s.path("personsInvolved").asInt(1), workers.size());
        String credit = "USCC".equals(employer.path("idType").asText()) ? employer.path("idNumber").asText("") : "";
        if (!credit.isEmpty() && !IdNumbers.isValidUscc(credit)) {
            credit = ""; // §5 column 6 is optional but must check: an invalid code would cost the row, the name stays
        }
        String amount = workers.size() == 1 && s.hasNonNull("amount")
                ? s.get("amount").decimalValue().setScale(2, RoundingMode.HALF_UP).toPlainString() : "";
        String reason = s.path("summary").asText("劳动争议");
        List<ReferralRow> rows = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            JsonNode w = workers.get(i);
            String caseId = workers.size() == 1 ? a.externalRef() : a.externalRef() + "-" + String.format("%02d", i + 1);
            rows.add(new ReferralRow(caseId, w.path("name").asText(), w.path("idNumber").asText().toUpperCase(),
                    w.path("phone").asText(), employer.path("name").asText(), credit, disputeType(s), amount, persons,
                    reason, s.path("regionCode").asText("150500"), today));
        }
        return rows;
    }

    /** Workers left out of the referral because their 身份证号 fails GB 11643: the operator is told once. */
    private void warnOfInvalidIds(Assignment a, JsonNode s) {
        long invalid = 0;
        for (JsonNode p : s.path("parties")) {
            if ("APPLICANT".equals(p.path("role").asText()) && "NATURAL_PERSON".equals(p.path("partyType").asText())
                    && !p.path("idNumber").asText("").isEmpty() && !p.path("phone").asText("").isEmpty()
                    && !IdNumbers.isValidResidentId(p.path("idNumber").asText().toUpperCase())) {
                invalid++;
            }
        }
        if (invalid > 0 && registry.recordFact(a.disputeId(), "union:invalid-id:" + a.externalRef())) {
            registry.addTimeline(a.disputeId(), OffsetDateTime.now(clock), "UNION_WORKER_NOT_REFERRED", AGENCY,
                    Direction.INTERNAL, invalid + " worker(s) of " + a.externalRef()
                            + " not referred: 身份证号 fails the GB 11643 check", null);
            alerts.raise("WARN", "UNION_WORKER_ID_INVALID", AGENCY, a.disputeId(), invalid + " worker(s) of "
                    + a.externalRef() + " have a 身份证号 failing the GB 11643 check and are not referred to the union; "
                    + "correct the dispute's party data");
        }
    }

    /** §5 column 7 from the canonical text: the canonical category LABOUR has no finer code, so keywords decide. */
    static String disputeType(JsonNode s) {
        String t = s.path("sourceCategory").asText("") + " " + s.path("summary").asText("");
        if (t.contains("社保") || t.contains("社会保险")) {
            return "社会保险";
        }
        if (t.contains("工伤")) {
            return "工伤待遇";
        }
        if (t.contains("加班")) {
            return "加班费";
        }
        if (t.contains("解除") || t.contains("辞退") || t.contains("开除")) {
            return "解除劳动合同";
        }
        if (t.contains("经济补偿")) {
            return "经济补偿";
        }
        if (t.contains("工资") || t.contains("欠薪") || t.contains("劳动报酬")) {
            return "拖欠工资";
        }
        return "其他";
    }
}
