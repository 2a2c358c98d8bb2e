package cn.tongjie.hub.correlation;

import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The aggregation rule of a collective dispute (many workers or parties, results arriving part by part): the caller
 * concludes only when every part has its result, and this rule turns the parts' results into the one canonical
 * outcome (SUCCESS, FAILURE, TERMINATED) that every originating channel's feedback then maps to its own code.
 * Configured by {@code tongjie.correlation.collective-rule} (docs/correlation.md):
 * <ul>
 * <li>{@code ANY_SUCCESS} (default): any part succeeded ⇒ SUCCESS; else any failed ⇒ FAILURE; all withdrawn ⇒
 * TERMINATED. Reproduces the samples: story L (20 成功, 2 不成功, 1 撤回) reaches the petition office as resolved (04)
 * and the police as 02.</li>
 * <li>{@code MAJORITY}: SUCCESS when more than half of the parts not withdrawn succeeded; else FAILURE if any part was
 * not withdrawn; else TERMINATED.</li>
 * <li>{@code ALL_SUCCESS}: SUCCESS only when every part not withdrawn succeeded; else FAILURE; all withdrawn ⇒
 * TERMINATED.</li>
 * </ul>
 */
@Component
public class CollectiveOutcome {

    enum Rule { ANY_SUCCESS, MAJORITY, ALL_SUCCESS }

    private final Rule rule;

    @Autowired
    CollectiveOutcome(CorrelationProperties props) {
        this.rule = Rule.valueOf(props.collectiveRule().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    CollectiveOutcome(Rule rule) {
        this.rule = rule;
    }

    /** The canonical outcome of a collective dispute whose every part has a result. */
    public String outcome(long succeeded, long failed, long withdrawn) {
        long decided = succeeded + failed;
        if (decided == 0) {
            return "TERMINATED";
        }
        boolean success = switch (rule) {
            case ANY_SUCCESS -> succeeded > 0;
            case MAJORITY -> succeeded * 2 > decided;
            case ALL_SUCCESS -> failed == 0;
        };
        return success ? "SUCCESS" : "FAILURE";
    }
}
