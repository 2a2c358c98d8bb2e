package cn.tongjie.hub.exchangelog;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Exchange log admin API: verify (AUDITOR or ADMIN) and export (AUDITOR); roles in SecurityConfig. Both are audited.
 * Neither returns a body or personal data: entries carry digests, ids and types only.
 */
@RestController
@RequestMapping("/api/admin/exchange-log")
class ExchangeLogController {

    private final ExchangeLogService service;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;

    ExchangeLogController(ExchangeLogService service, AuditLog audit, Clock clock,
            @Value("${tongjie.zone:Asia/Shanghai}") ZoneId zone) {
        this.service = service;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
    }

    @GetMapping("/verify")
    ChainVerifier.Report verify(Authentication auth) {
        ChainVerifier.Report report = service.verify();
        audit.record(auth.getName(), "EXCHANGE_LOG_VERIFY", "exchange-log", report.summary());
        return report;
    }

    /**
     * @param from first instant (ISO-8601, e.g. 2026-11-28T00:00:00+08:00) or day (2026-11-28, hub zone), inclusive
     * @param to   end instant or day, exclusive (a day means its end); default now
     */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Authentication auth) {
        Instant start = from == null || from.isBlank() ? Instant.EPOCH : parse(from, false);
        Instant end = to == null || to.isBlank() ? clock.instant().plusMillis(1) : parse(to, true);
        audit.record(auth.getName(), "EXCHANGE_LOG_EXPORT", "exchange-log", start + " .. " + end);
        String name = "tongjie-exchange-log-" + start.toEpochMilli() + "-" + end.toEpochMilli() + ".zip";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(out -> service.export(start, end, out));
    }

    private Instant parse(String s, boolean endOfDay) {
        try {
            if (s.length() == 10) {
                LocalDate day = LocalDate.parse(s);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "from/to must be ISO-8601 instants or days: " + s);
        }
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<String> badRequest(HubException e) {
        return ResponseEntity.badRequest().body(e.errorCode().code() + " " + e.getMessage());
    }
}
