package cn.tongjie.hub.tradeunion;

import java.time.Clock;
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
            dir.write(tmp, f.content());
            dir.rename(tmp, "to-union/" + f.fileName());
        }
        if (!archived && !dir.exists("to-union/" + base + ".ok")) {
            dir.write("to-union/" + base + ".ok", new byte[0]);
        }
        log.info("Union referral file {} on the server", f.fileName());
    }
}
