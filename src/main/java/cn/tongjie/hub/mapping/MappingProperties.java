package cn.tongjie.hub.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the JSLT mapping files live.
 *
 * @param location {@code tongjie.mappings.location}: a Spring resource location (directory) holding
 *                 {@code <agency>/<name>.jslt}. Default {@code classpath:mappings/}, the copy of the repo's
 *                 {@code mappings/} folder packed into the jar, so the hub runs without extra files; operators set
 *                 {@code file:mappings/} (or an absolute {@code file:} path) to edit mappings without a rebuild and
 *                 apply them with {@link MappingEngine#reload()}.
 */
@ConfigurationProperties(prefix = "tongjie.mappings")
public record MappingProperties(@DefaultValue(MappingProperties.DEFAULT_LOCATION) String location) {

    public static final String DEFAULT_LOCATION = "classpath:mappings/";

    public MappingProperties {
        if (location == null || location.isBlank()) {
            location = DEFAULT_LOCATION;
        }
        location = location.strip();
        // The engine appends "<agency>/<name>.jslt" patterns; a missing slash would silently match nothing.
        if (!location.endsWith("/")) {
            location = location + "/";
        }
    }
}
