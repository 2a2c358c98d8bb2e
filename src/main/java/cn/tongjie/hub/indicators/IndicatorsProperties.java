package cn.tongjie.hub.indicators;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Indicators API ({@code tongjie.indicators}).
 *
 * @param populationLocation the population table (config/population.yaml); falls back to the copy in the jar when
 *                           the file is absent
 */
@ConfigurationProperties(prefix = "tongjie.indicators")
record IndicatorsProperties(String populationLocation) {

    IndicatorsProperties {
        populationLocation = populationLocation == null ? "file:config/population.yaml" : populationLocation;
    }
}
