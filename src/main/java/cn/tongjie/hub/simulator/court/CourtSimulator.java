package cn.tongjie.hub.simulator.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.IdNumbers;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import tongliao.court.docking.v1.AckDecisionType;
import tongliao.court.docking.v1.AcknowledgeDelegationType;
import tongliao.court.docking.v1.AgentType;
import tongliao.court.docking.v1.ApplicantType;
import tongliao.court.docking.v1.ApplyJudicialConfirmationType;
import tongliao.court.docking.v1.AttachmentType;
import tongliao.court.docking.v1.AttachmentsType;
import tongliao.court.docking.v1.DocTypeType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.LegalRepresentativeType;
import tongliao.court.docking.v1.MediationOrgType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.ObjectFactory;
import tongliao.court.docking.v1.PartyRoleType;
import tongliao.court.docking.v1.PartyType;
import tongliao.court.docking.v1.PersonTypeType;
import tongliao.court.docking.v1.ReceiptStatusType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.ReportMediationResultType;
import tongliao.court.docking.v1.TransferForFilingType;

/**
 * The simulated courts' platform: what each court remembers (its delegations, acknowledgements, results,
 * applications, transfers, the messages it recorded) and the checks of contract §8 it applies to the hub's
 * CourtIntake messages. It implements the court's contract, not the hub's view of it: nothing from
 * cn.tongjie.hub.court is used, so a mismatch between the hub and the contract shows up here.
 */
public class CourtSimulator {

    /** Court area by court code (codes/court-codes.csv region_codes): first 6 digits of a regionCode. */
    static final Map<String, Set<String>> AREAS = Map.of("内05", Set.of("150500"), "内0502", Set.of("150502", "150571"),
            "内0521", Set.of("150521"), "内0522", Set.of("150522"), "内0523", Set.of("150523"),
            "内0524", Set.of("150524"), "内0525", Set.of("150525"), "内0526", Set.of("150526"),
            "内0581", Set.of("150581"));
    /** The contract's cause-of-action table (§17): the court's own list. */
    static final Set<String> CAUSES = Set.of("0101", "0102", "0103", "0104", "0105", "0201", "0202", "0203", "0301",
            "0302", "0303", "0304", "0305", "0306", "0307", "0401", "0402", "0403", "0501", "0502", "0503", "0504",
            "0505", "9999");
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final JAXBContext JAXB = jaxb();
    private static final DatatypeFactory DATATYPES = datatypes();

    /** A delegation as the court knows it. */
    static final class SimDelegation {
        final String regime;
        final OffsetDateTime originalDueAt;
        OffsetDateTime dueAt;
        String closedBy;        // null (open) | DECLINED | WITHDRAWN | FILED | RESULT
        String ackDecision;
        String resultType;

        SimDelegation(String regime, OffsetDateTime dueAt) {
            this.regime = regime;
            this.originalDueAt = dueAt;
            this.dueAt = dueAt;
        }
    }

    private record Recorded(String fingerprint, ReceiptType receipt) {
    }

    private final Clock clock;
    private final CourtSimulatorLog log = new CourtSimulatorLog();
    private final Map<String, SimDelegation> delegations = new HashMap<>();
    private final Map<String, Recorded> messages = new HashMap<>();
    private final Map<String, String> applications = new HashMap<>();
    private final Map<String, String> transfers = new HashMap<>();
    private final Map<String, String> hubPasswords = new ConcurrentHashMap<>();
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private volatile boolean down;
    private int forcedSecurityFaults;
    private String forcedSecurityCode;
    private long receiptSeq;

