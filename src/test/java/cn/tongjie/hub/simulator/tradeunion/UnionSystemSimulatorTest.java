package cn.tongjie.hub.simulator.tradeunion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated union system against the contract's own referral sample (trade-union §5.1, §6). */
class UnionSystemSimulatorTest {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Path SAMPLE = Path.of(
            "src/test/resources/samples/trade-union/valid-three-cases-quoted-fields/to-union/LDZY_20261128091500_001.csv");
    private static final String HEADER = "案件编号,申请人,申请人身份证号,联系电话,用人单位,统一社会信用代码,争议类型,涉及金额,涉及人数,事由,"
            + "所在地区代码,受理日期,期限\r\n";

    private UnionSftpServer server;
    private UnionSystemSimulator union;
    private Path toUnion;

    @BeforeEach
    void start() {
        server = UnionSftpServer.start(0, "tongjie", "secret");
        union = new UnionSystemSimulator(server, Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC));
        toUnion = server.root().resolve("to-union");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void shouldImportEveryRowOfTheSampleAndArchiveCsvAndMarker() throws IOException {
        put("LDZY_20261128091500_001", Files.readAllBytes(SAMPLE));

        assertThat(union.importReferrals()).containsExactly("TJ-20261128-000050-01", "TJ-20261128-000051-01",
                "TJ-20261127-000046-01");

        assertThat(names(toUnion)).isEmpty();
        assertThat(names(toUnion.resolve("archive"))).containsExactly("LDZY_20261128091500_001.csv",
                "LDZY_20261128091500_001.ok");
        assertThat(names(toUnion.resolve("error"))).isEmpty();
    }

    @Test
    void shouldLeaveACsvWithoutMarkerAlone() throws IOException {
        Files.write(toUnion.resolve("LDZY_20261128091500_001.csv"), Files.readAllBytes(SAMPLE));

        assertThat(union.importReferrals()).isEmpty();
        assertThat(names(toUnion)).containsExactly("LDZY_20261128091500_001.csv");
    }

    @Test
    void shouldReportDuplicateCaseAndWrongDeadlineInTheErrReportBeforeArchiving() throws IOException {
        put("LDZY_20261128091500_001", Files.readAllBytes(SAMPLE));
        union.importReferrals();
        String rows = HEADER
                + "TJ-20261128-000050-01,张喆,150502200001010518,13604751956,某公司,,其他,,1,事由,150502,2026/11/28,2026/12/13\r\n"
                + "TJ-20261130-000001-01,张喆,150502200001010518,13604751956,某公司,,其他,,1,事由,150502,2026/11/30,2026/12/14\r\n";
        put("LDZY_20261130100000_001", rows.getBytes(GB18030));

        assertThat(union.importReferrals()).isEmpty();

        String err = decode(Files.readAllBytes(toUnion.resolve("error/LDZY_20261130100000_001.err")));
        List<String> lines = List.of(err.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("文件名,记录号,案件编号,错误代码,错误说明");
        assertThat(lines.get(1)).startsWith("LDZY_20261130100000_001.csv,2,TJ-20261128-000050-01,DUPLICATE_CASE,");
        assertThat(lines.get(2)).startsWith("LDZY_20261130100000_001.csv,3,TJ-20261130-000001-01,DEADLINE_MISMATCH,");
        assertThat(err).endsWith("\r\n");
        assertThat(names(toUnion.resolve("archive"))).contains("LDZY_20261130100000_001.csv");
    }

    @Test
    void shouldWriteAGb18030ResultFileWithMarkerWhenAskedToConclude() throws IOException {
        put("LDZY_20261128091500_001", Files.readAllBytes(SAMPLE));
        union.importReferrals();

        String name = union.conclude("TJ-20261128-000051-01", "成功");

        assertThat(name).isEqualTo("JG_20261130100000_001.csv");
        Path fromUnion = server.root().resolve("from-union");
        assertThat(names(fromUnion)).containsExactly("JG_20261130100000_001.csv", "JG_20261130100000_001.ok");
        String text = decode(Files.readAllBytes(fromUnion.resolve(name)));
        assertThat(text).startsWith("案件编号,调解结果,协议内容,调解员,办结日期,备注\r\nTJ-20261128-000051-01,成功,")
                .contains(",李娜,2026/11/30,").endsWith("\r\n");
        assertThat(union.conclude("TJ-20261128-000050-01", "不成功")).as("same second: next NNN")
                .isEqualTo("JG_20261130100000_002.csv");
        assertThatThrownBy(() -> union.conclude("TJ-UNKNOWN-01", "成功")).isInstanceOf(HubException.class);
    }

    private void put(String base, byte[] csv) throws IOException {
        Files.write(toUnion.resolve(base + ".csv"), csv);
        Files.write(toUnion.resolve(base + ".ok"), new byte[0]);
    }

    private static String decode(byte[] bytes) throws IOException {
        return GB18030.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
