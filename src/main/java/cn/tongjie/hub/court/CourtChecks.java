package cn.tongjie.hub.court;

import cn.tongjie.hub.common.CaseNumbers;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.IdNumbers;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tongliao.court.docking.v1.AgentType;
import tongliao.court.docking.v1.AttachmentType;
import tongliao.court.docking.v1.AttachmentsType;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.FilingOutcomeType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.JcOutcomeType;
import tongliao.court.docking.v1.LegalRepresentativeType;
import tongliao.court.docking.v1.NotifyCaseFiledType;
import tongliao.court.docking.v1.NotifyJudicialConfirmationType;
import tongliao.court.docking.v1.PartyRoleType;
import tongliao.court.docking.v1.PartyType;
import tongliao.court.docking.v1.PersonTypeType;
import tongliao.court.docking.v1.RegimeType;

/**
 * The operation checks of contract §7 that need only the message (and the hub's receipt time), in the tables' order;
 * the first failure throws the fault the contract names, with its exact field path (§5 "Field paths"). Checks against
 * stored state (unknown delegation, closed, expired ...) live with the operations, which call these in between.
 */
@Component
class CourtChecks {

    /** §7.1 regimes: LEGACY_PREFILING before, POST_FILING on/after this instant. */
    static final OffsetDateTime REGIME_SWITCH = OffsetDateTime.parse("2025-01-01T00:00:00+08:00");
    /** §3 / §6.5: decoded content per attachment. */
    static final int MAX_CONTENT = 1_048_576;
    /** §7.1 step 7: how far the court's delegatedAt may run ahead of the hub's clock. */
    static final long DELEGATED_AT_TOLERANCE_S = 300;

    private final CourtCodeTables codes;

    CourtChecks(CourtCodeTables codes) {
        this.codes = codes;
    }

    /** §7.1 steps 1–10 (all message-only). */
    void delegateMediation(DelegateMediationType m, OffsetDateTime receivedAt) {
        String op = "/DelegateMediation";
        boolean legacy = m.getRegime() == RegimeType.LEGACY_PREFILING;
        // 1: the XSD's choice allows either number; the regime decides which one is right.
        if (legacy ? m.getPreFilingNo() == null : m.getCaseNo() == null) {
            throw fault(CourtResultCode.INVALID_VALUE, op + "/regime", "委派类型与案号类型不一致");
        }
        OffsetDateTime delegatedAt = CourtTimes.toInstant(m.getDelegatedAt());
        // 2
        if (legacy != delegatedAt.isBefore(REGIME_SWITCH)) {
            throw fault(CourtResultCode.REGIME_NOT_ALLOWED, op + "/regime",
                    legacy ? "2025年1月1日起不再适用诉前委派调解" : "2025年1月1日前不适用立案后委托调解");
        }
        // 3
        courtPart(legacy ? m.getPreFilingNo() : m.getCaseNo(), m.getCourtCode().value(),
                op + (legacy ? "/preFilingNo" : "/caseNo"));
        // 4
        if (codes.cause(m.getCauseOfAction().getCode()).isEmpty()) {
            throw fault(CourtResultCode.INVALID_CODE, op + "/causeOfAction/code", "案由代码不在案由表中");
        }
        // 5, 6
        parties(op, m.getParties().getParty());
        // 7
        if (delegatedAt.isAfter(receivedAt.plusSeconds(DELEGATED_AT_TOLERANCE_S))) {
            throw fault(CourtResultCode.INVALID_VALUE, op + "/delegatedAt", "委派时间晚于接收时间");
        }
        OffsetDateTime dueAt = CourtTimes.toInstant(m.getDueAt());
        // 8
        if (!dueAt.isAfter(delegatedAt)) {
            throw fault(CourtResultCode.INVALID_VALUE, op + "/dueAt", "调解期限届满时间不晚于委派时间");
        }
        // 9
        if (!dueAt.isAfter(receivedAt)) {
            throw fault(CourtResultCode.DEADLINE_PASSED, op + "/dueAt", "调解期限已届满");
        }
        // 10
        attachments(op, m.getAttachments());
    }

