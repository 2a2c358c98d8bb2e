package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.routing.RoutingRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.activation.DataHandler;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tongliao.court.docking.v1.AttachmentType;
import tongliao.court.docking.v1.AttachmentsType;
import tongliao.court.docking.v1.DocTypeType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.LegalRepresentativeType;
import tongliao.court.docking.v1.MediationOrgType;
import tongliao.court.docking.v1.MediationOrgTypeType;
import tongliao.court.docking.v1.MimeTypeType;
import tongliao.court.docking.v1.ObjectFactory;
import tongliao.court.docking.v1.PersonTypeType;

/**
 * What 司法确认 applications and transfers share: canonical parties → contract persons (§6.1, §6.4), the mediation
 * body → MediationOrgType (§6.6), stored documents → attachments (§6.5), and reading a queued court message back.
 */
final class CourtTransferSupport {

    private static final JAXBContext JAXB = context();
    private static final XMLInputFactory XML = safeFactory();

    private CourtTransferSupport() {
    }

    /** A canonical party with the operator's additions (keyed by 1-based party seq in {@code inputs.parties}). */
    record Person(int seq, CanonicalDispute.Party party, String personType, String idType, String idNumber,
            String phone, String address, String legalRepresentative, String legalRepresentativeTitle) {

        boolean natural() {
            return "NATURAL".equals(personType);
        }
    }

    static List<Person> persons(CanonicalDispute dispute, JsonNode inputs) {
        List<Person> out = new ArrayList<>();
        List<CanonicalDispute.Party> parties = dispute.parties() == null ? List.of() : dispute.parties();
        for (int i = 0; i < parties.size(); i++) {
            CanonicalDispute.Party p = parties.get(i);
            JsonNode add = inputs.path("parties").path(String.valueOf(i + 1));
            String idType = first(text(add, "idType"), idType(p.idType()));
            String idNumber = first(text(add, "idNumber"), p.idNumber());
            if (idNumber != null && "ID_CARD".equals(idType)) {
                idNumber = idNumber.toUpperCase(Locale.ROOT); // §5: the final x is stored as X
            }
            out.add(new Person(i + 1, p, personType(p.partyType()), idType, idNumber,
                    first(text(add, "phone"), p.phone()), first(text(add, "address"), p.address()),
                    first(text(add, "legalRepresentative"), p.legalRepresentative()),
                    first(text(add, "legalRepresentativeTitle"), "法定代表人")));
        }
        return out;
    }

    static String personType(String partyType) {
        return switch (partyType == null ? "" : partyType) {
            case "LEGAL_PERSON" -> "LEGAL";
            case "OTHER_ORGANISATION" -> "UNINCORPORATED";
            default -> "NATURAL";
        };
    }

    static String idType(String canonical) {
        if (canonical == null) {
            return null;
        }
        return switch (canonical) {
            case "RESIDENT_ID" -> "ID_CARD";
            case "USCC" -> "USCC";
            case "PASSPORT" -> "PASSPORT";
            default -> "OTHER";
        };
    }

    /** GB/T 2261.1: 1 male, 2 female, 0 unknown. */
    static String gender(String canonical) {
        if (canonical == null) {
            return null;
        }
        return switch (canonical) {
            case "MALE" -> "1";
            case "FEMALE" -> "2";
            default -> "0";
        };
    }

    static PersonTypeType personTypeOf(Person p) {
        return PersonTypeType.valueOf(p.personType());
    }

    static IdTypeType idTypeOf(Person p) {
        return p.idType() == null || p.idNumber() == null ? null : IdTypeType.valueOf(p.idType());
    }

    static LegalRepresentativeType legalRepresentative(Person p) {
        if (p.natural() || p.legalRepresentative() == null) {
            return null;
        }
        LegalRepresentativeType r = new LegalRepresentativeType();
        r.setName(p.legalRepresentative());
        r.setTitle(p.legalRepresentativeTitle());
        return r;
    }

    /**
     * The mediation body as the court knows it: roster code only when the body is on the court's roster (§6.6), its
     * region as the routing targets describe it unless the operator named where the mediation took place.
     */
    static MediationOrgType mediationOrg(RoutingRules rules, String targetCode, String targetName,
            String regionOverride) {
        MediationOrgType org = new MediationOrgType();
        RoutingRules.Target t = rules.target(targetCode).orElse(null);
        org.setOrgName(targetName != null ? targetName : t == null ? targetCode : t.name());
        if (t != null && t.courtRosterCode() != null) {
            org.setOrgCode(t.courtRosterCode());
        }
        org.setOrgType(t != null && t.orgType() != null ? MediationOrgTypeType.valueOf(t.orgType())
                : MediationOrgTypeType.OTHER);
        org.setRegionCode(regionOverride != null ? regionOverride : t == null ? null : t.region());
        return org;
    }

    static AttachmentsType attachments(List<CourtDocuments.Document> docs, String idPrefix) {
        AttachmentsType out = new AttachmentsType();
        int n = 0;
        for (CourtDocuments.Document d : docs) {
            AttachmentType a = new AttachmentType();
            a.setDocId(idPrefix + "-DOC" + String.format("%02d", ++n));
            a.setDocType(DocTypeType.valueOf(d.docType()));
            a.setTitle(d.title());
            a.setFileName(d.fileName());
            a.setMimeType(MimeTypeType.fromValue(d.mimeType()));
            a.setSizeBytes(d.content().length);
            a.setSha256(d.sha256());
            a.setContent(new DataHandler(new Bytes(d.content(), d.mimeType())));
            out.getAttachment().add(a);
        }
        return out;
    }

    /** In-memory document content; JAXB writes it inline as base64 (no attachment marshaller is set). */
    private record Bytes(byte[] content, String mimeType) implements jakarta.activation.DataSource {
        @Override
        public java.io.InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(content);
        }

        @Override
        public java.io.OutputStream getOutputStream() throws java.io.IOException {
            throw new java.io.IOException("read-only");
        }

        @Override
        public String getContentType() {
            return mimeType;
        }

        @Override
        public String getName() {
            return "content";
        }
    }

    /** Reads a queued court_outbound payload (the Body element) back as its generated type. */
    static <T> T unmarshal(String payload, Class<T> type) {
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new StringReader(payload));
            return JAXB.createUnmarshaller().unmarshal(reader, type).getValue();
        } catch (JAXBException | XMLStreamException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "court payload is not a " + type.getSimpleName(), e);
        }
    }

    /** The dispute as the court may see it: read from the court's sharing view (SharingPolicies), not the snapshot. */
    static CanonicalDispute dispute(ObjectMapper mapper, ObjectNode courtView) {
        try {
            return mapper.treeToValue(courtView, CanonicalDispute.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "court view of the dispute unreadable", e);
        }
    }

    static ObjectNode inputs(ObjectMapper mapper, String json) {
        try {
            return json == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored operator input unreadable", e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** At most {@code max} code points (contract lengths count characters, §5). */
    static String clip(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "court JAXB context", e);
        }
    }

    private static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false); // §18: no DTDs, no external entities on any hub parser
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }
}
