package cn.tongjie.hub.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding of an inbound body. Every JSON contract says "UTF-8"; a body in another encoding (e.g. GB18030)
 * must get the contract's "not JSON" answer, not be silently decoded with replacement characters (which would store
 * mojibake) nor fail somewhere below the connector with a bare 500 (which the sender retries for ever).
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The text of {@code body}, or empty when it is not well-formed UTF-8 (malformed or unmappable bytes). */
    public static Optional<String> decode(byte[] body) {
        try {
            // a fresh decoder per call: CharsetDecoder is stateful and not thread-safe
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body == null ? new byte[0] : body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code body} is well-formed UTF-8. */
    public static boolean isValid(byte[] body) {
        return decode(body).isPresent();
    }
}
