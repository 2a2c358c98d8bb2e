package cn.tongjie.hub.tradeunion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.simulator.tradeunion.UnionSftpServer;
import cn.tongjie.hub.simulator.tradeunion.UnionSystemSimulator;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole union exchange in the running hub over real SFTP (embedded MINA SSHD): a labour assignment becomes an
 * LDZY file + marker, the union's JG result comes back, the dispute is concluded. The worker's name has 𠮷 (outside
 * GBK): it must reach the union file as GB18030 4 bytes and come back unchanged.
 */
@HubIT
class UnionFileExchangeIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WORKER = "赵𠮷安";

    @Autowired
    UnionSftpServer server;
    @Autowired
    UnionSystemSimulator union;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    Assignments assignments;

    @Test
    void labourReferralGoesOutAsGb18030FileWithMarkerAndTheResultConcludesTheDispute() throws Exception {
        String disputeId = "TJ-20261128-000901";
        String snapshot = """
                {"disputeId":"%s","category":"LABOUR","summary":"拖欠工资，金额8000元,含逗号","regionCode":"150571001",
                 "personsInvolved":1,"amount":8000,
                 "parties":[{"role":"APPLICANT","partyType":"NATURAL_PERSON","name":"%s","idType":"RESIDENT_ID",
                   "idNumber":"150502199001010010","phone":"13800000000"},
                  {"role":"RESPONDENT","partyType":"LEGAL_PERSON","name":"通辽市鑫达建筑工程有限公司","idType":"USCC",
                   "idNumber":"91150502MA0N3K7Q65"}]}""".formatted(disputeId, WORKER);
        referToUnion(disputeId, "150571001", "J1", snapshot);

        Path toUnion = server.root().resolve("to-union");
        await().atMost(WAIT).until(() -> names(toUnion).stream().anyMatch(n -> n.endsWith(".ok")));
        List<String> files = names(toUnion);
        assertThat(files).hasSize(2);
        String csv = files.stream().filter(n -> n.endsWith(".csv")).findFirst().orElseThrow();
        assertThat(csv).matches("^LDZY_[0-9]{14}_001\\.csv$");
        assertThat(files).contains(csv.replace(".csv", ".ok"));
        byte[] bytes = Files.readAllBytes(toUnion.resolve(csv));
        String text = UnionCsv.GB18030.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        var recs = ResultFile.Scanner.records(text);
        assertThat(recs.get(0).fields).isEqualTo(UnionCsv.REFERRAL_HEADER);
        assertThat(recs.get(1).fields).containsExactly(disputeId + "-01", WORKER, "150502199001010010", "13800000000",
                "通辽市鑫达建筑工程有限公司", "91150502MA0N3K7Q65", "拖欠工资", "8000.00", "1", "拖欠工资，金额8000元,含逗号",
                "150502", "2026/11/28", "2026/12/13");
        assertThat(text).endsWith("\r\n");
        assertThat(hub.count("select count(*) from assignment where external_ref = ? and status = 'RECEIVED'",
                disputeId + "-01")).isEqualTo(1);

        // the union imports the file and archives it (§5.1): that is the union accepting the referral
        assertThat(union.importReferrals()).containsExactly(disputeId + "-01");
        assertThat(names(toUnion)).isEmpty();
        assertThat(names(toUnion.resolve("archive"))).containsExactly(csv, csv.replace(".csv", ".ok"));
        assertThat(names(toUnion.resolve("error"))).as("no row rejected").isEmpty();
        await().atMost(WAIT).until(() -> hub.count("select count(*) from assignment where external_ref = ? "
                + "and status = 'ACCEPTED'", disputeId + "-01") == 1);
        assertThat(hub.count("select count(*) from dispute_fact where fact = ?", "union:accepted:" + disputeId + "-01"))
                .isEqualTo(1);
        assertThat(hub.count("select count(*) from timeline_event where dispute_id = ? "
                + "and event_type = 'UNION_REFERRAL_IMPORTED'", disputeId)).isEqualTo(1);

        // the union answers; the mediator's remark repeats the worker's name, which must come back unchanged
        String result = "案件编号,调解结果,协议内容,调解员,办结日期,备注\r\n" + disputeId
                + "-01,成功,公司支付" + WORKER + "工资8000.00元。,李娜,2026/11/28,\r\n";
        Path fromUnion = server.root().resolve("from-union");
        Files.write(fromUnion.resolve("JG_20261128120000_001.csv"), UnionCsv.encode(result));
        Files.write(fromUnion.resolve("JG_20261128120000_001.ok"), new byte[0]);

        await().atMost(WAIT).until(() -> Files.exists(fromUnion.resolve("done/JG_20261128120000_001.ok")));
        assertThat(fromUnion.resolve("done/JG_20261128120000_001.csv")).exists();
        assertThat(names(fromUnion.resolve("error"))).isEmpty();
        assertThat(hub.count("select count(*) from dispute where dispute_id = ? and status = 'CONCLUDED'", disputeId))
                .isEqualTo(1);
        assertThat(jdbc.sql("select result_fields from union_case where case_id = ?").param(disputeId + "-01")
                .query(String.class).single()).contains(WORKER);
        assertThat(hub.count("select count(*) from dispute_fact where fact like 'union:%'")).isEqualTo(3);
    }

    @Test
    void shouldNotReferAWorkerWithABadCheckDigitAndShouldMarkTheRowsTheUnionRefused() throws Exception {
        String disputeId = "TJ-20261128-000902";
        String valid2 = "15050219850505002" + cn.tongjie.hub.common.IdNumbers.residentIdCheckChar("15050219850505002");
        char wrong = cn.tongjie.hub.common.IdNumbers.residentIdCheckChar("15050219870707003") == '1' ? '2' : '1';
        String ref = referToUnion(disputeId, "J2", 3,
                worker("甲工人", "150502199001010010", "13800000001"), worker("乙工人", valid2, "13800000002"),
                worker("丙工人", "15050219870707003" + wrong, "13800000003"));

        Path toUnion = server.root().resolve("to-union");
        await().atMost(WAIT).until(() -> names(toUnion).stream().anyMatch(n -> n.endsWith(".ok")));
        String csv = names(toUnion).stream().filter(n -> n.endsWith(".csv")).findFirst().orElseThrow();
        var recs = ResultFile.Scanner.records(new String(Files.readAllBytes(toUnion.resolve(csv)), UnionCsv.GB18030));
        // the worker whose 身份证号 fails GB 11643 is not referred (the union would refuse it); the operator is told
        assertThat(recs).hasSize(3);
        assertThat(recs.get(1).fields.get(0)).isEqualTo(ref + "-01");
        assertThat(recs.get(2).fields.get(0)).isEqualTo(ref + "-02");
        assertThat(hub.count("select count(*) from alert where code = 'UNION_WORKER_ID_INVALID' and dispute_id = ?",
                disputeId)).isEqualTo(1);

        // the union imports the file but refuses row 2 (§5.1): it writes the .err, then archives the file
        unionImportsRefusing(toUnion, csv, csv + ",2," + ref + "-02,DEADLINE_MISMATCH,期限不等于受理日期加15天");

        await().atMost(WAIT).until(() -> hub.count("select count(*) from assignment where external_ref = ? "
                + "and status = 'ACCEPTED'", ref) == 1);
        assertThat(jdbc.sql("select rejected_code from union_case where case_id = ?").param(ref + "-02")
                .query(String.class).single()).isEqualTo("DEADLINE_MISMATCH");
        assertThat(jdbc.sql("select rejected_code from union_case where case_id = ?").param(ref + "-01")
                .query(String.class).optional()).isEmpty();
        assertThat(hub.count("select count(*) from alert where code = 'UNION_ROWS_REJECTED'")).isEqualTo(1);
        assertThat(hub.count("select count(*) from timeline_event where dispute_id = ? "
                + "and event_type = 'UNION_ROWS_REJECTED'", disputeId)).isEqualTo(1);
    }

    @Test
    void shouldBlockAReferralWhoseOnlyRowTheUnionRefused() throws Exception {
        String disputeId = "TJ-20261128-000903";
        String ref = referToUnion(disputeId, "J3", 1, worker("丁工人", "150502199001010010", "13800000004"));

        Path toUnion = server.root().resolve("to-union");
        await().atMost(WAIT).until(() -> names(toUnion).stream().anyMatch(n -> n.endsWith(".ok")));
        String csv = names(toUnion).stream().filter(n -> n.endsWith(".csv")).findFirst().orElseThrow();
        unionImportsRefusing(toUnion, csv, csv + ",1," + ref + ",DUPLICATE_CASE,案件编号已受理");

        await().atMost(WAIT).until(() -> hub.count("select count(*) from assignment where external_ref = ? "
                + "and status = 'REJECTED'", ref) == 1);
        assertThat(hub.count("select count(*) from dispute where dispute_id = ? and status = 'BLOCKED'", disputeId))
                .isEqualTo(1);
        // never announced as accepted: the error report was read before the archive move counted
        assertThat(hub.count("select count(*) from dispute_fact where fact = ?", "union:accepted:" + ref)).isZero();
        assertThat(hub.count("select count(*) from alert where code = 'UNION_ROWS_REJECTED'")).isEqualTo(1);
    }

    @Test
    void shouldAlertOnceWhenTheUnionHasNotImportedAfterTwoWorkingDaysOrNotAnsweredByItsDeadlinePlusThree()
            throws Exception {
        String disputeId = "TJ-20261128-000904";
        String ref = referToUnion(disputeId, "J4", 1, worker("戊工人", "150502199001010010", "13800000005"));
        Path toUnion = server.root().resolve("to-union");
        await().atMost(WAIT).until(() -> hub.count("select count(*) from union_file where uploaded_at is not null") == 1);
        assertThat(hub.count("select count(*) from alert where code = 'UNION_PICKUP_OVERDUE'")).isZero();

        // a week later the file still lies in to-union/: one alert, not one per check
        java.time.Instant start = clock.instant();
        ((cn.tongjie.hub.infra.HubClock) clock).jumpTo(start.plus(Duration.ofDays(7)));
        await().atMost(WAIT).until(() -> hub.count("select count(*) from alert where code = 'UNION_PICKUP_OVERDUE'") == 1);

        union.importReferrals();
        await().atMost(WAIT).until(() -> hub.count("select count(*) from assignment where external_ref = ? "
                + "and status = 'ACCEPTED'", ref) == 1);
        // 受理日期 + 15 (期限) + 3 days passed without a result row
        LocalDate acceptedOn = jdbc.sql("select accepted_on from union_case where case_id = ?").param(ref)
                .query(LocalDate.class).single();
        ((cn.tongjie.hub.infra.HubClock) clock).jumpTo(acceptedOn.plusDays(19).atTime(9, 0)
                .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
        await().atMost(WAIT).until(() -> hub.count("select count(*) from alert where code = 'UNION_RESULT_OVERDUE' "
                + "and dispute_id = ?", disputeId) == 1);
        await().during(Duration.ofSeconds(5)).atMost(WAIT).until(() -> hub.count(
                "select count(*) from alert where code in ('UNION_RESULT_OVERDUE', 'UNION_PICKUP_OVERDUE')") == 2);
    }

    /** A labour dispute of these workers against 鑫达 in 150502001, assigned to the union committee; its referral ref. */
    private String referToUnion(String disputeId, String sourceRef, int persons, String... workers) {
        String snapshot = """
                {"disputeId":"%s","category":"LABOUR","summary":"拖欠工资","regionCode":"150502001","personsInvolved":%d,
                 "parties":[%s,
                  {"role":"RESPONDENT","partyType":"LEGAL_PERSON","name":"通辽市鑫达建筑工程有限公司","idType":"USCC",
                   "idNumber":"91150502MA0N3K7Q65"}]}""".formatted(disputeId, persons, String.join(",", workers));
        return referToUnion(disputeId, "150502001", sourceRef, snapshot);
    }

    private String referToUnion(String disputeId, String region, String sourceRef, String snapshot) {
        OffsetDateTime now = registry.now();
        registry.create(new Dispute(disputeId, DisputeStatus.ASSIGNING, null, "LABOUR", region, "it-test",
                "110", sourceRef, "1", false, false, false, snapshot, now, now));
        String ref = disputeId + "-01";
        assignments.create(ref, disputeId, 1, "trade-union", "GH15058101", "霍林郭勒市总工会劳动争议调解委员会",
                "labour-trade-union", false, LocalDate.of(2026, 12, 13));
        return ref;
    }

    private static String worker(String name, String idNumber, String phone) {
        return """
                {"role":"APPLICANT","partyType":"NATURAL_PERSON","name":"%s","idType":"RESIDENT_ID","idNumber":"%s",                "phone":"%s"}""".formatted(name, idNumber, phone);
    }

    /** The union's system (§5.1): the error report for the refused rows first, then the file archived. */
    private static void unionImportsRefusing(Path toUnion, String csv, String errLine) throws java.io.IOException {
        String base = csv.replace(".csv", "");
        Files.write(toUnion.resolve("error").resolve(base + ".err"),
                UnionCsv.encode("文件名,记录号,案件编号,错误代码,错误说明\r\n" + errLine + "\r\n"));
        Files.move(toUnion.resolve(csv), toUnion.resolve("archive").resolve(csv));
        Files.move(toUnion.resolve(base + ".ok"), toUnion.resolve("archive").resolve(base + ".ok"));
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
