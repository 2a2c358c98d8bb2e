package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Contract §4.5 worked examples, from the byte-exact sample bodies. */
class PetitionSignatureTest {

    static final Path SAMPLES = Path.of("src/test/resources/samples/petition");

    @Test
    void exampleAPushSignatureIsReproducedFromTheRawBody() throws IOException {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("signed-request-push.body.json"));
        assertThat(body).hasSize(411);
        assertThat(PetitionSignature.sha256Hex(body))
                .isEqualTo("472805f2d79d10e851011fe7c97f8bd52ae33e0fef61ad4da630000c21836de0");
        assertThat(PetitionSignature.stringToSign("POST", "/api/petition/v1/disputes", "1795831200000",
                "3f2b8c1e-9d4a-4e6b-8a7c-1b2d3e4f5a6b", body))
                .isEqualTo("POST\n/api/petition/v1/disputes\n1795831200000\n3f2b8c1e-9d4a-4e6b-8a7c-1b2d3e4f5a6b\n"
                        + "472805f2d79d10e851011fe7c97f8bd52ae33e0fef61ad4da630000c21836de0");
        assertThat(PetitionSignature.sign("xfT3st-S3cret-2026-NotForProduction", "POST", "/api/petition/v1/disputes",
                "1795831200000", "3f2b8c1e-9d4a-4e6b-8a7c-1b2d3e4f5a6b", body))
                .isEqualTo("FJ2RzShekXNnLSRebrauB1m+GDGKZ7Yql2XK+SULCos=");
    }

    @Test
    void exampleBFeedbackSignatureIncludesTheBasePathPrefix() throws IOException {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("signed-request-feedback.body.json"));
        assertThat(body).hasSize(323);
        assertThat(PetitionSignature.sha256Hex(body))
                .isEqualTo("8dd6cde2315a27ee405a708b43eb45ae3895faf2e4d87e853673dabaead1e017");
        assertThat(PetitionSignature.sign("tjT3st-S3cret-2026-NotForProduction", "POST", "/xfpt/xf/api/v1/feedback",
                "1795768502000", "a8d5e0c2-47b1-4f3e-9c6d-2e7f8a9b0c1d", body))
                .isEqualTo("dAraM9dE92vke4HYxb8yB/pYBCSXCziNEwrEL6IH+OU=");
    }

    @Test
    void emptyBodyHashIsTheContractsConstant() {
        assertThat(PetitionSignature.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
