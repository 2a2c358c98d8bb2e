package cn.tongjie.hub.petition;

import java.util.Map;
import java.util.Set;

/** Contract §6.3: which blzt may follow which (the petition system answers anything else with 409/3004). */
final class FeedbackRules {

    static final Set<String> FINAL = Set.of("04", "05", "06");
    private static final Set<String> FIRST = Set.of("01", "02", "06");
    private static final Map<String, Set<String>> NEXT = Map.of(
            "01", Set.of("02", "03", "04", "05"),
            "02", Set.of("02", "03", "04", "05"),
            "03", Set.of("03", "04", "05"));

    private FeedbackRules() {
    }

    /**
     * §8 extension request (sqyq only with 01/02/03, §6.1): the blzt it travels with after {@code previous} — 01 受理 by
     * the hub before anything was sent, otherwise the current state repeated where §6.3 allows it (02 → 02, 03 → 03),
     * 03 after 01; null after a final code (no extension then).
     */
    static String extensionBlzt(String previous) {
        if (previous == null) {
            return "01";
        }
        if (FINAL.contains(previous)) {
            return null;
        }
        return "01".equals(previous) ? "03" : previous;
    }

    /** @param previous blzt of the last queued feedback, null before the first */
    static boolean allowed(String previous, String next) {
        if (previous == null) {
            return FIRST.contains(next);
        }
        return NEXT.getOrDefault(previous, Set.of()).contains(next);
    }
}
