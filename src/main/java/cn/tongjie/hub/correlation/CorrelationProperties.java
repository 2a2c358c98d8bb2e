package cn.tongjie.hub.correlation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cross-channel correlation settings (prefix {@code tongjie.correlation}); the rule is described in
 * docs/correlation.md and {@link CorrelationMatcher}.
 *
 * @param enabled           false: every report becomes its own dispute (e.g. while a wrong rule is investigated)
 * @param window            how far apart (occurredAt, else reportedAt) two reports of one dispute may be; the grid
 *                          contract §5.5 expects 48 h
 * @param maxDistanceMetres reports whose WGS-84 points are farther apart are different places, whatever the region
 * @param minSharedNames    shared party names needed when no ID number is shared (fewer if a report names fewer)
 * @param collectiveRule    how a collective dispute's part results make its one outcome ({@link CollectiveOutcome}):
 *                          ANY_SUCCESS (default, reproduces the samples), MAJORITY or ALL_SUCCESS
 */
@ConfigurationProperties(prefix = "tongjie.correlation")
record CorrelationProperties(Boolean enabled, Duration window, Double maxDistanceMetres, Integer minSharedNames,
        String collectiveRule) {

    CorrelationProperties {
        enabled = enabled == null || enabled;
        window = window == null ? Duration.ofHours(48) : window;
        maxDistanceMetres = maxDistanceMetres == null ? 1000.0 : maxDistanceMetres;
        minSharedNames = minSharedNames == null ? 2 : minSharedNames;
        collectiveRule = collectiveRule == null || collectiveRule.isBlank() ? "ANY_SUCCESS" : collectiveRule;
    }
}