    public CourtSimulator(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ test/demo API

    public CourtSimulatorLog log() {
        return log;
    }

    /** Outage switch: while down every request gets HTTP 503 without a SOAP body (the gateway is gone). */
    public void setDown(boolean down) {
        this.down = down;
    }

    public boolean isDown() {
        return down;
    }

    /**
     * The password this court expects from tongjie-hub (default: the contract's sample "Tj2court-&lt;digits&gt;!sample").
     * A test sets another one to play a court that rotated the hub's password.
     */
    public void setHubPassword(String courtDigits, String password) {
        if (password == null) {
            hubPasswords.remove(courtDigits);
        } else {
            hubPasswords.put(courtDigits, password);
        }
    }

    /**
     * The next {@code count} requests whose security header verified get {@code code} (TIMESTAMP_INVALID or
     * NONCE_REPLAYED) instead: plays a court whose clock drifted, for the hub's retry-at-once rule (contract §11).
     */
    public synchronized void failNextSecurityChecks(int count, String code) {
        forcedSecurityFaults = count;
        forcedSecurityCode = code;
    }

    synchronized String takeForcedSecurityFault() {
        if (forcedSecurityFaults <= 0) {
            return null;
        }
        forcedSecurityFaults--;
        return forcedSecurityCode;
    }

    String hubPassword(String courtDigits) {
        return hubPasswords.getOrDefault(courtDigits, "Tj2court-" + courtDigits + "!sample");
    }

    /** The court delegated this (the demo driver does it after its DelegateMediation was accepted; tests directly). */
    public synchronized void registerDelegation(String courtCode, String delegationId, String regime,
            OffsetDateTime dueAt) {
        delegations.put(courtCode + "|" + delegationId, new SimDelegation(regime, dueAt));
    }

    /** The court accepted an extension (demo driver). */
    public synchronized void extendDelegation(String courtCode, String delegationId, OffsetDateTime newDueAt) {
        SimDelegation d = delegations.get(courtCode + "|" + delegationId);
        if (d != null) {
            d.dueAt = newDueAt;
        }
    }

    /** Open delegations of a court (demo driver picks one to extend). */
    public synchronized List<String> openDelegations(String courtCode) {
        return delegations.entrySet().stream()
                .filter(e -> e.getKey().startsWith(courtCode + "|") && e.getValue().closedBy == null)
                .map(e -> e.getKey().substring(courtCode.length() + 1)).toList();
    }

    /** How the court sees a delegation now: OPEN or CLOSED(&lt;reason&gt;), ack and result; null if unknown. */
    public synchronized String delegationState(String courtCode, String delegationId) {
        SimDelegation d = delegations.get(courtCode + "|" + delegationId);
        return d == null ? null : (d.closedBy == null ? "OPEN" : "CLOSED(" + d.closedBy + ")") + " ack="
                + d.ackDecision + " result=" + d.resultType;
    }

    /** Forgets everything (tests). */
    public synchronized void reset() {
        delegations.clear();
        messages.clear();
        applications.clear();
        transfers.clear();
        hubPasswords.clear();
        nonces.clear();
        log.clear();
        down = false;
        forcedSecurityFaults = 0;
    }

    /**
     * Replay memory (contract §4), the simulator's in-memory {@link cn.tongjie.hub.common.WsSecurityVerifier.NonceStore}:
     * true if the nonce is new, and remembers it until {@code expiresAt}.
     */
    boolean rememberNonce(String username, String nonce, Instant expiresAt) {
        Instant now = clock.instant();
        nonces.values().removeIf(until -> until.isBefore(now));
        return nonces.putIfAbsent(username + "|" + nonce, expiresAt) == null;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(BEIJING);
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /**
     * Everything after security and schema (contract §10 steps 12–15, court side §8, §12): authorisation, dedup by
     * messageId, the operation's checks. Returns the receipt or throws a {@link SimFaults.CodedFault}.
     */
    public synchronized ReceiptType receive(String courtCode, Object request) {
        String op = operationOf(request);
        Header h = header(request);
        if (!courtCode.equals(h.courtCode())) {
            throw SimFaults.fault("NOT_AUTHORIZED", "courtCode 不是本院", "/" + op + "/courtCode");
        }
        String fingerprint = fingerprint(op, request);
        Recorded previous = messages.get(courtCode + "|" + h.messageId());
        if (previous != null) {
            if (previous.fingerprint().equals(fingerprint)) {
                return previous.receipt();
            }
            throw SimFaults.fault("DUPLICATE_CONFLICT", "messageId 已用于不同内容", "/" + op + "/messageId");
        }
        ReceiptType receipt;
        if (request instanceof AcknowledgeDelegationType a) {
            receipt = acknowledge(courtCode, a);
        } else if (request instanceof ReportMediationResultType r) {
            receipt = report(courtCode, r);
        } else if (request instanceof ApplyJudicialConfirmationType j) {
            receipt = apply(courtCode, j);
        } else {
            receipt = transfer(courtCode, (TransferForFilingType) request);
        }
        receipt.setMessageId(h.messageId());
        messages.put(courtCode + "|" + h.messageId(), new Recorded(fingerprint, receipt));
        return receipt;
    }

    private ReceiptType acknowledge(String court, AcknowledgeDelegationType a) {
        SimDelegation d = known(court, a.getDelegationId(), "/AcknowledgeDelegation/delegationId");
        boolean accepted = a.getDecision() == AckDecisionType.ACCEPTED;
        boolean presence = accepted
                ? a.getMediationOrg() != null && between(a.getMediator().size(), 1, 5)
                        && a.getDeclineReasonCode() == null && a.getDeclineReasonText() == null
                : a.getMediationOrg() == null && a.getMediator().isEmpty() && a.getDeclineReasonCode() != null;
        if (!presence) {
            throw SimFaults.fault("INVALID_VALUE", "decision 与相关字段不一致", "/AcknowledgeDelegation/decision");
        }
        if (d.ackDecision != null) {
            return rejected("ALREADY_ACKNOWLEDGED", "/AcknowledgeDelegation/delegationId");
        }
        if (d.closedBy != null) {
            return rejected("DELEGATION_CLOSED", "/AcknowledgeDelegation/delegationId");
        }
        d.ackDecision = a.getDecision().value();
        if (!accepted) {
            d.closedBy = "DECLINED";
        }
        return accepted();
    }

    private ReceiptType report(String court, ReportMediationResultType r) {
        SimDelegation d = known(court, r.getDelegationId(), "/ReportMediationResult/delegationId");
        MediationResultTypeType t = r.getResultType();
        boolean timeout = t == MediationResultTypeType.TIMEOUT;
        boolean presence = (timeout ? r.getMediator().size() <= 5
                        : r.getMediationOrg() != null && between(r.getMediator().size(), 1, 5))
                && (t == MediationResultTypeType.SUCCESS) == (r.getAgreement() != null)
                && (t == MediationResultTypeType.FAILURE) == (r.getFailureReasonCode() != null)
                && (t == MediationResultTypeType.FAILURE || r.getFailureReasonText() == null)
                && (t == MediationResultTypeType.WITHDRAWN) == (r.getWithdrawnByRole() != null);
        if (!presence) {
            throw SimFaults.fault("INVALID_VALUE", "resultType 与相关字段不一致", "/ReportMediationResult/resultType");
        }
        OffsetDateTime concludedAt = instant(r.getConcludedAt());
        if (timeout && !concludedAt.isEqual(d.dueAt)) {
            throw SimFaults.fault("INVALID_VALUE", "TIMEOUT 的 concludedAt 必须等于调解期限届满时间",
                    "/ReportMediationResult/concludedAt");
        }
        attachments(r.getAttachments(), "/ReportMediationResult");
        if (d.closedBy != null && !"RESULT".equals(d.closedBy)) {
            return rejected("DELEGATION_CLOSED", "/ReportMediationResult/delegationId");
        }
        if (d.resultType != null) {
            return rejected("RESULT_ALREADY_REPORTED", "/ReportMediationResult/delegationId");
        }
        if (!timeout && concludedAt.isAfter(d.dueAt)) {
            return rejected("RESULT_AFTER_DUE", "/ReportMediationResult/concludedAt");
        }
        if (timeout && !now().isAfter(d.dueAt)) {
            return rejected("TIMEOUT_PREMATURE", "/ReportMediationResult/resultType");
        }
        d.resultType = t.value();
        d.closedBy = "RESULT";
        return accepted();
    }

    private ReceiptType apply(String court, ApplyJudicialConfirmationType j) {
        String p = "/ApplyJudicialConfirmation";
        cause(j.getCauseOfAction() == null ? null : j.getCauseOfAction().getCode(), p);
        List<ApplicantType> applicants = j.getApplicants() == null ? List.of() : j.getApplicants().getApplicant();
        Set<Integer> seqs = new HashSet<>();
        for (int i = 0; i < applicants.size(); i++) {
            ApplicantType a = applicants.get(i);
            person(p + "/applicants/applicant[" + (i + 1) + "]", seqs, a.getSeq(), a.getPersonType(), a.getGender(),
                    a.getEthnicity(), a.getIdType(), a.getIdNumber(), a.getBirthDate(), a.getLegalRepresentative(),
                    a.getAgent());
        }
        attachments(j.getAttachments(), p);
        SimDelegation related = null;
        if (j.getRelatedDelegationId() != null) {
            related = known(court, j.getRelatedDelegationId(), p + "/relatedDelegationId");
        }
        String previous = applications.putIfAbsent(court + "|" + j.getApplicationId(), j.getMessageId());
        if (previous != null && !previous.equals(j.getMessageId())) {
            return rejected("DUPLICATE_APPLICATION", p + "/applicationId");
        }
        if ("0101".equals(j.getCauseOfAction().getCode()) || related != null
                && (!"LEGACY_PREFILING".equals(related.regime) || !"SUCCESS".equals(related.resultType))) {
            return rejected("NOT_APPLICABLE", related != null ? p + "/relatedDelegationId" : p + "/causeOfAction/code");
        }
        if (related == null && !inArea(court, j.getMediationOrg())) {
            return rejected("NO_JURISDICTION", p + "/mediationOrg/regionCode");
        }
        if (!hasContent(j.getAttachments(), DocTypeType.AGREEMENT)
                || !hasContent(j.getAttachments(), DocTypeType.JC_APPLICATION)) {
            return rejected("MATERIALS_INCOMPLETE", p + "/attachments");
        }
        LocalDate agreementDate = LocalDate.of(j.getAgreement().getAgreementDate().getYear(),
                j.getAgreement().getAgreementDate().getMonth(), j.getAgreement().getAgreementDate().getDay());
        if (ChronoUnit.DAYS.between(agreementDate, now().toLocalDate()) > 30) {
            return rejected("APPLICATION_TOO_LATE", p + "/agreement/agreementDate");
        }
        return accepted();
    }

    private ReceiptType transfer(String court, TransferForFilingType t) {
        String p = "/TransferForFiling";
        cause(t.getCauseOfAction() == null ? null : t.getCauseOfAction().getCode(), p);
        List<PartyType> parties = t.getParties() == null ? List.of() : t.getParties().getParty();
        Set<Integer> seqs = new HashSet<>();
        for (int i = 0; i < parties.size(); i++) {
            PartyType a = parties.get(i);
            person(p + "/parties/party[" + (i + 1) + "]", seqs, a.getSeq(), a.getPersonType(), a.getGender(),
                    a.getEthnicity(), a.getIdType(), a.getIdNumber(), a.getBirthDate(), a.getLegalRepresentative(),
                    a.getAgent());
        }
        if (parties.stream().noneMatch(x -> x.getRole() == PartyRoleType.原告)
                || parties.stream().noneMatch(x -> x.getRole() == PartyRoleType.被告)) {
            throw SimFaults.fault("INVALID_VALUE", "当事人须包括原告和被告", p + "/parties");
        }
        if (!t.isPlaintiffConsent()) {
            throw SimFaults.fault("INVALID_VALUE", "原告未同意转立案", p + "/plaintiffConsent");
        }
        if (t.getMediation() != null && t.getMediation().getEndedAt() != null
                && t.getMediation().getStartedAt() != null
                && instant(t.getMediation().getEndedAt()).isBefore(instant(t.getMediation().getStartedAt()))) {
            throw SimFaults.fault("INVALID_VALUE", "调解结束时间早于开始时间", p + "/mediation/endedAt");
        }
        attachments(t.getAttachments(), p);
        String previous = transfers.putIfAbsent(court + "|" + t.getTransferId(), t.getMessageId());
        if (previous != null && !previous.equals(t.getMessageId())) {
            return rejected("DUPLICATE_TRANSFER", p + "/transferId");
        }
        if (!inArea(court, t.getMediation() == null ? null : t.getMediation().getMediationOrg())) {
            return rejected("NO_JURISDICTION", p + "/mediation/mediationOrg/regionCode");
        }
        if (!hasContent(t.getAttachments(), DocTypeType.COMPLAINT)) {
            return rejected("MATERIALS_INCOMPLETE", p + "/attachments");
        }
        return accepted();
    }

    // ------------------------------------------------------------------------------------------------ checks

    private SimDelegation known(String court, String delegationId, String field) {
        SimDelegation d = delegations.get(court + "|" + delegationId);
        if (d == null) {
            throw SimFaults.fault("UNKNOWN_DELEGATION", "本院无此委派/委托", field);
        }
        return d;
    }

    private static void cause(String code, String p) {
        if (code == null || !CAUSES.contains(code)) {
            throw SimFaults.fault("INVALID_CODE", "案由代码不在代码表中", p + "/causeOfAction/code");
        }
    }

    /** §7.1 step 5 for one party/applicant, in the contract's order. */
    private static void person(String path, Set<Integer> seqs, int seq, PersonTypeType type, String gender,
            String ethnicity, IdTypeType idType, String idNumber, XMLGregorianCalendar birthDate,
            LegalRepresentativeType rep, List<AgentType> agents) {
        if (!seqs.add(seq)) {
            throw SimFaults.fault("INVALID_VALUE", "当事人序号重复", path + "/seq");
        }
        if (ethnicity != null && !validEthnicity(ethnicity)) {
            throw SimFaults.fault("INVALID_CODE", "民族代码不在 GB 3304 中", path + "/ethnicity");
        }
        id(idType, idNumber, path + "/idNumber");
        boolean natural = type == PersonTypeType.NATURAL;
        if (!natural && (gender != null || ethnicity != null || birthDate != null)) {
            throw SimFaults.fault("INVALID_VALUE", "非自然人不得填写性别、民族、出生日期", path);
        }
        if (!natural && rep == null) {
            throw SimFaults.fault("INVALID_VALUE", "缺少法定代表人/负责人", path + "/legalRepresentative");
        }
        if (natural && rep != null) {
            throw SimFaults.fault("INVALID_VALUE", "自然人不得有法定代表人", path + "/legalRepresentative");
        }
        if (rep != null) {
            id(rep.getIdType(), rep.getIdNumber(), path + "/legalRepresentative/idNumber");
        }
        for (int i = 0; i < agents.size(); i++) {
            AgentType a = agents.get(i);
            id(a.getIdType(), a.getIdNumber(), path + "/agent[" + (i + 1) + "]/idNumber");
            if (a.getOrganizationCreditCode() != null && !IdNumbers.isValidUscc(a.getOrganizationCreditCode())) {
                throw SimFaults.fault("INVALID_ID_NUMBER", "统一社会信用代码校验位错误",
                        path + "/agent[" + (i + 1) + "]/organizationCreditCode");
            }
        }
    }

    private static void id(IdTypeType type, String number, String field) {
        if (type == null || number == null) {
            return;
        }
        boolean ok = switch (type) {
            case ID_CARD -> IdNumbers.isValidResidentId(number.endsWith("x")
                    ? number.substring(0, number.length() - 1) + "X" : number);
            case USCC -> IdNumbers.isValidUscc(number);
            default -> true;
        };
        if (!ok) {
            throw SimFaults.fault("INVALID_ID_NUMBER", "证件号码校验错误", field);
        }
    }

    private static boolean validEthnicity(String code) {
        // GB 3304: 01–56, 97 (其他), 98 (外国血统中国籍人士)
        try {
            int n = Integer.parseInt(code);
            return code.length() == 2 && (n >= 1 && n <= 56 || n == 97 || n == 98);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** §6.5: decoded content ≤ 1 MiB, length = sizeBytes, SHA-256 = sha256. */
    private static void attachments(AttachmentsType list, String p) {
        if (list == null) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.getAttachment().size(); i++) {
            AttachmentType a = list.getAttachment().get(i);
            String path = p + "/attachments/attachment[" + (i + 1) + "]";
            if (!ids.add(a.getDocId())) {
                throw SimFaults.fault("INVALID_VALUE", "docId 重复", path + "/docId");
            }
            if (a.getContent() == null) {
                continue;
            }
            byte[] bytes = bytes(a);
            if (bytes.length > 1_048_576) {
                throw SimFaults.fault("ATTACHMENT_TOO_LARGE", "附件超过 1 MiB", path + "/content");
            }
            if (bytes.length != a.getSizeBytes()) {
                throw SimFaults.fault("ATTACHMENT_HASH_MISMATCH", "附件长度与 sizeBytes 不符", path + "/sizeBytes");
            }
            if (!sha256(bytes).equals(a.getSha256())) {
                throw SimFaults.fault("ATTACHMENT_HASH_MISMATCH", "附件 SHA-256 不符", path + "/sha256");
            }
        }
    }

    private static boolean hasContent(AttachmentsType list, DocTypeType type) {
        return list != null && list.getAttachment().stream()
                .anyMatch(a -> a.getDocType() == type && a.getContent() != null);
    }

    private static boolean inArea(String court, MediationOrgType org) {
        String region = org == null ? null : org.getRegionCode();
        if (region == null || region.length() < 6) {
            return false;
        }
        String county = region.substring(0, 6);
        // a city-level code (1505 00) names no basic court (§15)
        return !county.endsWith("00") && AREAS.getOrDefault(court, Set.of()).contains(county);
    }

    // ------------------------------------------------------------------------------------------------ receipts

    private ReceiptType accepted() {
        ReceiptType r = receipt();
        r.setStatus(ReceiptStatusType.ACCEPTED);
        return r;
    }

    private ReceiptType rejected(String code, String field) {
        ReceiptType r = receipt();
        r.setStatus(ReceiptStatusType.REJECTED);
        r.setReasonCode(code);
        r.setReasonText("法院平台拒绝：" + code);
        r.setField(field);
        return r;
    }

    private ReceiptType receipt() {
        ReceiptType r = new ReceiptType();
        r.setReceiptId(String.format("SIMRCPT%08d", ++receiptSeq));
        OffsetDateTime n = now().truncatedTo(ChronoUnit.SECONDS);
        r.setReceivedAt(DATATYPES.newXMLGregorianCalendar(n.getYear(), n.getMonthValue(), n.getDayOfMonth(),
                n.getHour(), n.getMinute(), n.getSecond(), DatatypeConstants.FIELD_UNDEFINED, 8 * 60));
        return r;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Header(String messageId, String courtCode) {
    }

    private static Header header(Object request) {
        if (request instanceof AcknowledgeDelegationType a) {
            return new Header(a.getMessageId(), code(a.getCourtCode()));
        } else if (request instanceof ReportMediationResultType a) {
            return new Header(a.getMessageId(), code(a.getCourtCode()));
        } else if (request instanceof ApplyJudicialConfirmationType a) {
            return new Header(a.getMessageId(), code(a.getCourtCode()));
        } else if (request instanceof TransferForFilingType a) {
            return new Header(a.getMessageId(), code(a.getCourtCode()));
        }
        throw SimFaults.fault("SCHEMA_INVALID", "未知请求", null);
    }

    private static String code(tongliao.court.docking.v1.CourtCodeType c) {
        return c == null ? null : c.value();
    }

    static String operationOf(Object request) {
        String s = request.getClass().getSimpleName();
        return s.endsWith("Type") ? s.substring(0, s.length() - 4) : s;
    }

    static OffsetDateTime instant(XMLGregorianCalendar x) {
        return x.toGregorianCalendar().toZonedDateTime().toOffsetDateTime().withOffsetSameInstant(BEIJING);
    }

    private static boolean between(int n, int min, int max) {
        return n >= min && n <= max;
    }

    /** "Same content" for a repeated messageId: the whole body as the court's JAXB reads it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String fingerprint(String op, Object request) {
        try {
            Marshaller m = JAXB.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            m.marshal(new JAXBElement(new QName(SimFaults.NS, op), request.getClass(), request), out);
            return sha256(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (JAXBException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulator cannot marshal " + op, e);
        }
    }

    private static byte[] bytes(AttachmentType a) {
        try (InputStream in = a.getContent().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw SimFaults.fault("INTERNAL_ERROR", "附件读取失败", null);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "SHA-256 unavailable", e);
        }
    }

    private static JAXBContext jaxb() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulator JAXB context", e);
        }
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (javax.xml.datatype.DatatypeConfigurationException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no datatype factory", e);
        }
    }
}
