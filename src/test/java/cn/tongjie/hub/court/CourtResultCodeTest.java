package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CourtResultCode} is the contract's codes/result-codes.csv, no more and no less. */
class CourtResultCodeTest {

    @Test
    void shouldMatchResultCodesCsvCodeByCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("connectors/court/codes/result-codes.csv"),
                StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("code,channel,faultcode,http_status,raised_by,retryable,");
        List<String> names = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            // The first six columns never contain commas; the free text after them may.
            List<String> c = Arrays.asList(line.split(",", 7));
            CourtResultCode code = CourtResultCode.valueOf(c.get(0));
            names.add(c.get(0));
            assertThat(code.channel().name()).as(c.get(0)).isEqualTo(c.get(1));
            String faultcode = code.faultCode() == CourtResultCode.FaultCode.NONE ? ""
                    : "soap:" + code.faultCode().localName();
            assertThat(faultcode).as(c.get(0)).isEqualTo(c.get(2));
            assertThat(code.httpStatus()).as(c.get(0)).isEqualTo(Integer.parseInt(c.get(3)));
            assertThat(code.retryable()).as(c.get(0)).isEqualTo(!"no".equals(c.get(5)));
        }
        assertThat(names).containsExactlyInAnyOrder(
                Arrays.stream(CourtResultCode.values()).map(Enum::name).toArray(String[]::new));
    }
}
