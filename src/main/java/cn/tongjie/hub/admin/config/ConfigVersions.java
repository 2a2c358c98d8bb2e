package cn.tongjie.hub.admin.config;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The kept versions of each configuration document (table config_version, V19). */
@Repository
class ConfigVersions {

    /** One stored version; {@code content} is null in listings. */
    record Version(String doc, int version, String content, String sha256, String author, String comment,
            OffsetDateTime createdAt, boolean active, String activatedBy, OffsetDateTime activatedAt) {
    }

    private final JdbcClient jdbc;

    ConfigVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Version> active(String doc) {
        return jdbc.sql("select * from config_version where doc = :d and active = true").param("d", doc)
                .query((rs, n) -> row(rs, true)).optional();
    }

    Optional<Version> find(String doc, int version) {
        return jdbc.sql("select * from config_version where doc = :d and version = :v").param("d", doc)
                .param("v", version).query((rs, n) -> row(rs, true)).optional();
    }

    /** Newest first, without content. */
    List<Version> list(String doc) {
        return jdbc.sql("select * from config_version where doc = :d order by version desc").param("d", doc)
                .query((rs, n) -> row(rs, false)).list();
    }

    /** Stores a new version and makes it the only active one (caller holds the transaction). */
    Version addActive(String doc, String content, String sha, String author, String comment, OffsetDateTime at) {
        int next = jdbc.sql("select coalesce(max(version), 0) + 1 from config_version where doc = :d").param("d", doc)
                .query(Integer.class).single();
        activate(doc, -1, author, at);
        jdbc.sql("""
                insert into config_version (doc, version, content, sha256, author, comment, created_at, active,
                                            activated_by, activated_at)
                values (:d, :v, :c, :s, :a, :m, :t, true, :a, :t)""")
                .param("d", doc).param("v", next).param("c", content).param("s", sha).param("a", author)
                .param("m", comment).param("t", at).update();
        return find(doc, next).orElseThrow();
    }

    /**
     * Marks {@code version} active and every other version of the doc inactive (-1: none active), recording who
     * activated it.
     */
    void activate(String doc, int version, String by, OffsetDateTime at) {
        jdbc.sql("update config_version set active = (version = :v) where doc = :d").param("d", doc)
                .param("v", version).update();
        jdbc.sql("update config_version set activated_by = :b, activated_at = :t where doc = :d and version = :v")
                .param("d", doc).param("v", version).param("b", by).param("t", at).update();
    }

    private static Version row(java.sql.ResultSet rs, boolean withContent) throws java.sql.SQLException {
        return new Version(rs.getString("doc"), rs.getInt("version"), withContent ? rs.getString("content") : null,
                rs.getString("sha256"), rs.getString("author"), rs.getString("comment"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getBoolean("active"), rs.getString("activated_by"),
                rs.getObject("activated_at", OffsetDateTime.class));
    }
}
