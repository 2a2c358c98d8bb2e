package cn.tongjie.hub.court.replay;

import cn.tongjie.hub.common.WsUsernameToken;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * New court requests made from a contract sample, as a court's platform would send them for another case: some
 * body values replaced (ids, dates) and a fresh WS-Security header signed with the court's sample password at the
 * given instant.
 */
public final class CourtRequests {

    private CourtRequests() {
    }

    /**
     * The sample's envelope with each named body element's text replaced (every occurrence) and a new security header.
     *
     * @param court digits of the court (0502): username court-0502, password Fy0502!sample-pass
     */
    public static byte[] fromSample(String sampleFile, Map<String, String> replacements, String court, Instant now) {
        Document doc = CourtXml.parse(CourtManifest.bytes(sampleFile));
        Element envelope = doc.getDocumentElement();
        Element header = CourtXml.child(envelope, CourtXml.SOAP, "Header");
        Element body = CourtXml.child(envelope, CourtXml.SOAP, "Body");
        replacements.forEach((name, value) -> {
            var list = body.getElementsByTagNameNS(CourtXml.CD, name);
            if (list.getLength() == 0) {
                throw new AssertionError(sampleFile + " has no " + name);
            }
            for (int i = 0; i < list.getLength(); i++) {
                list.item(i).setTextContent(value);
            }
        });
        for (Node n = header.getFirstChild(); n != null; ) {
            Node next = n.getNextSibling();
            header.removeChild(n);
            n = next;
        }
        Element security = WsUsernameToken.securityHeader("court-" + court, "Fy" + court + "!sample-pass", now);
        header.appendChild(doc.importNode(security, true));
        return serialise(doc);
    }

    private static byte[] serialise(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
