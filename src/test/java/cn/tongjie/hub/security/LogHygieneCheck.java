package cn.tongjie.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.tongjie.hub.common.IdNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of the build (its own failsafe execution, see pom.xml): everything the test JVMs printed
 * — the hubs' logs of all integration tests, unit tests' output — must contain no resident ID number, no mobile phone
 * number and no party name of the agencies' samples in clear. The names are collected from the samples themselves
 * (every short Chinese personal-name field: name, xm, xfrxm, bjrxm, cbr, tjr, mediator_name, legalRepresentative,
 * the court's cd:name, the union's 申请人 column), so a new sample extends the check.
 */
class LogHygieneCheck {

    private static final Path TARGET = Path.of("target");
    private static final Pattern RESIDENT_ID = Pattern.compile(
            "(?<![0-9A-Za-z])[1-9]\\d{5}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx](?![0-9A-Za-z])");
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9A-Za-z])1[3-9]\\d{9}(?![0-9A-Za-z])");
    private static final Pattern CHINESE_NAME = Pattern.compile("[\\p{IsHan}·]{2,4}");
    private static final Set<String> NAME_KEYS = Set.of("name", "xm", "xfrxm", "bjrxm", "cbr", "tjr", "mediator_name",
            "legalRepresentative");
    private static final Pattern COURT_NAME = Pattern.compile("<cd:(?:name|mediatorName|judgeName|contactName)>([^<]{2,4})<");

    @Test
    void shouldFindNoIdNumberPhoneOrPartyNameInAnyTestOutput() throws IOException {
        List<Path> outputs = outputs();
        // only a build that ran no integration test has nothing to check (a unit-test-only run); CI always runs them
        assumeTrue(outputs.stream().anyMatch(p -> p.toString().contains("failsafe-reports")),
                "no integration test output in this build");
        // Spring's start line of a test's hub ("Started GridSamplesIT in 12.3 seconds")
        Pattern hubStarted = Pattern.compile("Started \\w+ in [0-9.]+ seconds");
        assertThat(outputs.stream().anyMatch(p -> hubStarted.matcher(read(p)).find()))
                .as("the hubs' logs are captured (redirectTestOutputToFile)").isTrue();

        Set<String> names = sampleNames();
        assertThat(names).as("names collected from the samples").hasSizeGreaterThan(20);
        List<String> leaks = new ArrayList<>();
        for (Path p : outputs) {
            String[] lines = read(p).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.contains("LogHygieneCheck")) {
                    continue;
                }
                Matcher id = RESIDENT_ID.matcher(line);
                while (id.find()) {
                    leaks.add(p.getFileName() + ":" + (i + 1) + " ID number " + mask(id.group()));
                }
                Matcher phone = MOBILE.matcher(line);
                while (phone.find()) {
                    leaks.add(p.getFileName() + ":" + (i + 1) + " phone " + mask(phone.group()));
                }
                for (String name : names) {
                    if (line.contains(name)) {
                        leaks.add(p.getFileName() + ":" + (i + 1) + " name " + name.charAt(0) + "…");
                    }
                }
            }
        }
        assertThat(leaks).as("personal data in clear in the test output").isEmpty();
    }

    private static List<Path> outputs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("surefire-reports", "failsafe-reports")) {
            Path d = TARGET.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().endsWith("-output.txt"))
                        .filter(p -> !p.getFileName().toString().contains("LogHygieneCheck"))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** Personal names in the agencies' samples (test resources copied from the contracts). */
    static Set<String> sampleNames() {
        Set<String> names = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.walk(samplesRoot())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(".json")) {
                    try {
                        collect(mapper.readTree(f.toFile()), names);
                    } catch (IOException notJson) {
                        // invalid-JSON samples carry no names worth collecting
                    }
                } else if (file.endsWith(".xml")) {
                    // lenient: the invalid-encoding samples are not UTF-8
                    Matcher m = COURT_NAME.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                    while (m.find()) {
                        addIfName(m.group(1), names);
                    }
                } else if (file.startsWith("LDZY_") && file.endsWith(".csv")) {
                    String text = new String(Files.readAllBytes(f), java.nio.charset.Charset.forName("GB18030"));
                    for (String line : text.split("\r\n")) {
                        String[] cells = line.split(",");
                        if (cells.length > 2 && !cells[0].equals("案件编号")) {
                            addIfName(cells[1], names);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void collect(JsonNode n, Set<String> names) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (NAME_KEYS.contains(e.getKey()) && e.getValue().isTextual()) {
                    addIfName(e.getValue().asText(), names);
                }
                collect(e.getValue(), names);
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, names));
        } else if (n.isTextual() && n.asText().startsWith("{")) {
            try {
                collect(new ObjectMapper().readTree(n.asText()), names); // police records carry their value as text
            } catch (IOException notJson) {
                // plain text
            }
        }
    }

    private static void addIfName(String value, Set<String> names) {
        if (CHINESE_NAME.matcher(value).matches()) {
            names.add(value);
        }
    }

    private static Path samplesRoot() {
        try {
            return Path.of(LogHygieneCheck.class.getResource("/samples").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8); // lenient: logs may hold any bytes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report itself must not repeat what it found. */
    private static String mask(String value) {
        return value.substring(0, 3) + "…" + (IdNumbers.isValidResidentId(value) ? " (valid check digit)" : "");
    }
}