    /** §7.1 steps 5 and 6: each party in order, then the 原告/被告 rule. */
    void parties(String op, List<PartyType> parties) {
        Set<Integer> seqs = new HashSet<>();
        boolean plaintiff = false;
        boolean defendant = false;
        for (int i = 0; i < parties.size(); i++) {
            PartyType p = parties.get(i);
            String path = op + "/parties/party[" + (i + 1) + "]";
            if (!seqs.add(p.getSeq())) {
                throw fault(CourtResultCode.INVALID_VALUE, path + "/seq", "当事人序号重复");
            }
            if (p.getEthnicity() != null && !codes.knownEthnicity(p.getEthnicity())) {
                throw fault(CourtResultCode.INVALID_CODE, path + "/ethnicity", "民族代码不在GB 3304代码表中");
            }
            idNumber(p.getIdType(), p.getIdNumber(), path + "/idNumber");
            LegalRepresentativeType rep = p.getLegalRepresentative();
            if (p.getPersonType() == PersonTypeType.NATURAL) {
                if (rep != null) {
                    throw fault(CourtResultCode.INVALID_VALUE, path + "/legalRepresentative", "自然人不应有法定代表人");
                }
            } else {
                if (p.getGender() != null) {
                    throw fault(CourtResultCode.INVALID_VALUE, path + "/gender", "法人或非法人组织不应有性别");
                }
                if (p.getEthnicity() != null) {
                    throw fault(CourtResultCode.INVALID_VALUE, path + "/ethnicity", "法人或非法人组织不应有民族");
                }
                if (p.getBirthDate() != null) {
                    throw fault(CourtResultCode.INVALID_VALUE, path + "/birthDate", "法人或非法人组织不应有出生日期");
                }
                if (rep == null) {
                    throw fault(CourtResultCode.INVALID_VALUE, path + "/legalRepresentative", "缺少法定代表人或负责人");
                }
            }
            if (rep != null) {
                idNumber(rep.getIdType(), rep.getIdNumber(), path + "/legalRepresentative/idNumber");
            }
            List<AgentType> agents = p.getAgent();
            for (int k = 0; k < agents.size(); k++) {
                AgentType a = agents.get(k);
                String apath = path + "/agent[" + (k + 1) + "]";
                idNumber(a.getIdType(), a.getIdNumber(), apath + "/idNumber");
                if (a.getOrganizationCreditCode() != null && !IdNumbers.isValidUscc(a.getOrganizationCreditCode())) {
                    throw fault(CourtResultCode.INVALID_ID_NUMBER, apath + "/organizationCreditCode",
                            "统一社会信用代码校验错误");
                }
            }
            plaintiff |= p.getRole() == PartyRoleType.原告;
            defendant |= p.getRole() == PartyRoleType.被告;
        }
        if (!plaintiff || !defendant) {
            throw fault(CourtResultCode.INVALID_VALUE, op + "/parties", "当事人中须至少有一名原告和一名被告");
        }
    }

    /** §5 "ID numbers": ID_CARD (lower-case x accepted), USCC, ORG_CODE checked; other types are not. */
    static void idNumber(IdTypeType type, String number, String field) {
        if (type == null || number == null) {
            return;
        }
        boolean ok = switch (type) {
            case ID_CARD -> IdNumbers.isValidResidentId(IdNumbers.normaliseResidentId(number));
            case USCC -> IdNumbers.isValidUscc(number);
            case ORG_CODE -> IdNumbers.isValidOrgCode(number);
            default -> true;
        };
        if (!ok) {
            throw fault(CourtResultCode.INVALID_ID_NUMBER, field, switch (type) {
                case ID_CARD -> "居民身份证号码校验错误";
                case USCC -> "统一社会信用代码校验错误";
                default -> "组织机构代码校验错误";
            });
        }
    }

    /** §5 "Case numbers": the court part of the number must be the sending court. */
    static void courtPart(String number, String courtCode, String field) {
        if (!courtCode.equals(CaseNumbers.courtPart(number))) {
            throw fault(CourtResultCode.INVALID_VALUE, field, "案号中的法院代字与法院代码不一致");
        }
    }

