package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.exchangelog.ExchangeLog;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
     * with _R (§2) still starts with the file's base name.
     */
    void observePickups() {
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
            referrals.pickedUp(file, rejectedCases(base));
        }
    }

    /** 案件编号 (column 3) of the union's error report for this referral file, if it wrote one. */
    private Set<String> rejectedCases(String base) {
        String err = "to-union/error/" + base + ".err";
        if (!dir.exists(err)) {
            return Set.of();
        }
        String text = new String(dir.read(err), UnionCsv.GB18030);
        Set<String> ids = new HashSet<>();
        List<ResultFile.Scanned> recs = ResultFile.Scanner.records(text);
        for (int i = 1; i < recs.size(); i++) {
            if (recs.get(i).fields.size() > 2) {
                ids.add(recs.get(i).fields.get(2));
            }
        }
        return ids;
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
