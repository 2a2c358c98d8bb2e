package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One polling round of the file exchange: prepare due referrals, upload every stored file not yet uploaded (csv via
 * a .tmp name and an atomic rename, then the zero-byte marker), then process the union's result files. Each step is
 * repeatable: a file already on the server (in to-union/ or archived by the union) is not written again.
 */
final class UnionTransfer {

    private static final Logger log = LoggerFactory.getLogger(UnionTransfer.class);

    private final UnionDirectory dir;
    private final UnionReferrals referrals;
    private final UnionResults results;
    private final Clock clock;

    UnionTransfer(UnionDirectory dir, UnionReferrals referrals, UnionResults results, Clock clock) {
        this.dir = dir;
        this.referrals = referrals;
        this.results = results;
        this.clock = clock;
    }

    void sendReferrals() {
        while (referrals.prepareFile() != null) {
            // one file per transaction; loop until nothing is due
        }
        for (UnionReferrals.PendingFile f : referrals.pendingUploads()) {
            try {
                upload(f);
                referrals.uploaded(f.fileName());
            } catch (RuntimeException e) {
                referrals.uploadFailed(f.fileName(), e.getMessage());
                throw e;
            }
        }
        observePickups();
    }

    /**
     * §5.1: the union moves a referral file to to-union/archive/ after importing it, and lists the rows it rejected in
     * to-union/error/&lt;base&gt;.err. The archive move is the only sign of pickup the contract lets the hub observe,
     * so it is what counts as the union accepting the referral (MEDIATION_ACCEPTED). A name the union had to suffix
     * with _R (§2) still starts with the file's base name. Error reports are read first, so a rejected row is never
     * announced as accepted when both are there; a report that appears after the archive move is still acted on.
     */
    void observePickups() {
        observeRejections();
        List<String> waiting = referrals.awaitingPickup();
        if (waiting.isEmpty()) {
            return;
        }
        List<String> archived = dir.list("to-union/archive");
        for (String file : waiting) {
            String base = ResultFileProcessing.base(file);
            if (archived.stream().noneMatch(n -> n.startsWith(base) && n.endsWith(".csv"))) {
                continue;
            }
            if (dir.exists("to-union/error/" + base + ".err")) {
                // looked for after the archive listing: a report written just before the move is not missed
                referrals.rejected(file, rejectedRows(base));
            }
            referrals.pickedUp(file);
        }
    }

    /** Acts once on each error report the union wrote for one of the hub's referral files (§5.1, §7.3). */
    void observeRejections() {
        List<String> reports = dir.list("to-union/error").stream().filter(n -> n.endsWith(".err")).toList();
        if (reports.isEmpty()) {
            return;
        }
        for (String file : referrals.withUnreadErrorReport()) {
            String base = ResultFileProcessing.base(file);
            if (reports.contains(base + ".err")) {
                referrals.rejected(file, rejectedRows(base));
            }
        }
    }

    /** 案件编号 (column 3) → (记录号, 错误代码) of the union's error report for this referral file. */
    private Map<String, UnionReferrals.Rejection> rejectedRows(String base) {
        String text = new String(dir.read("to-union/error/" + base + ".err"), UnionCsv.GB18030);
        Map<String, UnionReferrals.Rejection> rows = new LinkedHashMap<>();
        List<ResultFile.Scanned> recs = ResultFile.Scanner.records(text);
        for (int i = 1; i < recs.size(); i++) {
            List<String> f = recs.get(i).fields;
            if (f.size() > 3) {
                int record = f.get(1).matches("\\d{1,9}") ? Integer.parseInt(f.get(1)) : 0;
                // 记录号 0 is a file-level problem (§7.3): the union refused every row of the file
                String key = record == 0 ? UnionReferrals.WHOLE_FILE : f.get(2);
                if (!key.isEmpty()) {
                    rows.putIfAbsent(key, new UnionReferrals.Rejection(record, f.get(3)));
                }
            }
        }
        return rows;
    }

    void receiveResults() {
        new ResultFileProcessing(dir, results, clock).poll();
    }

    private void upload(UnionReferrals.PendingFile f) {
        String base = ResultFileProcessing.base(f.fileName());
        boolean archived = dir.exists("to-union/archive/" + f.fileName());
        if (!archived && !dir.exists("to-union/" + f.fileName())) {
            // the union ignores other names, so a half-written .tmp from a crash is harmless; each try uses a new one
            String tmp = "to-union/" + base + "_" + clock.millis() + ".tmp";
            ExchangeLog.record(UnionReferrals.AGENCY, ExchangeLog.Direction.OUT, "referral-file", f.fileName(), null, "text/csv", f.content());
            dir.write(tmp, f.content());
            dir.rename(tmp, "to-union/" + f.fileName());
        }
        if (!archived && !dir.exists("to-union/" + base + ".ok")) {
            dir.write("to-union/" + base + ".ok", new byte[0]);
        }
        log.info("Union referral file {} on the server", f.fileName());
    }
}
