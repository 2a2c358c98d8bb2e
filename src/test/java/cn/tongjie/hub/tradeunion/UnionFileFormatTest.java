package cn.tongjie.hub.tradeunion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The union's file dialect against the contract samples (trade-union §4–§7), without SFTP or the registry. */
class UnionFileFormatTest {

    private static final LocalDate PROCESSING = LocalDate.of(2026, 12, 20);

    static byte[] sample(String path) throws IOException {
        try (InputStream in = UnionFileFormatTest.class.getResourceAsStream("/samples/trade-union/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Referral rows read back from a sample LDZY file (the same scanner the hub uses for JG files). */
    static List<ReferralRow> referralRows(byte[] file) {
        String text = new String(file, UnionCsv.GB18030);
        List<ResultFile.Scanned> recs = ResultFile.Scanner.records(text);
        List<ReferralRow> rows = new ArrayList<>();
        for (ResultFile.Scanned s : recs.subList(1, recs.size())) {
            List<String> f = s.fields;
            rows.add(new ReferralRow(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7),
                    Integer.parseInt(f.get(8)), f.get(9), f.get(10), LocalDate.parse(f.get(11), ReferralRow.DATE)));
        }
        return rows;
    }

    @Test
    void referralFilesWrittenByTheHubAreByteEqualToTheContractSamples() throws IOException {
        for (String p : List.of("valid-story-L-mass-wage-23-workers/to-union/LDZY_20261127163000_001.csv",
                "valid-three-cases-quoted-fields/to-union/LDZY_20261128091500_001.csv")) {
            byte[] expected = sample(p);
            List<ReferralRow> rows = referralRows(expected);
            assertThat(ReferralFiles.render(rows)).as(p).isEqualTo(expected);
        }
    }

    @Test
    void massDisputeFileHasTwentyThreeRowsWithTheSameTotalAndDeadlinePlusFifteenDays() throws IOException {
        List<ReferralRow> rows = referralRows(sample("valid-story-L-mass-wage-23-workers/to-union/LDZY_20261127163000_001.csv"));
        assertThat(rows).hasSize(23).allSatisfy(r -> {
            assertThat(r.personsInvolved()).isEqualTo(23);
            assertThat(r.cells().get(12)).isEqualTo("2026/12/12");
        });
        assertThat(rows.stream().map(ReferralRow::caseId).collect(Collectors.toSet())).hasSize(23);
        byte[] written = ReferralFiles.render(rows);
        String text = new String(written, UnionCsv.GB18030);
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n\r\n").contains("布和·朝克图", "田喆");
    }

    @Test
    void developmentZoneIsWrittenAsKorqinBecauseTheUnionDoesNotKnow150571() {
        assertThat(UnionRegions.toUnion("150571")).isEqualTo("150502");
        assertThat(UnionRegions.toUnion("150571001")).isEqualTo("150502");
        assertThat(UnionRegions.toUnion("150581001")).isEqualTo("150581001");
        assertThat(UnionRegions.toUnion("150500")).isEqualTo("150500");
    }

    @Test
    void nameOutsideGbkSurvivesAsFourByteGb18030() {
        ReferralRow r = new ReferralRow("TJ-1-01", "赵𠮷安", "150502199001010011", "13800000000", "某公司", "",
                "其他", "", 1, "事由,含逗号\"和引号\"\r\n第二行", "150571001", LocalDate.of(2026, 11, 28));
        byte[] file = ReferralFiles.render(List.of(r));
        assertThat(indexOf(file, new byte[] {(byte) 0x95, 0x34, (byte) 0xB2, 0x35})).isPositive();
        List<ResultFile.Scanned> back = ResultFile.Scanner.records(new String(file, UnionCsv.GB18030));
        assertThat(back.get(1).fields.get(1)).isEqualTo("赵𠮷安");
        assertThat(back.get(1).fields.get(9)).isEqualTo("事由,含逗号\"和引号\"\r\n第二行");
        assertThat(back.get(1).fields.get(10)).isEqualTo("150502");
        assertThat(back.get(1).fields.get(12)).isEqualTo("2026/12/13");
    }

    @Test
    void batchesHoldAtMost500RowsAndKeepAMassDisputeTogether() {
        List<ReferralRow> rows = new ArrayList<>();
        for (int i = 0; i < 490; i++) {
            rows.add(row("A-" + i));
        }
        for (int i = 0; i < 23; i++) {
            rows.add(row("MASS-" + i));
        }
        List<List<ReferralRow>> files = ReferralFiles.batches(rows, r -> r.caseId().startsWith("MASS") ? "mass" : r.caseId());
        assertThat(files).hasSize(2);
        assertThat(files.get(0)).hasSize(490);
        assertThat(files.get(1)).hasSize(23).allMatch(r -> r.caseId().startsWith("MASS"));
    }

    @Test
    void storyLResultsAreAllValid() throws IOException {
        ResultFile f = ResultFile.read("JG_20261208170000_001.csv",
                sample("valid-story-L-results/from-union/JG_20261208170000_001.csv"), PROCESSING, known());
        assertThat(f.fileRejected()).isFalse();
        assertThat(f.problems()).isEmpty();
        assertThat(f.validRows()).hasSize(23);
        assertThat(f.validRows().get(22).fields()).containsExactly("TJ-20261125-000035-23", "撤回", "", "李娜",
                "2026/12/05", "申请人已与公司自行结算，撤回调解申请。");
    }

    @Test
    void oneBadRowIsReportedInTheErrAndRejectedCsvExactlyAsTheSample() throws IOException {
        ResultFile f = ResultFile.read("JG_20261209100000_001.csv",
                sample("invalid-one-bad-row/from-union/JG_20261209100000_001.csv"), PROCESSING, known());
        assertThat(f.validRows()).extracting(ResultFile.Row::recordNo).containsExactly(2, 4);
        assertThat(errColumns(f.errReport())).isEqualTo(errColumns(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.err")));
        assertThat(f.errReport()).isEqualTo(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.err"));
        assertThat(f.rejectedCsv()).isEqualTo(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.rejected.csv"));
    }

    @Test
    void utf8FileWithBomIsRejectedWithoutDecoding() throws IOException {
        byte[] utf8 = sample("invalid-one-bad-row/utf8/from-union/JG_20261209100000_001.csv");
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        ResultFile f = ResultFile.read("JG_20261209100000_001.csv", bom, PROCESSING, known());
        assertThat(f.fileRejected()).isTrue();
        assertThat(f.validRows()).isEmpty();
        assertThat(errColumns(f.errReport())).containsExactly("JG_20261209100000_001.csv|0||FILE_UTF8_BOM");
    }

    @Test
    void fileLevelChecksEmptyDecodeAndHeader() {
        assertThat(codes(ResultFile.read("JG_1.csv", new byte[0], PROCESSING, known()))).containsExactly("FILE_EMPTY");
        byte[] bad = UnionCsv.encode("案件编号,调解结果,协议内容,调解员,办结日期,备注\r\nX");
        byte[] broken = Arrays.copyOf(bad, bad.length + 2);
        broken[bad.length] = (byte) 0x81;
        broken[bad.length + 1] = (byte) 0x20;
        ResultFile dec = ResultFile.read("JG_1.csv", broken, PROCESSING, known());
        assertThat(codes(dec)).containsExactly("FILE_DECODE_ERROR");
        assertThat(dec.problems().get(0).text()).contains(Integer.toString(bad.length));
        assertThat(codes(ResultFile.read("JG_1.csv", UnionCsv.encode("案件编号,调解结果\r\n"), PROCESSING, known())))
                .containsExactly("FILE_HEADER_MISMATCH");
    }

    @Test
    void recordLevelSyntaxColumnCountAndValidationCodesWithRecordNumbersCountingBlankAndMultiLineRecords() {
        String text = "案件编号,调解结果,协议内容,调解员,办结日期,备注\r\n"
                + "TJ-20261128-000050-01,成功,\"两行\r\n协议\",李娜,2026/12/09,\r\n" // 2: ok (multi-line)
                + "\r\n" // 3: blank, counted
                + "TJ-20261128-000051-01,成功,a\"b,李娜,2026/12/09,\r\n" // 4: quote in unquoted field
                + "TJ-20261127-000046-01,成功,,李娜\r\n" // 5: 4 fields
                + "TJ-NOPE,成功,,李娜,2026/02/30,\r\n" // 6: unknown, agreement required, invalid date
                + "TJ-20261128-000050-01,撤回,,李娜,2026/12/21,\r\n" // 7: in the future
                + "TJ-20261128-000050-01,撤回,,李娜,2026/11/27,\r\n" // 8: before acceptance
                + "TJ-20261128-000050-01,撤回,,李娜,2026/12/09,\"x\"y\r\n" // 9: chars after closing quote
                + "TJ-20261128-000050-01,撤回,,李娜,2026/12/09,\"open"; // 10: truncated
        ResultFile f = ResultFile.read("JG_1.csv", UnionCsv.encode(text), PROCESSING, known());
        assertThat(f.problems()).extracting(p -> p.recordNo() + ":" + p.code()).containsExactly("4:ROW_SYNTAX",
                "5:ROW_COLUMN_COUNT", "6:UNKNOWN_CASE", "6:REQUIRED", "6:INVALID_DATE", "7:DATE_IN_FUTURE",
                "8:DATE_BEFORE_ACCEPTANCE", "9:ROW_SYNTAX", "10:ROW_TRUNCATED");
        assertThat(f.validRows()).extracting(ResultFile.Row::recordNo).containsExactly(2);
        assertThat(new String(f.rejectedCsv(), UnionCsv.GB18030)).endsWith("2026/12/09,\"open\r\n");
    }

    private static ResultFile.Referrals known() {
        Set<String> ids = Set.of("TJ-20261128-000050-01", "TJ-20261128-000051-01", "TJ-20261127-000046-01");
        return id -> id.startsWith("TJ-20261125-000035-") ? Optional.of(LocalDate.of(2026, 11, 27))
                : ids.contains(id) ? Optional.of(LocalDate.of(2026, 11, 28)) : Optional.empty();
    }

    private static List<String> codes(ResultFile f) {
        return f.problems().stream().map(ResultFile.Problem::code).toList();
    }

    /** The four columns tests compare (§7.3: 错误说明 wording is free). */
    private static List<String> errColumns(byte[] err) {
        List<ResultFile.Scanned> recs = ResultFile.Scanner.records(new String(err, UnionCsv.GB18030));
        return recs.subList(1, recs.size()).stream().map(s -> String.join("|", s.fields.subList(0, 4))).toList();
    }

    private static ReferralRow row(String id) {
        return new ReferralRow(id, "甲", "150502199001010011", "13800000000", "某公司", "", "其他", "", 1, "事由",
                "150502", LocalDate.of(2026, 11, 28));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
