package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * trade-union contract §7: select {@code JG_*.csv} with their {@code .ok} marker in ascending name order and run the
 * steps of §7.2 for each — file checks, per-record validation, apply, report ({@code .err} / {@code .rejected.csv}
 * written as {@code .tmp} then renamed), move csv before ok into {@code done/} or {@code error/}. Nothing is
 * deleted; an existing target name gets {@code _R<processing time>} (§2). A crash half-way is harmless: the file is
 * still in {@code from-union/} and re-applying its rows is idempotent (the sink ignores identical results).
 */
final class ResultFileProcessing {

    private static final Logger log = LoggerFactory.getLogger(ResultFileProcessing.class);
    static final String IN = "from-union";
    static final String DONE = IN + "/done";
    static final String ERROR = IN + "/error";
    private static final Pattern NAME = Pattern.compile("^JG_[0-9]{14}_[0-9]{3}\\.csv$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** Step 4 for one valid row, done by the registry side. */
    interface ResultSink extends ResultFile.Referrals {
        Applied apply(String fileName, ResultFile.Row row);
    }

    enum Applied { APPLIED, IDENTICAL, CONFLICT }

    record Outcome(String fileName, boolean fileRejected, int applied, int identical, int failedRecords) {
    }

    private final UnionDirectory dir;
    private final ResultSink sink;
    private final Clock clock;

    ResultFileProcessing(UnionDirectory dir, ResultSink sink, Clock clock) {
        this.dir = dir;
        this.sink = sink;
        this.clock = clock;
    }

    /** §7.1: one poll. */
    List<Outcome> poll() {
        List<String> names = dir.list(IN);
        List<Outcome> out = new ArrayList<>();
        names.stream().filter(n -> NAME.matcher(n).matches())
                .filter(n -> names.contains(base(n) + ".ok"))
                .sorted()
                .forEach(n -> out.add(process(n)));
        return out;
    }

    Outcome process(String csvName) {
        String base = base(csvName);
        LocalDate today = LocalDate.now(clock.withZone(ReferralFiles.SHANGHAI));
        ResultFile f = ResultFile.read(csvName, ExchangeLog.received(UnionReferrals.AGENCY, "result-file", csvName, "text/csv", dir.read(IN + "/" + csvName)), today, sink);
        if (f.fileRejected()) {
            writeReport(ERROR + "/" + base + ".err", f.errReport());
            move(csvName, ERROR);
            move(base + ".ok", ERROR);
            log.warn("Union result file {} rejected: {}", csvName, f.problems().get(0).code());
            return new Outcome(csvName, true, 0, 0, 0);
        }
        int applied = 0;
        int identical = 0;
        for (ResultFile.Row row : f.validRows()) {
            Applied a = sink.apply(csvName, row);
            switch (a) {
                case APPLIED -> applied++;
                case IDENTICAL -> identical++;
                case CONFLICT -> f.reject(row, "RESULT_CONFLICT",
                        "案件编号" + row.caseId() + "已有不同的调解结果，以先收到的结果为准");
            }
        }
        int failed = (int) f.problems().stream().mapToInt(ResultFile.Problem::recordNo).distinct().count();
        if (f.anyFailed()) {
            writeReport(ERROR + "/" + base + ".err", f.errReport());
            writeReport(ERROR + "/" + base + ".rejected.csv", f.rejectedCsv());
        }
        // §7.2 step 6: the csv moves before its marker, so a crash in between leaves no marker-less csv to re-read.
        move(csvName, DONE);
        move(base + ".ok", DONE);
        log.info("Union result file {}: {} applied, {} repeated, {} records rejected", csvName, applied, identical, failed);
        return new Outcome(csvName, false, applied, identical, failed);
    }

    private void writeReport(String path, byte[] content) {
        String target = free(path);
        dir.write(target + ".tmp", content);
        dir.rename(target + ".tmp", target);
    }

    private void move(String name, String toDir) {
        dir.rename(IN + "/" + name, free(toDir + "/" + name));
    }

    /** §2: an existing target name gets {@code _R} + processing time before the extension. */
    private String free(String path) {
        if (!dir.exists(path)) {
            return path;
        }
        int dot = path.lastIndexOf('.');
        String stamp = "_R" + STAMP.format(clock.instant().atZone(ReferralFiles.SHANGHAI));
        String candidate = path.substring(0, dot) + stamp + path.substring(dot);
        int n = 2;
        while (dir.exists(candidate)) {
            candidate = path.substring(0, dot) + stamp + "_" + n++ + path.substring(dot);
        }
        return candidate;
    }

    static String base(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }
}
