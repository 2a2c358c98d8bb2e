package cn.tongjie.hub.court;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators resume a court's outbox after fixing the hub's password for it (an AUTH_FAILED answer stopped it, contract
 * §11). POST needs role OPERATOR, GET MONITOR (SecurityConfig rules for /api/admin/**).
 */
@RestController
@RequestMapping("/api/admin/court/outbox")
@ConditionalOnProperty(name = "tongjie.court.enabled", havingValue = "true", matchIfMissing = true)
class CourtOutboxController {

    private final CourtSender sender;
    private final CourtProperties courts;

    CourtOutboxController(CourtSender sender, CourtProperties courts) {
        this.sender = sender;
        this.courts = courts;
    }

    @PostMapping("/{courtDigits}/resume")
    ResponseEntity<Map<String, Object>> resume(@PathVariable String courtDigits) {
        if (!courts.courts().containsKey(courtDigits)) {
            return ResponseEntity.notFound().build();
        }
        boolean wasStopped = sender.resume("内" + courtDigits);
        return ResponseEntity.ok(Map.of("court", "内" + courtDigits, "resumed", wasStopped));
    }

    @GetMapping("/{courtDigits}")
    ResponseEntity<Map<String, Object>> status(@PathVariable String courtDigits) {
        if (!courts.courts().containsKey(courtDigits)) {
            return ResponseEntity.notFound().build();
        }
        String code = "内" + courtDigits;
        return ResponseEntity.ok(Map.of("court", code, "stopped", sender.isStopped(code),
                "breaker", sender.breakerState(code)));
    }
}
