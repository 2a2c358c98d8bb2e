package cn.tongjie.hub.warning;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.warning.EarlyWarningStore.AlertRow;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Early-warning alerts as the admin API shows them, and the operator's acknowledgement. */
@Service
public class EarlyWarningAlerts {

    private final EarlyWarningStore store;
    private final AuditLog audit;
    private final Clock clock;

    EarlyWarningAlerts(EarlyWarningStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One alert: {@code evidence} is the JSON array of its disputes (ids, source agencies, every agency's reference,
     * head count and number of known ID numbers — no names or ID numbers); {@code webhook} is PENDING, SENDING, SENT,
     * FAILED or null when no webhook is configured.
     */
    public record View(String alertId, String rule, String title, String status, String employerCode,
            String employerName, String township, int workers, int disputes, List<String> sources, String evidence,
            OffsetDateTime raisedAt, OffsetDateTime updatedAt, String webhook) {
    }

    @Transactional(readOnly = true)
    public List<View> list(int limit) {
        List<AlertRow> rows = store.alerts(limit);
        Map<String, String> webhook = store.webhookStatus(rows.stream().map(AlertRow::alertId).toList());
        return rows.stream().map(a -> new View(a.alertId(), a.rule(), a.title(), a.status(), a.employerCode(),
                a.employerName(), a.township(), a.workers(), a.disputes(), EarlyWarningStore.split(a.sources()),
                a.evidence(), a.raisedAt(), a.updatedAt(), webhook.get(a.alertId()))).toList();
    }

    /** An operator took the alert in hand (OPEN → ACKNOWLEDGED); audited. The cluster keeps growing into it. */
    @Transactional
    public void acknowledge(String alertId, String actor, String note) {
        AlertRow a = store.alert(alertId).orElseThrow(() -> new HubException(ErrorCode.TJ_INBOUND_INVALID,
                "no early-warning alert " + alertId));
        if (!"OPEN".equals(a.status())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, alertId + " is " + a.status());
        }
        store.setStatus(alertId, "ACKNOWLEDGED", OffsetDateTime.now(clock));
        audit.record(actor, "EARLY_WARNING_ACKNOWLEDGE", alertId, note == null ? "" : note);
    }
}
