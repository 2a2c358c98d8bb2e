package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.admin.config.ConfigVersions.Version;
import cn.tongjie.hub.common.HubException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Configuration documents: view (MONITOR), validate, change and restore (ADMIN, by the URL rules in SecurityConfig).
 * A bad edit answers 422 with the reasons and leaves the active version running; every change, refused ones included,
 * is audited.
 */
@RestController
@RequestMapping("/api/admin/config")
@Tag(name = "config", description = "Routing rules, sharing policies, early-warning rules, JSLT mappings and YAML DSL "
        + "routes: versions, validate, change (with an edit lock), restore")
class ConfigController {

    private final ConfigService service;

    ConfigController(ConfigService service) {
        this.service = service;
    }

    @GetMapping
    @Operation(summary = "Every configuration document with its active version, location and last reload")
    List<ConfigService.DocSummary> overview() {
        return service.overview();
    }

    /** The body's {@code version} (also the ETag) is what a save sends back as {@code baseVersion} (the edit lock). */
    @GetMapping("/{doc}")
    @Operation(summary = "Active version of a document, with its content; ETag = the version, the base of a save")
    ResponseEntity<Version> active(@PathVariable String doc) {
        Version v = service.active(doc);
        return ResponseEntity.ok().eTag(String.valueOf(v.version())).body(v);
    }

    @GetMapping("/{doc}/versions")
    @Operation(summary = "Every version kept, newest first (without content)")
    List<Version> versions(@PathVariable String doc) {
        return service.versions(doc);
    }

    @GetMapping("/{doc}/versions/{n}")
    @Operation(summary = "One kept version, with its content")
    Version version(@PathVariable String doc, @PathVariable int n) {
        return service.version(doc, n);
    }

    @PostMapping("/{doc}/validate")
    @Operation(summary = "Validate a candidate text (the body) with the component's own rules; nothing changes")
    ConfigService.Validation validate(@PathVariable String doc, @RequestBody(required = false) String text) {
        return service.validate(doc, text);
    }

    /**
     * @param comment     why the change is made (query parameter; header {@code X-Config-Comment} for ASCII clients)
     * @param baseVersion the version the edit started from (query parameter, or {@code If-Match: "<version>"}):
     *                    required, so two administrators cannot overwrite each other; 409 when it is stale
     */
    @PutMapping("/{doc}")
    @Operation(summary = "Validate, store as a new version, write the file and reload; 422 with reasons if invalid, "
            + "409 with who saved in between if baseVersion is no longer active, 428 without baseVersion")
    ResponseEntity<Map<String, Object>> put(@PathVariable String doc, @RequestBody(required = false) String text,
            @RequestParam(required = false) String comment,
            @RequestHeader(name = "X-Config-Comment", required = false) String commentHeader,
            @RequestParam(required = false) Integer baseVersion,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, Authentication auth,
            HttpServletRequest request) {
        String why = comment != null && !comment.isBlank() ? comment : commentHeader;
        Integer base = baseVersion != null ? baseVersion : etagVersion(ifMatch);
        if (base == null) {
            return ResponseEntity.status(428).body(Map.of("applied", false, "reasons",
                    List.of("send the version you edited as baseVersion (or If-Match), from GET /api/admin/config/"
                            + doc)));
        }
        return answer(service.put(doc, text, why, base, auth.getName(), request.getRemoteAddr()));
    }

    /** @param baseVersion optional edit lock: refused with 409 when another version became active meanwhile */
    @PostMapping("/{doc}/versions/{n}/restore")
    @Operation(summary = "Make a kept version active again (validated, written, reloaded); optional baseVersion lock")
    ResponseEntity<Map<String, Object>> restore(@PathVariable String doc, @PathVariable int n,
            @RequestParam(required = false) Integer baseVersion,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, Authentication auth,
            HttpServletRequest request) {
        Integer base = baseVersion != null ? baseVersion : etagVersion(ifMatch);
        return answer(service.restore(doc, n, base, auth.getName(), request.getRemoteAddr()));
    }

    /** {@code "3"}, {@code W/"3"} or {@code 3} → 3; anything else → null. */
    static Integer etagVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        return v.matches("\\d{1,9}") ? Integer.valueOf(v) : null;
    }

    private static ResponseEntity<Map<String, Object>> answer(ConfigService.Change c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applied", c.applied());
        body.put("reasons", c.reasons());
        body.put("activeVersion", c.active().version());
        body.put("sha256", c.active().sha256());
        if (c.conflict() != null) {
            body.put("conflict", c.conflict());
            return ResponseEntity.status(409).body(body);
        }
        return ResponseEntity.status(c.applied() ? 200 : 422).body(body);
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<Map<String, Object>> refused(HubException e) {
        int status = switch (e.errorCode()) {
            case TJ_CONFIG_UNKNOWN -> 404;
            case TJ_CONFIG_NOT_WRITABLE -> 409;
            default -> 500;
        };
        return ResponseEntity.status(status).body(Map.of("errorCode", e.errorCode().code(),
                "message", String.valueOf(e.getMessage())));
    }
}
