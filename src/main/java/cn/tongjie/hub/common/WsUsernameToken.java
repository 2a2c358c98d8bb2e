package cn.tongjie.hub.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * WS-Security 1.0 UsernameToken (PasswordDigest, Nonce, Created) plus wsu:Timestamp, exactly as the court contract §4
 * fixes them: {@code Password = Base64(SHA-1(nonceBytes ‖ UTF-8(Created) ‖ UTF-8(password)))}, times in UTC with
 * {@code Z}, 16 random nonce bytes. Built here rather than by WSS4J because the contract fixes the order of the checks
 * (structure, times, digest, nonce) and every time must come from the hub's injectable clock; the arithmetic is the
 * OASIS profile's and nothing more.
 */
public final class WsUsernameToken {

    public static final String WSSE_NS =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU_NS =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String PASSWORD_DIGEST =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    public static final String PASSWORD_TEXT =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    public static final String BASE64_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    /** Lifetime the hub gives its own timestamps (contract: Expires − Created ≤ 300 s). */
    public static final long TIMESTAMP_SECONDS = 300;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

    private WsUsernameToken() {
    }

    /** Base64(SHA-1(nonce ‖ created ‖ password)); {@code created} exactly as written in the token. */
    public static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "SHA-1 unavailable", e);
        }
    }

    /** 16 bytes from a CSPRNG (contract §4 "Nonce"). */
    public static byte[] newNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** UTC with Z and whole seconds, e.g. 2026-03-02T01:35:22Z. */
    public static String utc(Instant t) {
        return UTC.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * A fresh {@code wsse:Security} header element (mustUnderstand="1") with a Timestamp (now, now + 300 s) and a
     * UsernameToken with a new nonce: every attempt, retries included, calls this again (contract §4 "Retries").
     */
    public static Element securityHeader(String username, String password, Instant now) {
        String created = utc(now);
        byte[] nonce = newNonce();
        Document doc = newDocument();
        Element security = doc.createElementNS(WSSE_NS, "wsse:Security");
        security.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:wsu", WSU_NS);
        security.setAttributeNS(SOAP11_NS, "soap:mustUnderstand", "1");
        doc.appendChild(security);

        Element ts = doc.createElementNS(WSU_NS, "wsu:Timestamp");
        ts.setAttributeNS(WSU_NS, "wsu:Id", "TS-1");
        append(ts, WSU_NS, "wsu:Created", created);
        append(ts, WSU_NS, "wsu:Expires", utc(now.plusSeconds(TIMESTAMP_SECONDS)));
        security.appendChild(ts);

        Element ut = doc.createElementNS(WSSE_NS, "wsse:UsernameToken");
        ut.setAttributeNS(WSU_NS, "wsu:Id", "UT-1");
        append(ut, WSSE_NS, "wsse:Username", username);
        Element pw = append(ut, WSSE_NS, "wsse:Password", digest(nonce, created, password));
        pw.setAttribute("Type", PASSWORD_DIGEST);
        Element n = append(ut, WSSE_NS, "wsse:Nonce", Base64.getEncoder().encodeToString(nonce));
        n.setAttribute("EncodingType", BASE64_BINARY);
        append(ut, WSU_NS, "wsu:Created", created);
        security.appendChild(ut);
        return security;
    }

    private static Element append(Element parent, String ns, String qname, String text) {
        Element e = parent.getOwnerDocument().createElementNS(ns, qname);
        e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no DOM builder", e);
        }
    }
}
