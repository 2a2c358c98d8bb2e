package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.admin.config.ConfigDocuments.Doc;
import cn.tongjie.hub.admin.config.ConfigVersions.Version;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.AuditLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validate, store, write and reload the administrator-edited documents. The file the component reads stays the
 * source of truth for the running hub (every node re-reads it on its timer: the shared-file assumption, see
 * docs/operations-api.md); the database keeps every version, who made it and why, so any can be restored.
 */
@Service
class ConfigService {

    private static final Logger log = LoggerFactory.getLogger(ConfigService.class);
    /** Audit outcome of an edit refused because the text failed validation (the running version stays). */
    static final String REFUSED = "REFUSED";

    /** Validation answer: {@code reasons} empty when valid. */
    record Validation(boolean valid, List<String> reasons) {
    }

    /** The last reload this node triggered or observed for a document. */
    record ReloadResult(OffsetDateTime at, boolean ok, String message) {
    }

    /** One row of the overview. {@code kind}: RULES, MAPPING or ROUTE. */
    record DocSummary(String doc, String kind, boolean editable, String location, boolean writable,
            Integer activeVersion, String sha256, String author, OffsetDateTime activeSince, boolean fileDiffers,
            ReloadResult lastReload) {
    }

    /**
     * A save based on a version that is no longer the active one (the edit lock): who made the active version active,
     * and when, so the administrator can look at it before trying again.
     */
    record Conflict(Integer baseVersion, int activeVersion, String activatedBy, OffsetDateTime activatedAt) {
    }

    private final ConfigDocuments docs;
    private final ConfigVersions versions;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, ReloadResult> lastReload = new ConcurrentHashMap<>();

