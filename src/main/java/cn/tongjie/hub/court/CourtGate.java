package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.WsSecurityVerifier;
import cn.tongjie.hub.common.WsUsernameToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.springframework.stereotype.Component;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Steps 2–11 of the contract's processing order (§10) on the raw request bytes, first failure decides: encoding,
 * forbidden XML (DOCTYPE / ENTITY / processing instruction, found by a scan of the text, before any parser sees it),
 * well-formedness (incl. the MTOM package), SOAP version, mustUnderstand, WS-Security (§4, via
 * {@link WsSecurityVerifier}) and the Body element against the XSD (lengths in code points, §5/§18). Step 1 (size)
 * is {@link CourtBodyLimitFilter}'s; steps 12+ belong to the routes.
 */
@Component
class CourtGate {

    /** The CourtDocking request elements (Body children) and their SOAPAction values. */
    static final Set<String> OPERATIONS = Set.of("DelegateMediation", "ExtendDelegation", "WithdrawDelegation",
            "NotifyCaseFiled", "NotifyJudicialConfirmation");
    static final String ACTION_PREFIX = "urn:tongliao:court:docking:v1:";
    private static final String XOP_NS = "http://www.w3.org/2004/08/xop/include";
    private static final String XSD = "connectors/court/xsd/court-docking-v1.xsd";
    private static final Pattern XML_DECL_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final String CURRENT_ELEMENT = "http://apache.org/xml/properties/dom/current-element-node";

    /** What a request that passed steps 2–11 is. */
    record Passed(String operation, String username, String courtCode, byte[] envelope, OffsetDateTime receivedAt) {
    }

    private final Clock clock;
    private final WsSecurityVerifier security;
    private final Schema schema;
    private final int maxBodyBytes;

    @org.springframework.beans.factory.annotation.Autowired
    CourtGate(Clock clock, CourtProperties courts, CourtGateProperties gate, WsSecurityVerifier.NonceStore nonces) {
        this(clock, new WsSecurityVerifier(clock, username -> CourtProperties.courtOfUsername(username)
                .flatMap(courts::court).map(CourtProperties.Court::inboundPassword), nonces, gate.limits()),
                (int) Math.min(Integer.MAX_VALUE - 16, gate.maxBodyBytes()));
    }

