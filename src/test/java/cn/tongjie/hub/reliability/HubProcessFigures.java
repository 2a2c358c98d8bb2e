package cn.tongjie.hub.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures issue 7 asks for at the end of the run, one line per scenario: printed to stdout (the failsafe
 * report) and appended to target/reliability-figures.txt, which docs/reliability.md quotes.
 */
final class HubProcessFigures {

    static final Path FILE = Path.of("target", "reliability-figures.txt");

    private HubProcessFigures() {
    }

    static String record(String scenario, int sent, int delivered, int lost, int duplicated, int faults, String extra) {
        String line = "FAULT-FIGURES scenario=" + scenario + " sent=" + sent + " delivered=" + delivered + " lost="
                + lost + " duplicated=" + duplicated + " faults=" + faults + (extra.isEmpty() ? "" : " " + extra);
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("figures not written to " + FILE + ": " + e);
        }
        return line;
    }
}
