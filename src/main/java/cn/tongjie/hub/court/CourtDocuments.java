package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Documents an operator adds for an application or a transfer (table court_document). The hub computes the SHA-256
 * itself, so what it declares in {@code sha256}/{@code sizeBytes} always matches the content it sends (contract §6.5:
 * a mismatch is ATTACHMENT_HASH_MISMATCH at the court).
 */
@Component
public class CourtDocuments {

    /** Contract §3: decoded attachment content ≤ 1 MiB. */
    public static final int MAX_CONTENT = 1_048_576;
    static final Set<String> MIME_TYPES = Set.of("application/pdf", "application/ofd", "image/jpeg", "image/png",
            "image/tiff");

    /** Metadata and content of one stored document. */
    public record Document(long id, String disputeId, String objectId, String purpose, String docType, String title,
            String fileName, String mimeType, byte[] content, String sha256, String addedBy, OffsetDateTime addedAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    CourtDocuments(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Checks what the court would refuse (§6.5) before storing; returns the new document's id. */
    public long add(String disputeId, String objectId, String purpose, String docType, String title, String fileName,
            String mimeType, byte[] content, String actor) {
        if (content == null || content.length == 0 || content.length > MAX_CONTENT) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "content must be 1 byte to 1 MiB (contract §3)");
        }
        if (title == null || title.isBlank() || title.codePointCount(0, title.length()) > 200) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "title must be 1–200 characters");
        }
        if (fileName == null || fileName.isBlank() || fileName.codePointCount(0, fileName.length()) > 120
                || fileName.matches(".*[/\\\\:*?\"<>|].*")) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID,
                    "fileName must be 1–120 characters without / \\ : * ? \" < > |");
        }
        if (!MIME_TYPES.contains(mimeType)) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "mimeType must be one of " + MIME_TYPES);
        }
        jdbc.sql("insert into court_document (dispute_id, object_id, purpose, doc_type, title, file_name, "
                + "mime_type, content, sha256, added_by, added_at) values (:d, :o, :p, :t, :title, :f, :m, :c, :h, :by, "
                + ":at)")
                .param("d", disputeId).param("o", objectId).param("p", purpose).param("t", docType)
                .param("title", title).param("f", fileName).param("m", mimeType).param("c", content)
                .param("h", sha256(content)).param("by", actor).param("at", OffsetDateTime.now(clock)).update();
        return lastId(objectId);
    }

    private long lastId(String objectId) {
        return jdbc.sql("select max(id) from court_document where object_id = :o").param("o", objectId)
                .query(Long.class).single();
    }

    /** The documents of one application or transfer, in the order they were added. */
    public List<Document> of(String objectId) {
        return jdbc.sql("select * from court_document where object_id = :o order by id").param("o", objectId)
                .query((rs, n) -> new Document(rs.getLong("id"), rs.getString("dispute_id"), rs.getString("object_id"),
                        rs.getString("purpose"), rs.getString("doc_type"), rs.getString("title"),
                        rs.getString("file_name"), rs.getString("mime_type"), rs.getBytes("content"),
                        rs.getString("sha256"), rs.getString("added_by"),
                        rs.getObject("added_at", OffsetDateTime.class)))
                .list();
    }

    /** Lower-case hex SHA-256, as the contract writes it. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no SHA-256", e);
        }
    }
}
