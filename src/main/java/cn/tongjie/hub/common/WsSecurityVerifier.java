package cn.tongjie.hub.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Verifies the WS-Security header of a request exactly as the court contract §4 fixes it, in its order: structure
 * ({@link Failure#SECURITY_HEADER_INVALID}), times ({@link Failure#TIMESTAMP_INVALID}), username and digest
 * ({@link Failure#AUTH_FAILED}), nonce ({@link Failure#NONCE_REPLAYED}). Shared by the hub's CourtDocking gate
 * (court → hub) and the court simulator (hub → court), so both directions apply the same rules; who owns which
 * password and where nonces are remembered is plugged in.
 *
 * <p>Hand-written rather than WSS4J because the contract fixes the check order and every time must come from the
 * hub's injectable clock. The input is DOM parsed by the caller with DTDs disallowed.
 */
public final class WsSecurityVerifier {

    /** The four §4 outcomes, named as the contract's fault codes. */
    public enum Failure { SECURITY_HEADER_INVALID, TIMESTAMP_INVALID, AUTH_FAILED, NONCE_REPLAYED }

    /** A failed check: {@link #failure()} is the contract code; the message never contains a password or nonce. */
    public static final class WsSecurityException extends HubException {

        private final Failure failure;

        public WsSecurityException(Failure failure, String message) {
            super(failure == Failure.AUTH_FAILED ? ErrorCode.TJ_UNAUTHORIZED : ErrorCode.TJ_INBOUND_INVALID,
                    failure + ": " + message);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** The clear password of a username (PasswordDigest can only be verified with it), or empty if unknown. */
    @FunctionalInterface
    public interface PasswordLookup {
        Optional<String> passwordOf(String username);
    }

    /** Where accepted (username, nonce) pairs are remembered; shared by every node that accepts requests. */
    @FunctionalInterface
    public interface NonceStore {
        /** Remembers the pair until {@code expiresAt}; false if it is already remembered (a replay). */
        boolean rememberIfAbsent(String username, String nonce, Instant expiresAt);
    }

    /**
     * The §4 limits.
     *
     * @param maxTimestampLifetime greatest Expires − Timestamp/Created (300 s)
     * @param maxCreatedAge        oldest UsernameToken/Created accepted, before now (300 s)
     * @param futureTolerance      how far Created may be ahead of now (60 s), for clock skew
     * @param nonceTtl             how long an accepted nonce is remembered (600 s)
     */
    public record Limits(Duration maxTimestampLifetime, Duration maxCreatedAge, Duration futureTolerance,
            Duration nonceTtl) {

        /** The values of contract §4. */
        public static Limits contract() {
            return new Limits(Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(60),
                    Duration.ofSeconds(600));
        }
    }

    private static final Pattern UTC_TIME =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z");
    private static final int MIN_NONCE_BYTES = 16;
    private static final int MAX_NONCE_BYTES = 64;
    /** Digest of an unknown user is still computed (against this), so timing does not reveal which users exist. */
    private static final String NO_PASSWORD = "\u0000no-such-user\u0000";

    private final Clock clock;
    private final PasswordLookup passwords;
    private final NonceStore nonces;
    private final Limits limits;

    public WsSecurityVerifier(Clock clock, PasswordLookup passwords, NonceStore nonces, Limits limits) {
        this.clock = clock;
        this.passwords = passwords;
        this.nonces = nonces;
        this.limits = limits;
    }

    /**
     * Checks the request's header blocks and returns the authenticated username.
     *
     * @param headerBlocks every child element of soap:Header (empty if there is no Header)
     */
    public String verify(List<Element> headerBlocks) {
        Instant now = clock.instant();
        // (1) structure
        List<Element> securities = headerBlocks.stream()
                .filter(e -> is(e, WsUsernameToken.WSSE_NS, "Security")).toList();
        if (securities.size() != 1) {
            throw fail(Failure.SECURITY_HEADER_INVALID, securities.isEmpty() ? "no wsse:Security header"
                    : "more than one wsse:Security header");
        }
        Element security = securities.get(0);
        Element timestamp = null;
        Element token = null;
        for (Element child : children(security)) {
            if (is(child, WsUsernameToken.WSU_NS, "Timestamp") && timestamp == null) {
                timestamp = child;
            } else if (is(child, WsUsernameToken.WSSE_NS, "UsernameToken") && token == null) {
                token = child;
            } else {
                // "exactly one Timestamp and exactly one UsernameToken": a second one, or anything else, is refused
                throw fail(Failure.SECURITY_HEADER_INVALID, "unexpected " + child.getLocalName() + " in wsse:Security");
            }
        }
        if (timestamp == null || token == null) {
            throw fail(Failure.SECURITY_HEADER_INVALID, "wsu:Timestamp and wsse:UsernameToken are both required");
        }
        Instant tsCreated = time(single(timestamp, WsUsernameToken.WSU_NS, "Created", "Timestamp/Created"),
                "Timestamp/Created");
        Instant expires = time(single(timestamp, WsUsernameToken.WSU_NS, "Expires", "Timestamp/Expires"),
                "Timestamp/Expires");
        onlyChildren(timestamp, 2, "wsu:Timestamp");
        String username = text(single(token, WsUsernameToken.WSSE_NS, "Username", "Username"));
        Element passwordElement = single(token, WsUsernameToken.WSSE_NS, "Password", "Password");
        // An absent Type means PasswordText (UsernameToken profile): refused like an explicit one.
        if (!WsUsernameToken.PASSWORD_DIGEST.equals(passwordElement.getAttribute("Type").trim())) {
            throw fail(Failure.SECURITY_HEADER_INVALID, "only PasswordDigest is accepted");
        }
        Element nonceElement = single(token, WsUsernameToken.WSSE_NS, "Nonce", "Nonce");
        String encoding = nonceElement.getAttribute("EncodingType").trim();
        if (!encoding.isEmpty() && !WsUsernameToken.BASE64_BINARY.equals(encoding)) {
            throw fail(Failure.SECURITY_HEADER_INVALID, "Nonce EncodingType must be Base64Binary");
        }
        byte[] nonce = base64(text(nonceElement), "Nonce");
        if (nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
            throw fail(Failure.SECURITY_HEADER_INVALID, "Nonce must have 16 to 64 bytes");
        }
        // The digest covers Created exactly as sent, so keep the text.
        String utCreatedText = text(single(token, WsUsernameToken.WSU_NS, "Created", "UsernameToken/Created"));
        Instant utCreated = time(utCreatedText, "UsernameToken/Created");
        onlyChildren(token, 4, "wsse:UsernameToken");
        if (username.isEmpty()) {
            throw fail(Failure.SECURITY_HEADER_INVALID, "Username is empty");
        }

        // (2) times, with the receiver's clock
        if (!expires.isAfter(tsCreated)) {
            throw fail(Failure.TIMESTAMP_INVALID, "Expires is not after Created");
        }
        if (Duration.between(tsCreated, expires).compareTo(limits.maxTimestampLifetime()) > 0) {
            throw fail(Failure.TIMESTAMP_INVALID, "Timestamp lifetime exceeds " + limits.maxTimestampLifetime());
        }
        if (now.isAfter(expires)) {
            throw fail(Failure.TIMESTAMP_INVALID, "Timestamp expired");
        }
        if (tsCreated.isAfter(now.plus(limits.futureTolerance()))) {
            throw fail(Failure.TIMESTAMP_INVALID, "Timestamp/Created is in the future");
        }
        if (utCreated.isBefore(now.minus(limits.maxCreatedAge()))) {
            throw fail(Failure.TIMESTAMP_INVALID, "UsernameToken/Created is too old");
        }
        if (utCreated.isAfter(now.plus(limits.futureTolerance()))) {
            throw fail(Failure.TIMESTAMP_INVALID, "UsernameToken/Created is in the future");
        }

        // (3) username and digest
        Optional<String> password = passwords.passwordOf(username).filter(p -> !p.isEmpty());
        byte[] expected = Base64.getDecoder().decode(
                WsUsernameToken.digest(nonce, utCreatedText, password.orElse(NO_PASSWORD)));
        byte[] given;
        try {
            given = Base64.getMimeDecoder().decode(text(passwordElement));
        } catch (IllegalArgumentException notBase64) {
            given = new byte[0];
        }
        boolean digestMatches = MessageDigest.isEqual(expected, given); // constant time
        if (password.isEmpty() || !digestMatches) {
            throw fail(Failure.AUTH_FAILED, "unknown username or wrong password digest");
        }

        // (4) replay: remembered from now on, whatever becomes of the message
        String canonicalNonce = Base64.getEncoder().encodeToString(nonce);
        if (!nonces.rememberIfAbsent(username, canonicalNonce, now.plus(limits.nonceTtl()))) {
            throw fail(Failure.NONCE_REPLAYED, "nonce already used");
        }
        return username;
    }

    private static WsSecurityException fail(Failure failure, String message) {
        return new WsSecurityException(failure, message);
    }

    private static Element single(Element parent, String ns, String local, String what) {
        Element found = null;
        for (Element child : children(parent)) {
            if (is(child, ns, local)) {
                if (found != null) {
                    throw fail(Failure.SECURITY_HEADER_INVALID, "more than one " + what);
                }
                found = child;
            }
        }
        if (found == null) {
            throw fail(Failure.SECURITY_HEADER_INVALID, what + " is missing");
        }
        return found;
    }

    /** Nothing but the expected children (counted by {@link #single}) may be present. */
    private static void onlyChildren(Element parent, int expected, String what) {
        if (children(parent).size() != expected) {
            throw fail(Failure.SECURITY_HEADER_INVALID, "unexpected element in " + what);
        }
    }

    private static Instant time(Element e, String what) {
        return time(text(e), what);
    }

    private static Instant time(String text, String what) {
        // §4: UTC with Z (fraction allowed), no offsets
        if (!UTC_TIME.matcher(text).matches()) {
            throw fail(Failure.SECURITY_HEADER_INVALID, what + " is not a UTC time with Z");
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw fail(Failure.SECURITY_HEADER_INVALID, what + " is not a valid time");
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getMimeDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw fail(Failure.SECURITY_HEADER_INVALID, what + " is not Base64");
        }
    }

    private static String text(Element e) {
        return e.getTextContent() == null ? "" : e.getTextContent().trim();
    }

    private static boolean is(Element e, String ns, String local) {
        return ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    /** Child elements in document order. */
    public static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
