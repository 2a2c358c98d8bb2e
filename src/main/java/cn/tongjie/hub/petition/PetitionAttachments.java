package cn.tongjie.hub.petition;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Petition attachments (contract §5.5): after a push was stored and answered, each {@code fj[]} item is fetched with a
 * GET signed by the hub → petition credentials (empty body), its size and SHA-256 checked, and the file kept under
 * {@code tongjie.petition.attachments-dir}. A download failure never touches the push. Only URLs under
 * {@code {petitionBase}/xf/api/v1/files/} without a query are fetched: the push is outside input, and the hub must
 * not be made to call arbitrary addresses. Transient failures (time-out, 5xx, 429) are retried with back-off while
 * the URL is valid (30 days); a wrong hash or size discards the file; 4xx is final. Several nodes share the work
 * through a lease on each row.
 */
@Service
class PetitionAttachments {

    private static final Logger log = LoggerFactory.getLogger(PetitionAttachments.class);
    /** §5.5: the download URL is valid for 30 days after the push. */
    static final Duration URL_VALIDITY = Duration.ofDays(30);
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    static final Duration LEASE = Duration.ofMinutes(5);
    /** §5.5: wjdx is at most 20 MiB. */
    static final long MAX_SIZE = 20_971_520L;
    private static final Map<String, String> EXTENSIONS = Map.of("application/pdf", "pdf", "image/jpeg", "jpg",
            "image/png", "png");

    record Row(String xfjbh, int seq, String disputeId, String contentType, long size, String url, String sha256,
            int attempts, OffsetDateTime createdAt) {
    }

    private final PetitionProperties props;
    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final Alerts alerts;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PetitionAttachments(PetitionProperties props, JdbcClient jdbc, DisputeRegistry registry, Alerts alerts,
            Clock clock) {
        this.props = props;
        this.jdbc = jdbc;
        this.registry = registry;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** One round: new items' fj[] become rows, expired leases return, due rows are fetched. */
    synchronized void round() {
        scanNewItems();
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("update petition_attachment set status = 'PENDING', lease_until = null "
                + "where status = 'DOWNLOADING' and lease_until < :now").param("now", now).update();
        if (blank(props.outboundAppSecret())) {
            return; // no hub → petition credentials yet: rows wait (the same rule as the feedback sender)
        }
        for (Row r : due(now)) {
            if (claim(r, now)) {
                fetch(r);
            }
        }
    }

    void scanNewItems() {
        record Item(String xfjbh, String tjgzh, String body, OffsetDateTime receivedAt) {
        }
        List<Item> items = jdbc.sql("select xfjbh, tjgzh, body, received_at from petition_item "
                + "where attachments_scanned = false order by received_at limit 100")
                .query((rs, n) -> new Item(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class))).list();
        for (Item it : items) {
            JsonNode fj;
            try {
                fj = mapper.readTree(it.body()).path("fj");
            } catch (IOException e) {
                fj = mapper.createArrayNode(); // the stored body passed validation; never expected
            }
            int seq = 0;
            for (JsonNode f : fj) {
                seq++;
                jdbc.sql("""
                        insert into petition_attachment (xfjbh, seq, dispute_id, file_name, content_type, size_bytes,
                          url, sha256, status, next_attempt_at, created_at)
                        values (:x, :s, :d, :name, :type, :size, :url, :sha, 'PENDING', :now, :created)""")
                        .param("x", it.xfjbh()).param("s", seq).param("d", it.tjgzh())
                        .param("name", f.path("wjm").asText()).param("type", f.path("wjlx").asText())
                        .param("size", f.path("wjdx").asLong()).param("url", f.path("xzdz").asText())
                        .param("sha", f.path("sha256").asText()).param("now", OffsetDateTime.now(clock))
                        .param("created", it.receivedAt()).update();
            }
            jdbc.sql("update petition_item set attachments_scanned = true where xfjbh = :x").param("x", it.xfjbh())
                    .update();
        }
    }

