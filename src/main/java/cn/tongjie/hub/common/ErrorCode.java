package cn.tongjie.hub.common;

/**
 * Every error the hub raises, with a stable code. Codes never change meaning once released; operators search logs and
 * alerts by them. Agency contract codes (e.g. police CHECK_DIGIT) are reported in the agency's own words in the
 * agency's answer; these codes name the hub-internal condition.
 */
public enum ErrorCode {
    /** An inbound record failed its contract's validation and was quarantined. */
    TJ_INBOUND_INVALID("TJ-1001", "inbound record violates its contract"),
    /** A credential presented to an inbound endpoint is missing or wrong. */
    TJ_UNAUTHORIZED("TJ-1002", "missing or wrong credentials"),
    /** A repeated business id came with different content. */
    TJ_DUPLICATE_CONFLICT("TJ-1003", "same id with different content"),
    /** A mapping file is missing, does not compile or produced output its target schema rejects. */
    TJ_MAPPING_FAILED("TJ-2001", "mapping failed"),
    /** A configuration file (routing rules, sharing policy ...) is invalid; the previous one stays in force. */
    TJ_CONFIG_INVALID("TJ-2002", "configuration invalid"),
    /** No routing rule matched and no default target is configured. */
    TJ_NO_ROUTE("TJ-2003", "no routing target"),
    /** An agency system answered with an error that retrying cannot fix (4xx other than the contract's retryable ones). */
    TJ_AGENCY_REJECTED("TJ-3001", "agency rejected the request"),
    /** An agency system is unreachable or answered a retryable error; delivery will be retried. */
    TJ_AGENCY_UNAVAILABLE("TJ-3002", "agency temporarily unavailable"),
    /** A state transition the contract forbids was requested (e.g. feedback after a final code). */
    TJ_ILLEGAL_STATE("TJ-4001", "illegal state transition"),
    // --- operations API: maintenance mode, indicators (docs/operations-api.md)
    /** POST /api/admin/maintenance without "on", or switching on without a reason. */
    TJ_MAINTENANCE_REQUEST_INVALID("TJ-6601", "maintenance request invalid"),
    /** GET /api/admin/indicators with an unreadable period, from after to, or an unknown region. */
    TJ_INDICATORS_REQUEST_INVALID("TJ-6602", "indicators request invalid"),
    /** The population table (config/population.yaml) is missing or unreadable. */
    TJ_POPULATION_CONFIG_INVALID("TJ-6603", "population configuration invalid"),
    // --- correlation (cross-channel correlation and its undo)
    /** The dispute does not carry the report named for an undo, or the report was not attached by correlation. */
    TJ_CORRELATION_UNKNOWN("TJ-4101", "no such correlated report on this dispute"),
    /** The correlation cannot be undone in the dispute's state (already undone, the report is the dispute's origin). */
    TJ_CORRELATION_NOT_UNDOABLE("TJ-4102", "correlation cannot be undone"),
    // --- operations console (issue 6: quarantine repair, routes) ---
    /** The console named something that does not exist (quarantine entry, route). */
    TJ_CONSOLE_NOT_FOUND("TJ-6101", "no such object"),
    /** The action does not fit the object's state (entry already resolved, no replay path for its source). */
    TJ_CONSOLE_CONFLICT("TJ-6102", "action not possible in this state"),
    // configuration management (issue 6, console 配置 page, docs/operations-api.md)
    /** No such configuration document or version. */
    TJ_CONFIG_UNKNOWN("TJ-6201", "unknown configuration document or version"),
    /** The document's location is not a writable file (e.g. a classpath: location) or writing it failed. */
    TJ_CONFIG_NOT_WRITABLE("TJ-6202", "configuration location not writable"),
    // early warning (issue 5)
    /** The early-warning rules file is missing or invalid; the running rules stay. */
    TJ_EARLY_WARNING_RULES_INVALID("TJ-5001", "early-warning rules invalid"),
    /** A demo credential was configured outside demo mode. */
    TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO("TJ-9001", "demo credential outside demo mode"),
    /** Anything unexpected; always a bug to investigate. */
    TJ_INTERNAL("TJ-9999", "internal error");

    private final String code;
    private final String description;

    ErrorCode(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
