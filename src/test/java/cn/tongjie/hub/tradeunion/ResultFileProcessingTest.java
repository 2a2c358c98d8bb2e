package cn.tongjie.hub.tradeunion;

import static cn.tongjie.hub.tradeunion.UnionFileFormatTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** §7 selection, reports and moves over a local copy of the SFTP tree, with the samples' clock 2026-12-20T12:00+08. */
class ResultFileProcessingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-20T04:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    /** Stands in for the registry: known referrals and first-result-wins storage. */
    static class MemorySink implements ResultFileProcessing.ResultSink {
        final Map<String, List<String>> stored = new HashMap<>();

        @Override
        public Optional<LocalDate> acceptedOn(String caseId) {
            if (caseId.startsWith("TJ-20261125-000035-")) {
                return Optional.of(LocalDate.of(2026, 11, 27));
            }
            return List.of("TJ-20261128-000050-01", "TJ-20261128-000051-01", "TJ-20261127-000046-01").contains(caseId)
                    ? Optional.of(LocalDate.of(2026, 11, 28)) : Optional.empty();
        }

        @Override
        public ResultFileProcessing.Applied apply(String fileName, ResultFile.Row row) {
            List<String> before = stored.putIfAbsent(row.caseId(), row.fields());
            return before == null ? ResultFileProcessing.Applied.APPLIED
                    : before.equals(row.fields()) ? ResultFileProcessing.Applied.IDENTICAL
                    : ResultFileProcessing.Applied.CONFLICT;
        }
    }

    private final MemorySink sink = new MemorySink();

    private ResultFileProcessing processing() {
        return new ResultFileProcessing(new LocalUnionDirectory(root), sink, CLOCK);
    }

    private void put(String samplePath, String name) throws IOException {
        Files.createDirectories(root.resolve("from-union"));
        Files.write(root.resolve("from-union/" + name), sample(samplePath));
    }

    private void putOk(String base) throws IOException {
        Files.createDirectories(root.resolve("from-union"));
        Files.write(root.resolve("from-union/" + base + ".ok"), new byte[0]);
    }

    private List<String> ls(String dir) {
        return new LocalUnionDirectory(root).list(dir);
    }

    @Test
    void storyLResultsAreAllAppliedAndMovedToDoneWithoutReport() throws IOException {
        put("valid-story-L-results/from-union/JG_20261208170000_001.csv", "JG_20261208170000_001.csv");
        putOk("JG_20261208170000_001");

        var out = processing().poll();

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.applied()).isEqualTo(23);
            assertThat(o.failedRecords()).isZero();
        });
        assertThat(ls("from-union")).isEmpty();
        assertThat(ls("from-union/done")).containsExactly("JG_20261208170000_001.csv", "JG_20261208170000_001.ok");
        assertThat(ls("from-union/error")).isEmpty();
        assertThat(Files.readAllBytes(root.resolve("from-union/done/JG_20261208170000_001.csv")))
                .isEqualTo(sample("valid-story-L-results/from-union/JG_20261208170000_001.csv"));
    }

    @Test
    void oneBadRowGoesToErrAndRejectedCsvByteEqualAndTheFileStillToDone() throws IOException {
        put("invalid-one-bad-row/from-union/JG_20261209100000_001.csv", "JG_20261209100000_001.csv");
        putOk("JG_20261209100000_001");

        var out = processing().poll();

        assertThat(out.get(0).applied()).isEqualTo(2);
        assertThat(sink.stored).containsOnlyKeys("TJ-20261128-000050-01", "TJ-20261127-000046-01");
        assertThat(ls("from-union/done")).containsExactly("JG_20261209100000_001.csv", "JG_20261209100000_001.ok");
        assertThat(ls("from-union/error")).containsExactly("JG_20261209100000_001.err",
                "JG_20261209100000_001.rejected.csv");
        assertThat(Files.readAllBytes(root.resolve("from-union/error/JG_20261209100000_001.err")))
                .isEqualTo(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.err"));
        assertThat(Files.readAllBytes(root.resolve("from-union/error/JG_20261209100000_001.rejected.csv")))
                .isEqualTo(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.rejected.csv"));
    }

    @Test
    void csvWithoutMarkerAndOtherNamesAreLeftAlone() throws IOException {
        put("valid-story-L-results/from-union/JG_20261208170000_001.csv", "JG_20261208170000_001.csv");
        put("valid-story-L-results/from-union/JG_20261208170000_001.csv", "jg_20261208170000_002.csv");
        putOk("jg_20261208170000_002");

        assertThat(processing().poll()).isEmpty();
        assertThat(ls("from-union")).hasSize(3);
        assertThat(sink.stored).isEmpty();
    }

    @Test
    void aResentFileIsHarmlessAndIsMovedUnderAnRSuffixedName() throws IOException {
        put("valid-story-L-results/from-union/JG_20261208170000_001.csv", "JG_20261208170000_001.csv");
        putOk("JG_20261208170000_001");
        processing().poll();
        put("valid-story-L-results/from-union/JG_20261208170000_001.csv", "JG_20261208170000_001.csv");
        putOk("JG_20261208170000_001");

        var again = processing().poll();

        assertThat(again.get(0).identical()).isEqualTo(23);
        assertThat(again.get(0).applied()).isZero();
        assertThat(ls("from-union/error")).isEmpty();
        assertThat(ls("from-union/done")).contains("JG_20261208170000_001_R20261220120000.csv",
                "JG_20261208170000_001_R20261220120000.ok");
    }

    @Test
    void aDifferentSecondResultIsAConflictAndTheFirstStays() throws IOException {
        put("invalid-one-bad-row/from-union/JG_20261209100000_001.csv", "JG_20261209100000_001.csv");
        putOk("JG_20261209100000_001");
        processing().poll();
        String changed = new String(sample("invalid-one-bad-row/from-union/JG_20261209100000_001.csv"),
                UnionCsv.GB18030).replace("用人单位未到场。", "用人单位拒绝调解。");
        Files.write(root.resolve("from-union/JG_20261210100000_001.csv"), UnionCsv.encode(changed));
        putOk("JG_20261210100000_001");

        processing().poll();

        String err = new String(Files.readAllBytes(root.resolve("from-union/error/JG_20261210100000_001.err")),
                UnionCsv.GB18030);
        assertThat(err).contains("JG_20261210100000_001.csv,3,TJ-20261128-000051-01,INVALID_VALUE",
                "JG_20261210100000_001.csv,4,TJ-20261127-000046-01,RESULT_CONFLICT");
        assertThat(sink.stored.get("TJ-20261127-000046-01")).contains("用人单位未到场。");
    }

    @Test
    void utf8FileIsRejectedWholeIntoErrorWithItsErr() throws IOException {
        byte[] utf8 = sample("invalid-one-bad-row/utf8/from-union/JG_20261209100000_001.csv");
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        Files.createDirectories(root.resolve("from-union"));
        Files.write(root.resolve("from-union/JG_20261209100000_001.csv"), bom);
        putOk("JG_20261209100000_001");

        var out = processing().poll();

        assertThat(out.get(0).fileRejected()).isTrue();
        assertThat(sink.stored).isEmpty();
        assertThat(ls("from-union/error")).containsExactly("JG_20261209100000_001.csv", "JG_20261209100000_001.err",
                "JG_20261209100000_001.ok");
        assertThat(new String(Files.readAllBytes(root.resolve("from-union/error/JG_20261209100000_001.err")),
                UnionCsv.GB18030)).contains("JG_20261209100000_001.csv,0,,FILE_UTF8_BOM,");
        assertThat(Files.readAllBytes(root.resolve("from-union/error/JG_20261209100000_001.csv"))).isEqualTo(bom);
    }
}
