package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.admin.config.ConfigDocuments.Doc;
import cn.tongjie.hub.admin.config.ConfigVersions.Version;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.mapping.MappingEngine;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
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

    /** One row of the overview. */
    record DocSummary(String doc, boolean editable, String location, boolean writable, Integer activeVersion,
            String sha256, String author, OffsetDateTime activeSince, boolean fileDiffers, ReloadResult lastReload,
            List<String> items) {
    }

    private final ConfigDocuments docs;
    private final ConfigVersions versions;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final MappingEngine mappings;
    private final String routesPattern;
    private final String mappingsLocation;
    private final Map<String, ReloadResult> lastReload = new ConcurrentHashMap<>();

    ConfigService(ConfigDocuments docs, ConfigVersions versions, AuditLog audit, Clock clock, TransactionTemplate tx,
            MappingEngine mappings, @Value("${camel.main.routes-include-pattern:classpath:routes/**/*.yaml}")
            String routesPattern, @Value("${tongjie.mappings.location:classpath:mappings/}") String mappingsLocation) {
        this.docs = docs;
        this.versions = versions;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.mappings = mappings;
        this.routesPattern = routesPattern;
        this.mappingsLocation = mappingsLocation;
    }

    List<DocSummary> overview() {
        List<DocSummary> out = new ArrayList<>();
        for (Doc d : docs.all()) {
            Version v = active(d);
            // a hand edit of the file (or another node's) shows up here: the hub runs the file, not the database
            boolean differs = !sha(readFile(d)).equals(v.sha256());
            out.add(new DocSummary(d.name(), true, d.location(), writable(d) != null, v.version(), v.sha256(),
                    v.author(), v.createdAt(), differs, lastReload.get(d.name()), null));
        }
        out.add(new DocSummary("mappings", false, mappingsLocation, false, null, null, null, null, false, null,
                List.copyOf(mappings.mappingIds())));
        out.add(new DocSummary("routes", false, routesPattern, false, null, null, null, null, false, null,
                routeFiles()));
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
        try {
            if (text == null || text.isBlank()) {
                return new Validation(false, List.of("empty document"));
            }
            d.validator().accept(text);
            return new Validation(true, List.of());
        } catch (RuntimeException e) {
            // the component's own message names the broken rule; it never quotes personal data (config files only)
            return new Validation(false, List.of(String.valueOf(e.getMessage())));
        }
    }

    /** Outcome of a put or restore: the version now active and, when refused, why. */
    record Change(boolean applied, List<String> reasons, Version active) {
    }

    Change put(String doc, String text, String comment, String actor, String remoteAddr) {
        Doc d = docs.get(doc);
        // what runs now becomes version 1 before the first edit, so the first edit can be undone by a restore
        active(d);
        Validation v = validate(doc, text);
        if (!v.valid()) {
            audit.record(actor, "CONFIG_UPDATE", doc, "refused: " + v.reasons(), remoteAddr, REFUSED);
            return new Change(false, v.reasons(), active(d));
        }
        Path file = requireWritable(d);
        synchronized (this) {
            write(d, file, text);
            Version created = tx.execute(s -> versions.addActive(doc, text, sha(text), actor, comment,
                    OffsetDateTime.now(clock)));
            audit.record(actor, "CONFIG_UPDATE", doc, "version " + created.version() + " active"
                    + (comment == null ? "" : ": " + comment), remoteAddr, AuditLog.OK);
            return new Change(true, List.of(), created);
        }
    }

    Change restore(String doc, int n, String actor, String remoteAddr) {
        Doc d = docs.get(doc);
        Version old = version(doc, n);
        Validation v = validate(doc, old.content());
        if (!v.valid()) {
            // e.g. a target an old version names was since removed from the schema: the old text no longer passes
            audit.record(actor, "CONFIG_RESTORE", doc, "version " + n + " refused: " + v.reasons(), remoteAddr,
                    REFUSED);
            return new Change(false, v.reasons(), active(d));
        }
        Path file = requireWritable(d);
        synchronized (this) {
            write(d, file, old.content());
            tx.executeWithoutResult(s -> versions.activate(doc, n));
            audit.record(actor, "CONFIG_RESTORE", doc, "version " + n + " active again", remoteAddr, AuditLog.OK);
            return new Change(true, List.of(), versions.find(doc, n).orElseThrow());
        }
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

    private void write(Doc d, Path file, String text) {
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
        try {
            d.reload().run();
            lastReload.put(d.name(), new ReloadResult(OffsetDateTime.now(clock), true, "reloaded"));
        } catch (RuntimeException e) {
            // validated above, so this is unexpected; the component kept its running version
            lastReload.put(d.name(), new ReloadResult(OffsetDateTime.now(clock), false, e.getMessage()));
            log.warn("Reload of {} failed after a valid edit: {}", d.name(), e.getMessage());
            throw new HubException(ErrorCode.TJ_INTERNAL, "reload of " + d.name() + " failed: " + e.getMessage(), e);
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

    private List<String> routeFiles() {
        try {
            List<String> names = new ArrayList<>();
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(routesPattern)) {
                String uri = r.getURI().toString();
                int i = uri.lastIndexOf("routes/");
                names.add(i >= 0 ? uri.substring(i) : r.getFilename());
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            return List.of("unreadable: " + e.getMessage());
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
