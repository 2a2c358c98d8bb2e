package cn.tongjie.hub.warning;

import cn.tongjie.hub.warning.EarlyWarningRules.TownshipRule;
import java.util.List;

/** The township surge rule on its own: this window's count against the township's own baseline. */
final class TownshipSurge {

    private TownshipSurge() {
    }

    /** @param previous counts of the previous windows (as many as the rule's baseline-windows) */
    record Verdict(boolean surge, int current, double baseline, double threshold) {
    }

    static Verdict evaluate(TownshipRule rule, int current, List<Integer> previous) {
        double baseline = previous.isEmpty() ? 0 : previous.stream().mapToInt(Integer::intValue).average().orElse(0);
        double threshold = Math.max(rule.minDisputes(), baseline * rule.factor());
        return new Verdict(current >= threshold, current, baseline, threshold);
    }
}
