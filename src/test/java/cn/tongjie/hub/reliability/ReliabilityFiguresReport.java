package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs after all integration tests (failsafe's last execution, output not redirected, next to LogHygieneCheck), so the
 * figures of every fault scenario of this build appear together at the end of the build's log (issue 7: "the figures
 * printed at the end"), and a scenario that lost or duplicated anything fails the build here too.
 */
class ReliabilityFiguresReport {

    private static final Pattern LINE = Pattern.compile(
            "FAULT-FIGURES scenario=(\\S+) sent=(\\d+) delivered=(\\d+) lost=(-?\\d+) duplicated=(\\d+).*");

    @Test
    void shouldPrintEveryFaultScenarioWithNothingLostOrDuplicated() throws IOException {
        if (!Files.exists(InfraFaultFigures.FILE)) {
            // a partial run (-Dit.test=…) without a fault scenario: nothing to report
            System.out.println("No fault scenario ran in this build: no figures to report.");
            return;
        }
        List<String> lines = Files.readAllLines(InfraFaultFigures.FILE, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("FAULT-FIGURES")).toList();
        System.out.println();
        System.out.println("Fault-injection figures (target/reliability-figures.txt):");
        System.out.printf("  %-32s %8s %10s %6s %11s%n", "scenario", "sent", "delivered", "lost", "duplicated");
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertThat(m.matches()).as("figures line %s", l).isTrue();
            System.out.printf("  %-32s %8s %10s %6s %11s%n", m.group(1), m.group(2), m.group(3), m.group(4),
                    m.group(5));
        }
        System.out.println();
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertThat(m.matches()).isTrue();
            assertThat(Long.parseLong(m.group(4))).as("lost in %s", m.group(1)).isZero();
            assertThat(Long.parseLong(m.group(5))).as("duplicated in %s", m.group(1)).isZero();
        }
    }
}