    private List<Row> due(OffsetDateTime now) {
        return jdbc.sql("""
                select xfjbh, seq, dispute_id, content_type, size_bytes, url, sha256, attempts, created_at
                from petition_attachment where status = 'PENDING' and next_attempt_at <= :now
                order by next_attempt_at limit 20""").param("now", now)
                .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                        rs.getObject(9, OffsetDateTime.class))).list();
    }

    private boolean claim(Row r, OffsetDateTime now) {
        return jdbc.sql("update petition_attachment set status = 'DOWNLOADING', lease_until = :until "
                + "where xfjbh = :x and seq = :s and status = 'PENDING'").param("until", now.plus(LEASE))
                .param("x", r.xfjbh()).param("s", r.seq()).update() == 1;
    }

    /** Whether the URL may be fetched at all: under {petitionBase}/xf/api/v1/files/, no query, no dot segments. */
    boolean allowed(String url) {
        String prefix = props.baseUrl() + "/xf/api/v1/files/";
        if (url == null || !url.startsWith(prefix) || url.length() == prefix.length()) {
            return false;
        }
        String rest = url.substring(prefix.length());
        return !rest.contains("?") && !rest.contains("#") && !rest.contains("/") && !rest.contains("..")
                && !rest.contains("%") && !rest.contains("\\");
    }

    private void fetch(Row r) {
        if (!allowed(r.url())) {
            finish(r, "FAILED", null, "URL outside {petitionBase}/xf/api/v1/files/ — not fetched");
            alerts.raise("WARN", "PETITION_ATTACHMENT_REFUSED", PetitionIntake.AGENCY, r.disputeId(), "attachment "
                    + r.seq() + " of " + r.xfjbh() + " has a download URL outside the petition system's file path; "
                    + "not fetched (§5.5)");
            return;
        }
        if (!EXTENSIONS.containsKey(r.contentType()) || r.size() < 1 || r.size() > MAX_SIZE) {
            finish(r, "FAILED", null, "type or size outside §5.5");
            return;
        }
        URI uri = URI.create(r.url());
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        byte[] empty = new byte[0];
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header(PetitionSignature.APP_KEY, props.outboundAppKey())
                .header(PetitionSignature.TIMESTAMP, ts)
                .header(PetitionSignature.NONCE, nonce)
                .header(PetitionSignature.SIGNATURE, PetitionSignature.sign(props.outboundAppSecret(), "GET",
                        uri.getRawPath(), ts, nonce, empty))
                .GET().build();
        try {
            HttpResponse<InputStream> answer = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            int status = answer.statusCode();
            try (InputStream in = answer.body()) {
                if (status == 200) {
                    store(r, in);
                } else if (status == 429 || status >= 500) {
                    retry(r, "HTTP " + status);
                } else {
                    finish(r, "FAILED", null, "HTTP " + status);
                    alerts.raise("WARN", "PETITION_ATTACHMENT_FAILED", PetitionIntake.AGENCY, r.disputeId(),
                            "attachment " + r.seq() + " of " + r.xfjbh() + " answered HTTP " + status
                                    + "; not retried (§5.5)");
                }
            }
        } catch (IOException e) {
            retry(r, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retry(r, "interrupted");
        }
    }

    private void store(Row r, InputStream in) throws IOException {
        Path dir = Path.of(props.attachmentsDir()).resolve(r.xfjbh());
        Files.createDirectories(dir);
        Path tmp = dir.resolve(r.seq() + ".part");
        MessageDigest sha = sha256();
        long size = 0;
        try (var out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                size += n;
                if (size > r.size()) {
                    break; // longer than announced: no need to read on
                }
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (size != r.size() || !digest.equals(r.sha256())) {
            Files.deleteIfExists(tmp);
            // §5.5: "must discard a file whose SHA-256 differs"
            finish(r, "DISCARDED", null, size != r.size() ? "size " + size + " ≠ wjdx" : "SHA-256 differs");
            registry.addTimeline(r.disputeId(), OffsetDateTime.now(clock), "PETITION_ATTACHMENT_DISCARDED",
                    PetitionIntake.AGENCY, Direction.IN, "attachment " + r.seq() + " of " + r.xfjbh()
                            + " discarded: content does not match its sha256/wjdx", null);
            alerts.raise("WARN", "PETITION_ATTACHMENT_DISCARDED", PetitionIntake.AGENCY, r.disputeId(),
                    "attachment " + r.seq() + " of " + r.xfjbh() + " does not match its SHA-256/size; discarded");
            return;
        }
        Path target = dir.resolve(r.seq() + "." + EXTENSIONS.get(r.contentType()));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finish(r, "STORED", target.toString(), null);
        registry.addTimeline(r.disputeId(), OffsetDateTime.now(clock), "PETITION_ATTACHMENT_STORED",
                PetitionIntake.AGENCY, Direction.IN, "attachment " + r.seq() + " of " + r.xfjbh() + " stored ("
                        + size + " bytes, SHA-256 checked)", null);
        log.info("Petition attachment {}/{} stored ({} bytes)", r.xfjbh(), r.seq(), size);
    }

    private void retry(Row r, String error) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (now.isAfter(r.createdAt().plus(URL_VALIDITY))) {
            finish(r, "FAILED", null, "given up after 30 days: " + error);
            alerts.raise("WARN", "PETITION_ATTACHMENT_FAILED", PetitionIntake.AGENCY, r.disputeId(), "attachment "
                    + r.seq() + " of " + r.xfjbh() + " could not be fetched while its URL was valid (" + error + ")");
            return;
        }
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(r.attempts(), 10));
        if (delay.compareTo(MAX_BACKOFF) > 0) {
            delay = MAX_BACKOFF;
        }
        jdbc.sql("update petition_attachment set status = 'PENDING', lease_until = null, attempts = attempts + 1, "
                + "next_attempt_at = :next, last_error = :err where xfjbh = :x and seq = :s")
                .param("next", now.plus(delay)).param("err", error).param("x", r.xfjbh()).param("s", r.seq())
                .update();
        log.warn("Petition attachment {}/{} not fetched ({}); next attempt in {}", r.xfjbh(), r.seq(), error, delay);
    }

    private void finish(Row r, String status, String path, String error) {
        jdbc.sql("update petition_attachment set status = :st, lease_until = null, attempts = attempts + 1, "
                + "stored_path = :p, last_error = :err, finished_at = :now where xfjbh = :x and seq = :s")
                .param("st", status).param("p", path).param("err", error).param("now", OffsetDateTime.now(clock))
                .param("x", r.xfjbh()).param("s", r.seq()).update();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "SHA-256 unavailable");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