    /** §6.5 for each attachment in order: duplicate docId, size limit, size and hash. */
    static void attachments(String op, AttachmentsType attachments) {
        if (attachments == null) {
            return;
        }
        Set<String> docIds = new HashSet<>();
        List<AttachmentType> list = attachments.getAttachment();
        for (int i = 0; i < list.size(); i++) {
            AttachmentType a = list.get(i);
            String path = op + "/attachments/attachment[" + (i + 1) + "]";
            if (!docIds.add(a.getDocId())) {
                throw fault(CourtResultCode.INVALID_VALUE, path + "/docId", "附件编号重复");
            }
            if (a.getContent() == null) {
                continue;
            }
            byte[] bytes = bytes(a.getContent());
            if (bytes.length > MAX_CONTENT) {
                throw fault(CourtResultCode.ATTACHMENT_TOO_LARGE, path + "/content", "附件内容超过1 MiB");
            }
            if (bytes.length != a.getSizeBytes()) {
                throw fault(CourtResultCode.ATTACHMENT_HASH_MISMATCH, path + "/sizeBytes", "附件大小与sizeBytes不一致");
            }
            if (!sha256Hex(bytes).equals(a.getSha256())) {
                throw fault(CourtResultCode.ATTACHMENT_HASH_MISMATCH, path + "/sha256", "附件SHA-256与sha256不一致");
            }
        }
    }

    /** §7.4 steps 1 and 2. */
    static void caseFiled(NotifyCaseFiledType m) {
        boolean ok;
        if (m.getFilingOutcome() == FilingOutcomeType.FILED) {
            ok = m.getCaseNo() != null && m.getProcedure() != null && m.getFiledAt() != null
                    && m.getNotFiledReasonCode() == null && m.getNotFiledReasonText() == null;
        } else {
            ok = m.getNotFiledReasonCode() != null && m.getCaseNo() == null && m.getProcedure() == null
                    && m.getFiledAt() == null;
        }
        if (!ok) {
            throw fault(CourtResultCode.INVALID_VALUE, "/NotifyCaseFiled/filingOutcome", "立案结果与所附字段不一致");
        }
        if (m.getCaseNo() != null) {
            courtPart(m.getCaseNo(), m.getCourtCode().value(), "/NotifyCaseFiled/caseNo");
        }
    }

    /** §7.5 steps 1 and 2. */
    static void judicialConfirmation(NotifyJudicialConfirmationType m) {
        boolean rejected = m.getOutcome() == JcOutcomeType.REJECTED;
        if (rejected != (m.getRejectionReasonCode() != null) || (!rejected && m.getRejectionReasonText() != null)) {
            throw fault(CourtResultCode.INVALID_VALUE, "/NotifyJudicialConfirmation/outcome", "裁定结果与所附字段不一致");
        }
        courtPart(m.getRulingNo(), m.getCourtCode().value(), "/NotifyJudicialConfirmation/rulingNo");
    }

    static CourtFaultException fault(CourtResultCode code, String field, String message) {
        return new CourtFaultException(code, field, message);
    }

    /**
     * Reads every attachment's content once and puts it back as an in-memory DataHandler: checks and the duplicate
     * fingerprint both read it, and an MTOM part's stream may be readable only once.
     */
    static void materialise(AttachmentsType attachments) {
        if (attachments == null) {
            return;
        }
        for (AttachmentType a : attachments.getAttachment()) {
            if (a.getContent() != null) {
                a.setContent(new DataHandler(new BytesSource(read(a.getContent()))));
            }
        }
    }

    static byte[] bytes(DataHandler content) {
        if (content.getDataSource() instanceof BytesSource b) {
            return b.bytes();
        }
        return read(content);
    }

    private static byte[] read(DataHandler content) {
        try (InputStream in = content.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            // The gate has already inlined the parts; an unreadable one is a hub fault, retryable for the court.
            throw new HubException(ErrorCode.TJ_INTERNAL, "attachment content unreadable", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no SHA-256", e);
        }
    }

    /** An attachment's bytes held in memory (at most 10 MiB per request, the transport limit). */
    record BytesSource(byte[] bytes) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "content";
        }
    }
}