    ConfigService(ConfigDocuments docs, ConfigVersions versions, AuditLog audit, Clock clock, TransactionTemplate tx) {
        this.docs = docs;
        this.versions = versions;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    List<DocSummary> overview() {
        List<DocSummary> out = new ArrayList<>();
        for (Doc d : docs.all()) {
            Version v = active(d);
            // a hand edit of the file (or another node's) shows up here: the hub runs the file, not the database
            boolean differs = !sha(readFile(d)).equals(v.sha256());
            out.add(new DocSummary(d.name(), d.kind().name(), true, d.location(), writable(d) != null, v.version(),
                    v.sha256(), v.activatedBy() != null ? v.activatedBy() : v.author(),
                    v.activatedAt() != null ? v.activatedAt() : v.createdAt(), differs, lastReload.get(d.name())));
        }
        return out;
    }

    /** The active version, with content. */
    Version active(String doc) {
        return active(docs.get(doc));
    }

    List<Version> versions(String doc) {
        active(docs.get(doc));
        return versions.list(doc);
    }

    Version version(String doc, int n) {
        active(docs.get(doc));
        return versions.find(doc, n).orElseThrow(() -> new HubException(ErrorCode.TJ_CONFIG_UNKNOWN,
                "no version " + n + " of " + doc));
    }

    Validation validate(String doc, String text) {
        Doc d = docs.get(doc);
        if (text == null || text.isBlank()) {
            return new Validation(false, List.of("empty document"));
        }
        List<String> reasons;
        try {
            reasons = d.check().apply(text);
        } catch (RuntimeException e) {
            // a checker bug must refuse the edit, never let it through
            reasons = List.of("cannot be checked: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new Validation(reasons.isEmpty(), List.copyOf(reasons));
    }

    /** Outcome of a put or restore: the version now active and, when refused, why (or the conflict). */
    record Change(boolean applied, List<String> reasons, Version active, Conflict conflict) {
        Change(boolean applied, List<String> reasons, Version active) {
            this(applied, reasons, active, null);
        }
    }

    /**
     * Validates, stores, writes and applies an edit.
     *
     * @param baseVersion the version the administrator edited (the edit lock): refused with a {@link Conflict} when
     *                    another version became active since
     */
    Change put(String doc, String text, String comment, int baseVersion, String actor, String remoteAddr) {
        Doc d = docs.get(doc);
        // what runs now becomes version 1 before the first edit, so the first edit can be undone by a restore
        Version current = active(d);
        if (current.version() != baseVersion) {
            return stale(d, baseVersion, current, "CONFIG_UPDATE", actor, remoteAddr);
        }
        Validation v = validate(doc, text);
        if (!v.valid()) {
            audit.record(actor, "CONFIG_UPDATE", doc, "refused: " + v.reasons(), remoteAddr, REFUSED);
            return new Change(false, v.reasons(), current);
        }
        Path file = requireWritable(d);
        synchronized (this) {
            // checked again under the lock: two saves based on the same version, only the first one wins
            Version now = active(d);
            if (now.version() != baseVersion) {
                return stale(d, baseVersion, now, "CONFIG_UPDATE", actor, remoteAddr);
            }
            String failure = write(d, file, text);
            if (failure != null) {
                audit.record(actor, "CONFIG_UPDATE", doc, "refused: " + failure, remoteAddr, REFUSED);
                return new Change(false, List.of(failure), now);
            }
            Version created = tx.execute(s -> versions.addActive(doc, text, sha(text), actor, comment,
                    OffsetDateTime.now(clock)));
            audit.record(actor, "CONFIG_UPDATE", doc, "version " + created.version() + " active"
                    + (comment == null ? "" : ": " + comment), remoteAddr, AuditLog.OK);
            return new Change(true, List.of(), created);
        }
    }

    /** @param baseVersion the version the administrator looked at, or null to restore whatever is active now */
    Change restore(String doc, int n, Integer baseVersion, String actor, String remoteAddr) {
        Doc d = docs.get(doc);
        Version old = version(doc, n);
        Version current = active(d);
        if (baseVersion != null && current.version() != baseVersion) {
            return stale(d, baseVersion, current, "CONFIG_RESTORE", actor, remoteAddr);
        }
        Validation v = validate(doc, old.content());
        if (!v.valid()) {
            // e.g. a target an old version names was since removed from the schema: the old text no longer passes
            audit.record(actor, "CONFIG_RESTORE", doc, "version " + n + " refused: " + v.reasons(), remoteAddr,
                    REFUSED);
            return new Change(false, v.reasons(), current);
        }
        Path file = requireWritable(d);
        synchronized (this) {
            Version now = active(d);
            if (baseVersion != null && now.version() != baseVersion) {
                return stale(d, baseVersion, now, "CONFIG_RESTORE", actor, remoteAddr);
            }
            String failure = write(d, file, old.content());
            if (failure != null) {
                audit.record(actor, "CONFIG_RESTORE", doc, "version " + n + " refused: " + failure, remoteAddr,
                        REFUSED);
                return new Change(false, List.of(failure), now);
            }
            tx.executeWithoutResult(s -> versions.activate(doc, n, actor, OffsetDateTime.now(clock)));
            audit.record(actor, "CONFIG_RESTORE", doc, "version " + n + " active again", remoteAddr, AuditLog.OK);
            return new Change(true, List.of(), versions.find(doc, n).orElseThrow());
        }
    }

    private Change stale(Doc d, Integer base, Version current, String action, String actor, String remoteAddr) {
        String by = current.activatedBy() != null ? current.activatedBy() : current.author();
        OffsetDateTime at = current.activatedAt() != null ? current.activatedAt() : current.createdAt();
        String reason = "based on version " + base + ", but version " + current.version() + " was made active by "
                + by + " at " + at + "; reload, look at it and edit again";
        audit.record(actor, action, d.name(), "refused (stale): " + reason, remoteAddr, REFUSED);
        return new Change(false, List.of(reason), current, new Conflict(base, current.version(), by, at));
    }

    // ------------------------------------------------------------------ internals

    /** The active version; the first time a document is seen, what the hub runs now becomes version 1. */
    private Version active(Doc d) {
        return versions.active(d.name()).orElseGet(() -> {
            String text = readFile(d);
            try {
                tx.executeWithoutResult(s -> versions.addActive(d.name(), text, sha(text), "hub",
                        "as found at first use (" + d.location() + ")", OffsetDateTime.now(clock)));
            } catch (DuplicateKeyException raced) {
                // another request seeded it at the same moment: theirs is as good as ours
            }
            return versions.active(d.name()).orElseThrow();
        });
    }

    /**
     * Writes the file and applies it. When the component refuses to apply it (a route that cannot start, a sibling
     * mapping file broken by hand), the previous text is written back and applied again, so the running version stays;
     * the answer is then the reason, else null.
     */
    private String write(Doc d, Path file, String text) {
        String previous = Files.exists(file) ? readPath(file) : null;
        writeFile(file, text);
        try {
            d.reload().run();
            lastReload.put(d.name(), new ReloadResult(OffsetDateTime.now(clock), true, "reloaded"));
            return null;
        } catch (RuntimeException e) {
            String reason = "not applied, the previous version stays: " + e.getMessage();
            lastReload.put(d.name(), new ReloadResult(OffsetDateTime.now(clock), false, reason));
            log.warn("Reload of {} failed after a valid edit, putting the previous text back: {}", d.name(),
                    e.getMessage());
            try {
                if (previous == null) {
                    Files.deleteIfExists(file);
                } else {
                    writeFile(file, previous);
                }
                d.reload().run();
            } catch (IOException | RuntimeException again) {
                log.error("Reload of the previous {} failed too: {}", d.name(), again.getMessage());
            }
            return reason;
        }
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            // temp file + atomic move: the component's reload timer never reads a half-written file
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".config-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (before != null && Files.getLastModifiedTime(file).toMillis() <= before.toMillis()) {
                // the components notice a change by modification time (ms); two edits within one tick would be missed
                Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
            }
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_NOT_WRITABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readPath(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_NOT_WRITABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path writable(Doc d) {
        return d.location() != null && d.location().startsWith("file:") ? Path.of(d.location().substring(5)) : null;
    }

    private static Path requireWritable(Doc d) {
        Path p = writable(d);
        if (p == null) {
            throw new HubException(ErrorCode.TJ_CONFIG_NOT_WRITABLE, d.name() + " is read from " + d.location()
                    + ", not a file: location; point it at a file to edit it here");
        }
        return p;
    }

    /** What the component reads now: the configured file, or its jar copy when the file is absent (as it does). */
    private static String readFile(Doc d) {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        Resource r = loader.getResource(d.location());
        if (!r.exists()) {
            r = loader.getResource(d.jarCopy());
        }
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_UNKNOWN, "cannot read " + r.getDescription(), e);
        }
    }

    static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "SHA-256 missing", e);
        }
    }
}
