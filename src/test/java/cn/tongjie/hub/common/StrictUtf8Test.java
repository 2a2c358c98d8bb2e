package cn.tongjie.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    @Test
    void shouldDecodeWellFormedUtf8IncludingChinese() {
        assertThat(StrictUtf8.decode("{\"name\":\"中文\"}".getBytes(StandardCharsets.UTF_8))).contains("{\"name\":\"中文\"}");
    }

    @Test
    void shouldRefuseGb18030Bytes() {
        assertThat(StrictUtf8.decode("{\"name\":\"中文\"}".getBytes(Charset.forName("GB18030")))).isEmpty();
    }

    @Test
    void shouldRefuseATruncatedMultiByteSequenceAndALoneSurrogateEncoding() {
        assertThat(StrictUtf8.isValid(new byte[] {'"', (byte) 0xE4, (byte) 0xB8})).isFalse();
        // CESU-style encoded surrogate U+D800: not UTF-8
        assertThat(StrictUtf8.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isFalse();
    }

    @Test
    void shouldAcceptAnEmptyBody() {
        assertThat(StrictUtf8.decode(new byte[0])).contains("");
        assertThat(StrictUtf8.decode(null)).contains("");
    }
}
