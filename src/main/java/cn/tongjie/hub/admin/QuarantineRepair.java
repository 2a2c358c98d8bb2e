package cn.tongjie.hub.admin;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer;
import cn.tongjie.hub.registry.QuarantineReplayer.Replayed;
import cn.tongjie.hub.registry.QuarantineStore;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replay and discard of quarantined records. The replay and the entry's closing commit together: a replay that fails
 * half-way leaves the entry open and nothing registered. Every attempt is audited, refused ones too.
 */
@Service
class QuarantineRepair {

    static final String REPLAYED = "REPLAYED";
    static final String DISCARDED = "DISCARDED";

    private final QuarantineStore store;
    private final List<QuarantineReplayer> replayers;
    private final AuditLog audit;

    QuarantineRepair(QuarantineStore store, List<QuarantineReplayer> replayers, AuditLog audit) {
        this.store = store;
        this.replayers = replayers;
        this.audit = audit;
    }

    /** True when some connector can take this entry back (the console shows the replay button only then). */
    boolean replayable(QuarantineEntry e) {
        return replayers.stream().anyMatch(r -> r.handles(e));
    }

    /**
     * @param value   bytes to process instead of the stored ones (the operator's edit), or null for the original
     * @param headers headers JSON to use instead of the stored ones, or null
     */
    @Transactional
    Replayed replay(long id, byte[] value, String headers, String actor) {
        QuarantineEntry e = open(id);
        QuarantineReplayer replayer = replayers.stream().filter(r -> r.handles(e)).findFirst()
                .orElseThrow(() -> new HubException(ErrorCode.TJ_CONSOLE_CONFLICT,
                        "no replay path for entries from " + e.source() + "; discard it or fix it at the source"));
        QuarantineEntry edited = headers == null ? e : new QuarantineEntry(e.id(), e.agency(), e.source(),
                e.kafkaPartition(), e.kafkaOffset(), e.recordTimestamp(), e.keyBytes(), e.valueBytes(), headers,
                e.reasonsJson(), e.primaryReason(), e.status(), e.quarantinedAt());
        Replayed r = replayer.replay(edited, value != null ? value : e.valueBytes());
        String how = (value != null ? "edited" : "original") + (headers != null ? " + edited headers" : "");
        if (r.accepted()) {
            store.resolve(id, REPLAYED, actor);
            audit.record(actor, "QUARANTINE_REPLAY", "quarantine/" + id, how + " record replayed: " + r.outcome()
                    + (r.disputeId() == null ? "" : ", dispute " + r.disputeId()));
        } else {
            audit.record(actor, "QUARANTINE_REPLAY_REFUSED", "quarantine/" + id, how + " record still invalid: "
                    + r.reasons());
        }
        return r;
    }

    @Transactional
    void discard(long id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "a discard needs a reason");
        }
        open(id);
        store.resolve(id, DISCARDED, actor);
        // the reason is the operator's own words: kept in the audit trail, never logged
        audit.record(actor, "QUARANTINE_DISCARD", "quarantine/" + id, reason.length() > 500 ? reason.substring(0, 500)
                : reason);
    }

    private QuarantineEntry open(long id) {
        QuarantineEntry e = store.findForUpdate(id).orElseThrow(() -> new HubException(ErrorCode.TJ_CONSOLE_NOT_FOUND,
                "no quarantine entry " + id));
        if (!"OPEN".equals(e.status())) {
            throw new HubException(ErrorCode.TJ_CONSOLE_CONFLICT, "quarantine entry " + id + " is already "
                    + e.status());
        }
        return e;
    }
}
