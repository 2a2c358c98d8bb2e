package cn.tongjie.hub.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures issue 7 asks for at the end of a fault scenario: one line per scenario on stdout (so the CI log shows
 * it) and appended to {@code target/reliability-figures.txt} (so a run's figures can be collected into
 * docs/reliability.md). Lost is derived, never asserted separately: sent - delivered.
 */
final class InfraFaultFigures {

    static final Path FILE = Path.of("target", "reliability-figures.txt");

    private InfraFaultFigures() {
    }

    /** Prints and appends {@code FAULT-FIGURES scenario=… sent=… delivered=… lost=… duplicated=… faults=…}. */
    static synchronized String record(String scenario, long sent, long delivered, long duplicated, long faults) {
        String line = String.format("FAULT-FIGURES scenario=%s sent=%d delivered=%d lost=%d duplicated=%d faults=%d",
                scenario, sent, delivered, sent - delivered, duplicated, faults);
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }
}
