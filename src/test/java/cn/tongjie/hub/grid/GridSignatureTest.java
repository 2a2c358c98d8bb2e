package cn.tongjie.hub.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Grid contract §4 worked examples A and B, over the exact sample bytes. */
class GridSignatureTest {

    static byte[] sample(String name) throws IOException {
        try (InputStream in = GridSignatureTest.class.getResourceAsStream("/samples/grid/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void workedExampleAGridToHubIsReproducedByteExact() throws IOException {
        byte[] body = sample("signed-request-event.body.json");
        assertThat(body).hasSize(1113);
        assertThat(GridSignature.bodyHash(body))
                .isEqualTo("daf3583d8d7a6da2c2b0685314b3ccf5f293e0de1fd752576d2489bd6353f26b");
        assertThat(GridSignature.sign("wgT3st-S3cret-2026-NotForProduction", "POST", "/api/grid/v1/events",
                "1795827305000", "5b7e9c1d-2f4a-4c6e-8a0b-3d5f7a9c1e2b", body))
                .isEqualTo("0W4kz2hcQ49FhWw4o4QpuyVjM3I0icvT9ZVKkr2nEow=");
    }

    @Test
    void workedExampleBHubToGridSignsThePathWithTheGridBasePrefix() throws IOException {
        byte[] body = sample("signed-request-status.body.json");
        assertThat(body).hasSize(142);
        assertThat(GridSignature.bodyHash(body))
                .isEqualTo("d34721d681af140677fc45420ee56dee0cf7756abdb23e9c486ab2fd852776a9");
        assertThat(GridSignature.sign("tjWgT3st-S3cret-2026-NotForProduction", "PUT",
                "/gateway/wg/api/events/SJ202611280000001234/status", "1795827331000",
                "c4d6e8f0-1a3b-4c5d-9e7f-0a2b4c6d8e0f", body))
                .isEqualTo("3oqzYFlBPZBPm2p4v4oXkdysZ2SOos4GReAFytlXmWM=");
    }

    @Test
    void wrongSecretSampleDoesNotMatchTheGridSecret() throws IOException {
        byte[] body = sample("signed-request-event.body.json");
        String expected = GridSignature.sign("wgT3st-S3cret-2026-NotForProduction", "POST", "/api/grid/v1/events",
                "1795827305000", "7d9f1b3c-5e7a-4b9c-8d1e-3f5a7b9c1d3e", body);
        assertThat(GridSignature.matches(expected, "UsPJflZjdkxwAuGbU/9to181OPXsfwDWOLp5C/Q0jU8=")).isFalse();
    }
}