    CourtGate(Clock clock, WsSecurityVerifier security, int maxBodyBytes) {
        this.clock = clock;
        this.security = security;
        this.schema = loadSchema();
        this.maxBodyBytes = maxBodyBytes;
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Runs steps 2–11.
     *
     * @param body        the HTTP body, at most the size limit (step 1 already passed)
     * @param contentType the request's Content-Type header, or null
     * @param soapAction  the SOAPAction header, or null
     * @return the operation, the authenticated court and the plain text/xml envelope (XOP parts put back inline)
     * @throws CourtFaultException the first failing step's fault
     */
    Passed check(byte[] body, String contentType, String soapAction) {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock).withOffsetSameInstant(CourtTimes.BEIJING);
        CourtGateMime.MediaType type = CourtGateMime.MediaType.parse(contentType);

        // Step 2: charset of the Content-Type (and of the MTOM root part), XML declaration encoding.
        requireUtf8(type.param("charset"));
        byte[] xml = body;
        Map<String, byte[]> xopParts = Map.of();
        String brokenPackage = null;
        if (type.isMultipart()) {
            try {
                List<CourtGateMime.Part> parts = CourtGateMime.split(body, type.param("boundary").orElse(null));
                String start = type.param("start").map(CourtGateMime::stripAngles).orElse(null);
                CourtGateMime.Part root = parts.stream().filter(p -> start == null || start.equals(p.contentId()))
                        .findFirst().orElse(null);
                if (root == null) {
                    brokenPackage = "MTOM root part not found";
                } else {
                    requireUtf8(root.contentType().param("charset"));
                    xml = root.body();
                    Map<String, byte[]> byId = new HashMap<>();
                    parts.stream().filter(p -> p != root).forEach(p -> byId.put(p.contentId(), p.body()));
                    xopParts = byId;
                }
            } catch (CourtGateMime.BrokenPackage e) {
                brokenPackage = e.getMessage();
            }
        }
        if (brokenPackage == null) {
            requireUtf8Bytes(xml);
        }

        // Step 3: DOCTYPE / ENTITY / PI anywhere, found in the text itself: nothing is parsed, expanded or fetched.
        String text = brokenPackage == null ? lenientUtf8(xml) : "";
        scanForbidden(text);

        // Step 4: well-formed (a broken MTOM package counts as not well-formed).
        if (brokenPackage != null) {
            throw fault(CourtResultCode.MALFORMED_XML, "MTOM包结构错误：" + brokenPackage);
        }
        Document doc = parse(xml);
        boolean inlined = inlineXop(doc, xopParts, type.isMultipart());

        // Step 5: SOAP 1.1 Envelope.
        Element envelope = doc.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName())) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "根元素不是SOAP Envelope");
        }
        if (!WsUsernameToken.SOAP11_NS.equals(envelope.getNamespaceURI())) {
            throw CourtFaults.fault(CourtResultCode.VERSION_MISMATCH, null);
        }
        List<Element> envelopeChildren = WsSecurityVerifier.children(envelope);
        Element header = envelopeChildren.stream().filter(e -> isSoap(e, "Header")).findFirst().orElse(null);
        List<Element> headerBlocks = header == null ? List.of() : WsSecurityVerifier.children(header);

        // Step 6: mustUnderstand on anything but wsse:Security.
        for (Element block : headerBlocks) {
            boolean security = WsUsernameToken.WSSE_NS.equals(block.getNamespaceURI())
                    && "Security".equals(block.getLocalName());
            String mu = block.getAttributeNS(WsUsernameToken.SOAP11_NS, "mustUnderstand").trim();
            if (!security && ("1".equals(mu) || "true".equals(mu))) {
                throw fault(CourtResultCode.MUST_UNDERSTAND, "无法处理标记为mustUnderstand的头块 {"
                        + Optional.ofNullable(block.getNamespaceURI()).orElse("") + "}" + block.getLocalName());
            }
        }

        // Steps 7–10: WS-Security (§4), in its order.
        String username;
        try {
            username = security.verify(headerBlocks);
        } catch (WsSecurityVerifier.WsSecurityException e) {
            throw CourtFaults.classify(e);
        }
        String courtCode = CourtProperties.courtOfUsername(username).orElseThrow(
                () -> CourtFaults.fault(CourtResultCode.AUTH_FAILED, null));

        // Step 11: exactly one CourtDocking request element, matching SOAPAction, valid against the XSD.
        Element request = requestElement(envelopeChildren, header);
        String operation = request.getLocalName();
        String action = soapAction == null ? "" : soapAction.trim();
        if (action.length() >= 2 && action.startsWith("\"") && action.endsWith("\"")) {
            action = action.substring(1, action.length() - 1).trim();
        }
        if (!action.isEmpty() && !action.equals(ACTION_PREFIX + operation)) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "SOAPAction与报文元素不一致");
        }
        validate(request);

        byte[] envelopeBytes = inlined ? serialize(doc) : xml;
        return new Passed(operation, username, courtCode, envelopeBytes, receivedAt);
    }

    // ------------------------------------------------------------------ step 2

    private static void requireUtf8(Optional<String> charset) {
        if (charset.isPresent() && !"utf-8".equalsIgnoreCase(charset.get().trim())) {
            throw CourtFaults.fault(CourtResultCode.ENCODING_UNSUPPORTED, null);
        }
    }

    private static void requireUtf8Bytes(byte[] xml) {
        // A UTF-16/UTF-32 byte order mark names another encoding; the UTF-8 BOM is allowed (§3).
        if (xml.length >= 2 && ((xml[0] == (byte) 0xFE && xml[1] == (byte) 0xFF)
                || (xml[0] == (byte) 0xFF && xml[1] == (byte) 0xFE))) {
            throw CourtFaults.fault(CourtResultCode.ENCODING_UNSUPPORTED, null);
        }
        if (xml.length >= 4 && xml[0] == 0 && xml[1] == 0 && xml[2] == (byte) 0xFE && xml[3] == (byte) 0xFF) {
            throw CourtFaults.fault(CourtResultCode.ENCODING_UNSUPPORTED, null);
        }
        String head = new String(xml, 0, Math.min(xml.length, 200), StandardCharsets.ISO_8859_1);
        if (head.startsWith("\u00EF\u00BB\u00BF")) {
            head = head.substring(3);
        }
        Matcher m = XML_DECL_ENCODING.matcher(head);
        if (m.find() && !"utf-8".equalsIgnoreCase(m.group(1).trim())) {
            throw CourtFaults.fault(CourtResultCode.ENCODING_UNSUPPORTED, null);
        }
    }

    // ------------------------------------------------------------------ step 3

    /**
     * Finds {@code <!DOCTYPE}, {@code <!ENTITY} and processing instructions outside comments and CDATA sections. The
     * XML declaration at the very start is not a processing instruction.
     */
    static void scanForbidden(String text) {
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        if (text.startsWith("<?xml", i) && text.length() > i + 5
                && (Character.isWhitespace(text.charAt(i + 5)) || text.charAt(i + 5) == '?')) {
            int end = text.indexOf("?>", i);
            i = end < 0 ? text.length() : end + 2;
        }
        while (true) {
            int lt = text.indexOf('<', i);
            if (lt < 0 || lt + 1 >= text.length()) {
                return;
            }
            if (text.startsWith("<!--", lt)) {
                int end = text.indexOf("-->", lt + 4);
                if (end < 0) {
                    return; // unterminated comment: not well-formed, step 4 says so
                }
                i = end + 3;
            } else if (text.startsWith("<![CDATA[", lt)) {
                int end = text.indexOf("]]>", lt + 9);
                if (end < 0) {
                    return;
                }
                i = end + 3;
            } else if (text.startsWith("<?", lt) || text.regionMatches(true, lt, "<!DOCTYPE", 0, 9)
                    || text.regionMatches(true, lt, "<!ENTITY", 0, 8)) {
                throw CourtFaults.fault(CourtResultCode.XML_FORBIDDEN, null);
            } else {
                i = lt + 1;
            }
        }
    }

    private static String lenientUtf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ step 4

    private static Document parse(byte[] xml) {
        if (xml.length == 0 || lenientUtf8(xml).isBlank()) {
            throw fault(CourtResultCode.MALFORMED_XML, "报文为空");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(xml));
        } catch (CharacterCodingException e) {
            throw fault(CourtResultCode.MALFORMED_XML, "报文不是合法的UTF-8字节序列");
        }
        try {
            DocumentBuilder builder = SECURE_BUILDERS.get();
            builder.reset();
            builder.setErrorHandler(SILENT);
            InputStream in = new ByteArrayInputStream(xml);
            return builder.parse(in);
        } catch (SAXException | IOException e) {
            throw CourtFaults.fault(CourtResultCode.MALFORMED_XML, null);
        }
    }

    /** Puts each xop:Include back as base64 text (MTOM, §10 "With MTOM"); true if anything was inlined. */
    private static boolean inlineXop(Document doc, Map<String, byte[]> parts, boolean multipart) {
        if (!multipart) {
            return false; // an xop:Include in a plain message is simply not valid content (step 11)
        }
        List<Element> includes = new ArrayList<>();
        var list = doc.getElementsByTagNameNS(XOP_NS, "Include");
        for (int i = 0; i < list.getLength(); i++) {
            includes.add((Element) list.item(i));
        }
        for (Element include : includes) {
            String cid = CourtGateMime.cidOf(include.getAttribute("href"));
            byte[] part = cid == null ? null : parts.get(cid);
            if (part == null) {
                throw fault(CourtResultCode.MALFORMED_XML, "MTOM包缺少xop:Include引用的部分");
            }
            Node parent = include.getParentNode();
            // the element holds the Include alone: indentation around it is not content
            for (Node n = parent.getFirstChild(); n != null; ) {
                Node next = n.getNextSibling();
                if (n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank()) {
                    parent.removeChild(n);
                }
                n = next;
            }
            parent.replaceChild(doc.createTextNode(Base64.getEncoder().encodeToString(part)), include);
        }
        return true;
    }

    // ------------------------------------------------------------------ step 11

    private static Element requestElement(List<Element> envelopeChildren, Element header) {
        List<Element> expected = new ArrayList<>();
        if (header != null) {
            expected.add(header);
        }
        Element body = envelopeChildren.stream().filter(e -> isSoap(e, "Body")).findFirst().orElse(null);
        if (body == null) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "缺少soap:Body");
        }
        expected.add(body);
        if (!envelopeChildren.equals(expected)) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "Envelope只能包含Header和Body");
        }
        for (Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ((n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !n.getNodeValue().isBlank()) {
                throw fault(CourtResultCode.SCHEMA_INVALID, "soap:Body中不得包含文本");
            }
        }
        List<Element> inBody = WsSecurityVerifier.children(body);
        if (inBody.size() != 1) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "soap:Body必须恰好包含一个请求元素");
        }
        Element request = inBody.get(0);
        if (!CourtFaults.CD_NS.equals(request.getNamespaceURI()) || !OPERATIONS.contains(request.getLocalName())) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "未知的报文元素 {"
                    + Optional.ofNullable(request.getNamespaceURI()).orElse("") + "}" + request.getLocalName());
        }
        return request;
    }

    /**
     * XSD validation of the request element. The JDK validator counts lengths in UTF-16 units, the contract in code
     * points (§5, §18): the copy that is validated has every supplementary character replaced by one BMP character of
     * the same kind, so each counts once and nothing else changes.
     */
    private void validate(Element request) {
        Document copy = SECURE_BUILDERS.get().newDocument();
        Element root = (Element) copy.importNode(request, true);
        copy.appendChild(root);
        narrowSupplementary(root);
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "validator refuses secure settings", e);
        }
        List<String> errors = new ArrayList<>();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make a message invalid
            }

            @Override
            public void error(SAXParseException e) {
                if (errors.isEmpty()) {
                    errors.add(describe(e, currentElement(validator)));
                }
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        });
        try {
            validator.validate(new DOMSource(copy));
        } catch (SAXException e) {
            if (errors.isEmpty()) {
                errors.add(describe(e, null));
            }
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "XSD validation failed to run", e);
        }
        if (!errors.isEmpty()) {
            throw fault(CourtResultCode.SCHEMA_INVALID, "报文不符合XSD：" + errors.get(0));
        }
    }

    /**
     * The validator's rule id (e.g. cvc-complex-type.2.4.b) and the element it was at, never the offending value: the
     * value may be a name or an ID number, and fault texts end up in logs.
     */
    private static String describe(SAXException e, Element at) {
        String message = String.valueOf(e.getMessage());
        int colon = message.indexOf(':');
        String rule = colon > 0 && message.startsWith("cvc-") ? message.substring(0, colon) : "schema";
        return at == null ? rule : rule + " at " + at.getLocalName();
    }

    private static Element currentElement(Validator validator) {
        try {
            return validator.getProperty(CURRENT_ELEMENT) instanceof Element e ? e : null;
        } catch (SAXException unsupported) {
            return null;
        }
    }

    private static void narrowSupplementary(Node node) {
        switch (node.getNodeType()) {
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> node.setNodeValue(narrow(node.getNodeValue()));
            case Node.ELEMENT_NODE -> {
                NamedNodeMap attrs = node.getAttributes();
                for (int i = 0; i < attrs.getLength(); i++) {
                    Attr a = (Attr) attrs.item(i);
                    a.setValue(narrow(a.getValue()));
                }
                for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                    narrowSupplementary(c);
                }
            }
            default -> {
                // comments and the like are not validated
            }
        }
    }

    /** Each supplementary code point → one BMP stand-in: a CJK ideograph for letters, a private-use one otherwise. */
    static String narrow(String s) {
        if (s == null || s.codePoints().noneMatch(Character::isSupplementaryCodePoint)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (!Character.isSupplementaryCodePoint(cp)) {
                out.appendCodePoint(cp);
            } else if (Character.isLetter(cp)) {
                out.append('\u4E00');
            } else if (Character.isDigit(cp)) {
                out.append('\u0660');
            } else {
                out.append('\uE000');
            }
        });
        return out.toString();
    }

    // ------------------------------------------------------------------ helpers

    private static CourtFaultException fault(CourtResultCode code, String message) {
        return new CourtFaultException(code, null, message);
    }

    private static boolean isSoap(Element e, String local) {
        return WsUsernameToken.SOAP11_NS.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    private static byte[] serialize(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot serialise the reassembled envelope", e);
        }
    }

    /** The court docking XSD (also used by the quarantine replay, which checks an edited body against it). */
    static Schema loadSchema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            var url = CourtGate.class.getClassLoader().getResource(XSD);
            if (url == null) {
                throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "classpath:" + XSD + " is missing");
            }
            try (InputStream in = url.openStream()) {
                return factory.newSchema(new StreamSource(in, url.toExternalForm()));
            }
        } catch (SAXException | IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "cannot load " + XSD, e);
        }
    }

    /** A DOM parser that refuses DTDs and never resolves anything external (§18: the JDK default would). */
    private static final ThreadLocal<DocumentBuilder> SECURE_BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no secure DOM parser", e);
        }
    });

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // the parse result decides
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
