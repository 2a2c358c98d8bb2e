package cn.tongjie.hub.court;

/**
 * The contract's result codes (connectors/court/codes/result-codes.csv): SOAP faults and REJECTED receipt reasons, with
 * the faultcode and HTTP status each one travels with. {@code CourtResultCodeTest} keeps this enum equal to the CSV.
 * "retryable" is true for codes the sender retries ({@code yes} or {@code once} in the CSV).
 */
public enum CourtResultCode {
    /** request is not well-formed XML (or is empty) */
    MALFORMED_XML(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** request contains a DOCTYPE / DTD / entity declaration or a processing instruction (SOAP 1.1 forbids them); never expanded or resolved */
    XML_FORBIDDEN(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** request is not UTF-8 (XML declaration or Content-Type charset names another encoding) */
    ENCODING_UNSUPPORTED(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** root element is not a SOAP 1.1 Envelope (e.g. SOAP 1.2 namespace) */
    VERSION_MISMATCH(Channel.FAULT, FaultCode.VERSION_MISMATCH, 500, false),
    /** a header block other than wsse:Security carries soap:mustUnderstand=1 */
    MUST_UNDERSTAND(Channel.FAULT, FaultCode.MUST_UNDERSTAND, 500, false),
    /** wsse:Security missing or not exactly one; Timestamp / UsernameToken / Nonce / Created missing; PasswordText used; Created not UTC 'Z' form; Nonce not 16-64 bytes */
    SECURITY_HEADER_INVALID(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** Timestamp expired, Created too old (>300 s) or too far in the future (>60 s), Expires - Created > 300 s or Expires <= Created */
    TIMESTAMP_INVALID(Channel.FAULT, FaultCode.CLIENT, 500, true),
    /** unknown username or PasswordDigest does not verify */
    AUTH_FAILED(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** the (username; Nonce) pair was already seen within the replay window (600 s) */
    NONCE_REPLAYED(Channel.FAULT, FaultCode.CLIENT, 500, true),
    /** Body does not hold exactly one request element of this service, or the element is invalid against court-docking-v1.xsd, or a non-empty SOAPAction names another operation */
    SCHEMA_INVALID(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** courtCode in the body is not the authenticated court (court -> hub) / not the receiving court (hub -> court) */
    NOT_AUTHORIZED(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** the messageId or the operation's business key was already used for different content */
    DUPLICATE_CONFLICT(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** ID_CARD number fails GB 11643 (format, date, check char) or USCC fails GB 32100 (incl. GB 11714 org-code check) */
    INVALID_ID_NUMBER(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** a code matches the XSD pattern but is not in its code list (cause of action; ethnicity) */
    INVALID_CODE(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** a cross-field or value rule in README 'Validation rules' is violated */
    INVALID_VALUE(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** LEGACY_PREFILING with delegatedAt on/after 2025-01-01T00:00:00+08:00, or POST_FILING before it */
    REGIME_NOT_ALLOWED(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** DelegateMediation whose dueAt is not later than the hub's receipt time */
    DEADLINE_PASSED(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** ExtendDelegation with consentRecorded=false */
    CONSENT_REQUIRED(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** inline/MTOM content of one attachment exceeds 1048576 bytes (decoded) */
    ATTACHMENT_TOO_LARGE(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** content present but its length differs from sizeBytes or its SHA-256 from sha256 */
    ATTACHMENT_HASH_MISMATCH(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** delegationId unknown to the receiver for this court */
    UNKNOWN_DELEGATION(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** NotifyCaseFiled for a transferId the hub never sent to this court (or that the court did not accept) */
    UNKNOWN_TRANSFER(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** NotifyJudicialConfirmation for an applicationId the hub never sent to this court (or that the court did not accept) */
    UNKNOWN_APPLICATION(Channel.FAULT, FaultCode.CLIENT, 500, false),
    /** receiver temporarily unavailable (maintenance window */
    SERVICE_UNAVAILABLE(Channel.FAULT, FaultCode.SERVER, 503, true),
    /** unexpected receiver error; nothing was recorded */
    INTERNAL_ERROR(Channel.FAULT, FaultCode.SERVER, 500, true),
    /** the delegation is already closed: withdrawn, declined, result reported, or (legacy) filed */
    DELEGATION_CLOSED(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** ExtendDelegation received after the current dueAt */
    DELEGATION_EXPIRED(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** newDueAt is not later than the current dueAt */
    EXTENSION_NOT_LATER(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** newDueAt is later than the ORIGINAL dueAt + 30 days (P30D) */
    EXTENSION_LIMIT_EXCEEDED(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** operation does not apply to this object: NotifyCaseFiled by delegationId for a POST_FILING delegation (hub); ApplyJudicialConfirmation for a POST_FILING delegation or for cause 0101 离婚纠纷 (court) */
    NOT_APPLICABLE(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** a different AcknowledgeDelegation for this delegation was already received */
    ALREADY_ACKNOWLEDGED(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** a different ReportMediationResult for this delegation was already received */
    RESULT_ALREADY_REPORTED(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** SUCCESS/FAILURE/WITHDRAWN with concludedAt later than the effective dueAt */
    RESULT_AFTER_DUE(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** TIMEOUT received before the effective dueAt has passed */
    TIMEOUT_PREMATURE(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** ApplyJudicialConfirmation received more than 30 days after agreementDate */
    APPLICATION_TOO_LATE(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** a different message with the same applicationId was already received */
    DUPLICATE_APPLICATION(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** a different message with the same transferId was already received */
    DUPLICATE_TRANSFER(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** required documents missing or without content: COMPLAINT for TransferForFiling; AGREEMENT and JC_APPLICATION for ApplyJudicialConfirmation */
    MATERIALS_INCOMPLETE(Channel.RECEIPT, FaultCode.NONE, 200, false),
    /** the receiving court is not competent (see README 'Which court') */
    NO_JURISDICTION(Channel.RECEIPT, FaultCode.NONE, 200, false);

    /** Whether the code is a fault or a receipt reason. */
    public enum Channel { FAULT, RECEIPT }

    /** SOAP 1.1 faultcode local name (prefix soap: bound to the SOAP 1.1 envelope namespace), NONE for receipts. */
    public enum FaultCode {
        CLIENT("Client"), SERVER("Server"), VERSION_MISMATCH("VersionMismatch"), MUST_UNDERSTAND("MustUnderstand"),
        NONE("");

        private final String localName;

        FaultCode(String localName) {
            this.localName = localName;
        }

        public String localName() {
            return localName;
        }
    }

    private final Channel channel;
    private final FaultCode faultCode;
    private final int httpStatus;
    private final boolean retryable;

    CourtResultCode(Channel channel, FaultCode faultCode, int httpStatus, boolean retryable) {
        this.channel = channel;
        this.faultCode = faultCode;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    public Channel channel() {
        return channel;
    }

    public FaultCode faultCode() {
        return faultCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
