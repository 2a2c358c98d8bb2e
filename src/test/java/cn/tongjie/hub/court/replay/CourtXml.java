package cn.tongjie.hub.court.replay;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reading court SOAP messages in tests: the answer to a C2H row (receipt or fault) and the comparison of what the hub
 * sent with an H2C example on exactly the fields contract §16 item 4 lists.
 */
public final class CourtXml {

    public static final String CD = "urn:tongliao:court:docking:v1";
    public static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    /** What an answer says: "RECEIPT:ACCEPTED", "RECEIPT:REJECTED:<code>", "FAULT:<code>" or "HTTP:<status>". */
    public record Answer(int httpStatus, String kind, String code, String field, String faultcode, String messageId,
            String receiptId, String receivedAt, Element body) {

        public String expect() {
            return switch (kind) {
                case "RECEIPT" -> "RECEIPT:" + code;
                case "FAULT" -> "FAULT:" + code;
                default -> "HTTP:" + httpStatus;
            };
        }
    }

    private CourtXml() {
    }

    public static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    public static Answer answer(int status, byte[] body) {
        if (body.length == 0) {
            return new Answer(status, "HTTP", null, null, null, null, null, null, null);
        }
        Element bodyEl = child(parse(body).getDocumentElement(), SOAP, "Body");
        Element first = firstElement(bodyEl);
        if (first != null && "Fault".equals(first.getLocalName())) {
            Element fault = first;
            Element detail = firstElement(child(fault, null, "detail"));
            return new Answer(status, "FAULT", text(detail, "code"), text(detail, "field"),
                    text(fault, "faultcode"), null, null, null, fault);
        }
        String status2 = text(first, "status");
        String code = "REJECTED".equals(status2) ? "REJECTED:" + text(first, "reasonCode") : status2;
        return new Answer(status, "RECEIPT", code, text(first, "field"), null, text(first, "messageId"),
                text(first, "receiptId"), text(first, "receivedAt"), first);
    }

    /** The request element in a SOAP envelope (or the element itself when it is a bare body element). */
    public static Element requestElement(byte[] xml) {
        Element root = parse(xml).getDocumentElement();
        if (SOAP.equals(root.getNamespaceURI())) {
            return firstElement(child(root, SOAP, "Body"));
        }
        return root;
    }

    /**
     * Differences between the hub's message and the H2C example, on the fields of contract §16 item 4 (after the
     * "same content" normalisation: collapsed whitespace, date-times as instants). Empty when they agree.
     */
    public static List<String> compareH2c(Element example, Element sent) {
        List<String> diffs = new ArrayList<>();
        if (!Objects.equals(example.getLocalName(), sent.getLocalName())
                || !Objects.equals(example.getNamespaceURI(), sent.getNamespaceURI())) {
            diffs.add("operation " + sent.getLocalName() + " ≠ " + example.getLocalName());
            return diffs;
        }
        for (String name : List.of("courtCode", "delegationId", "relatedDelegationId", "preFilingNo", "caseNo",
                "rulingNo", "decision", "declineReasonCode", "resultType", "failureReasonCode", "withdrawnByRole",
                "plaintiffConsent")) {
            List<String> a = values(example, name);
            List<String> b = values(sent, name);
            if (!a.equals(b)) {
                diffs.add(name + ": sent " + b + ", example " + a);
            }
        }
        Set<String> exParties = parties(example);
        Set<String> sentParties = parties(sent);
        if (!exParties.equals(sentParties)) {
            diffs.add("parties/applicants: sent " + sentParties + ", example " + exParties);
        }
        Element exAgreement = descendant(example, "agreement");
        Element sentAgreement = descendant(sent, "agreement");
        if (exAgreement != null || sentAgreement != null) {
            String a = exAgreement == null ? null : canonical(exAgreement);
            String b = sentAgreement == null ? null : canonical(sentAgreement);
            if (!Objects.equals(a, b)) {
                diffs.add("agreement: sent " + b + ", example " + a);
            }
        }
        return diffs;
    }

    private static Set<String> parties(Element root) {
        Set<String> out = new TreeSet<>();
        for (String tag : List.of("party", "applicant")) {
            var list = root.getElementsByTagNameNS(CD, tag);
            for (int i = 0; i < list.getLength(); i++) {
                Element p = (Element) list.item(i);
                out.add(String.join("|", tag, norm(text(p, "role")), norm(text(p, "personType")),
                        norm(text(p, "name")), norm(text(p, "idType")), norm(text(p, "idNumber"))));
            }
        }
        return out;
    }

    /** All values of a (descendant) element, normalised, in document order. */
    private static List<String> values(Element root, String name) {
        List<String> out = new ArrayList<>();
        var list = root.getElementsByTagNameNS(CD, name);
        for (int i = 0; i < list.getLength(); i++) {
            out.add(norm(list.item(i).getTextContent()));
        }
        return out;
    }

    private static String canonical(Element e) {
        StringBuilder sb = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                sb.append(c.getLocalName()).append('=').append(norm(c.getTextContent())).append(';');
            }
        }
        return sb.toString();
    }

    private static String norm(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip().replaceAll("\\s+", " ");
        if (t.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([+-]\\d{2}:\\d{2}|Z)")) {
            return OffsetDateTime.parse(t).toInstant().toString();
        }
        return t;
    }

    public static Element child(Element parent, String ns, String local) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(localName(e)) && (ns == null || ns.equals(e.getNamespaceURI()))) {
                return e;
            }
        }
        return null;
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    public static Element firstElement(Element parent) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element descendant(Element root, String local) {
        var list = root.getElementsByTagNameNS(CD, local);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    /** Text of the first child element with this local name (any namespace), or null. */
    public static String text(Element parent, String local) {
        Element c = child(parent, null, local);
        return c == null ? null : c.getTextContent().strip();
    }
}
