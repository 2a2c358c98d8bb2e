package cn.tongjie.hub.court;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import tongliao.court.docking.v1.ObjectFactory;

/**
 * The court contract's samples as the operation routes receive them: the Body element unmarshalled with JAXB (what
 * the gate hands over after steps 1–12), plus the manifest rows. For the MTOM sample the XOP part is put back into
 * {@code content} by hand, as the gate does.
 */
final class CourtOperationSamples {

    static final Path DIR = Path.of("src/test/resources/samples/court");
    static final String NS = "urn:tongliao:court:docking:v1";
    private static final JAXBContext JAXB = context();

    /** One manifest row. */
    record Row(int seq, String file, String direction, String operation, String court, OffsetDateTime clock,
            String expect, String field, String responseFile) {
    }

    /** A receipt as a sample response file shows it. */
    record SampleReceipt(String messageId, String receivedAt, String status, String reasonCode, String field) {
    }

    private CourtOperationSamples() {
    }

    static List<Row> manifest() {
        List<Row> rows = new ArrayList<>();
        List<List<String>> csv = CourtCodeTables.parse(read(DIR.resolve("manifest.csv")));
        for (List<String> r : csv.subList(1, csv.size())) {
            rows.add(new Row(Integer.parseInt(r.get(0)), r.get(1), r.get(2), r.get(3), r.get(4),
                    OffsetDateTime.parse(r.get(7)), r.get(8), r.get(9), r.get(10)));
        }
        return rows;
    }

    static Row row(String file) {
        return manifest().stream().filter(r -> r.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no manifest row " + file));
    }

    /** The Body element of a sample request, unmarshalled. */
    @SuppressWarnings("unchecked")
    static <T> T body(String file) {
        Element body = bodyElement(file);
        try {
            return ((JAXBElement<T>) JAXB.createUnmarshaller().unmarshal(body)).getValue();
        } catch (JAXBException e) {
            throw new AssertionError("cannot unmarshal " + file, e);
        }
    }

    static SampleReceipt sampleReceipt(String responseFile) {
        Element r = firstChildElement(firstChild(parse(read(DIR.resolve(responseFile)).getBytes(
                StandardCharsets.UTF_8)).getDocumentElement(), "Body"));
        return new SampleReceipt(text(r, "messageId"), text(r, "receivedAt"), text(r, "status"),
                text(r, "reasonCode"), text(r, "field"));
    }

    private static Element bodyElement(String file) {
        Document doc;
        if (file.endsWith(".http")) {
            doc = mtom(file);
        } else {
            doc = parse(read(DIR.resolve(file)).getBytes(StandardCharsets.UTF_8));
        }
        return firstChildElement(firstChild(doc.getDocumentElement(), "Body"));
    }

    /** The root part of the multipart request, with each xop:Include replaced by its part's bytes in base64. */
    private static Document mtom(String file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        String boundary = "--" + text.replaceAll("(?s).*boundary=\"([^\"]+)\".*", "$1");
        Map<String, byte[]> parts = new LinkedHashMap<>();
        byte[] root = null;
        String[] chunks = text.split(java.util.regex.Pattern.quote(boundary));
        for (int i = 1; i < chunks.length; i++) {
            String chunk = chunks[i];
            if (chunk.startsWith("--")) {
                break;
            }
            int headerEnd = chunk.indexOf("\r\n\r\n");
            String headers = chunk.substring(0, headerEnd);
            String content = chunk.substring(headerEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
            String id = headers.replaceAll("(?s).*Content-ID: <([^>]+)>.*", "$1");
            if (root == null) {
                root = bytes;
            } else {
                parts.put(id, bytes);
            }
        }
        Document doc = parse(root);
        NodeList includes = doc.getElementsByTagNameNS("http://www.w3.org/2004/08/xop/include", "Include");
        while (includes.getLength() > 0) {
            Element include = (Element) includes.item(0);
            Node content = include.getParentNode();
            byte[] bytes = parts.get(include.getAttribute("href").substring("cid:".length()));
            while (content.getFirstChild() != null) {
                content.removeChild(content.getFirstChild());
            }
            content.appendChild(doc.createTextNode(Base64.getEncoder().encodeToString(bytes)));
        }
        return doc;
    }

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("cannot parse sample", e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Element firstChild(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(localName)) {
                return e;
            }
        }
        throw new AssertionError("no " + localName);
    }

    private static Element firstChildElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new AssertionError("empty " + parent.getLocalName());
    }

    private static String text(Element parent, String localName) {
        NodeList l = parent.getElementsByTagNameNS(NS, localName);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
