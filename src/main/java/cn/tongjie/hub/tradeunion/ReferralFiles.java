package cn.tongjie.hub.tradeunion;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Referral file content and names (trade-union contract §3, §5). */
final class ReferralFiles {

    /** §5: at most 500 data rows per file. */
    static final int MAX_ROWS = 500;
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private ReferralFiles() {
    }

    /** {@code LDZY_yyyyMMddHHmmss_NNN} (no extension): creation time in Asia/Shanghai and a 001–999 sequence. */
    static String baseName(Instant createdAt, int seq) {
        return "LDZY_" + STAMP.format(createdAt.atZone(SHANGHAI)) + "_" + String.format("%03d", seq);
    }

    static byte[] render(List<ReferralRow> rows) {
        List<List<String>> cells = new ArrayList<>(rows.size());
        for (ReferralRow r : rows) {
            cells.add(r.cells());
        }
        return UnionCsv.write(UnionCsv.REFERRAL_HEADER, cells);
    }

    /**
     * Splits the due rows into files of at most 500 rows, keeping each mass dispute (same group key, e.g. dispute id)
     * in one file (§5 "rows of one mass dispute should be in one file"); a group larger than 500 is split anyway.
     */
    static <K> List<List<ReferralRow>> batches(List<ReferralRow> rows, java.util.function.Function<ReferralRow, K> group) {
        java.util.LinkedHashMap<K, List<ReferralRow>> groups = new java.util.LinkedHashMap<>();
        for (ReferralRow r : rows) {
            groups.computeIfAbsent(group.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<List<ReferralRow>> files = new ArrayList<>();
        List<ReferralRow> current = new ArrayList<>();
        for (List<ReferralRow> g : groups.values()) {
            if (!current.isEmpty() && current.size() + g.size() > MAX_ROWS) {
                files.add(current);
                current = new ArrayList<>();
            }
            for (ReferralRow r : g) {
                if (current.size() == MAX_ROWS) {
                    files.add(current);
                    current = new ArrayList<>();
                }
                current.add(r);
            }
        }
        if (!current.isEmpty()) {
            files.add(current);
        }
        return files;
    }
}
