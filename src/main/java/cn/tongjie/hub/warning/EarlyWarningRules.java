package cn.tongjie.hub.warning;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The administrators' early-warning thresholds (config/early-warning.yaml). Re-read when the file changes; an invalid
 * edit is refused and the running rules stay, as with the routing rules.
 */
@Component
public class EarlyWarningRules {

    private static final Logger log = LoggerFactory.getLogger(EarlyWarningRules.class);
    private static final String JAR_COPY = "classpath:config/early-warning.yaml";
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    record EmployerRule(boolean enabled, List<String> categories, Duration window,
            @JsonProperty("min-workers") int minWorkers, @JsonProperty("min-disputes") int minDisputes) {

        boolean counts(String category) {
            return categories == null || categories.isEmpty() || categories.contains(category);
        }
    }

    record TownshipRule(boolean enabled, List<String> categories, Duration window,
            @JsonProperty("baseline-windows") int baselineWindows, double factor,
            @JsonProperty("min-disputes") int minDisputes) {

        boolean counts(String category) {
            return categories == null || categories.isEmpty() || categories.contains(category);
        }
    }

    record RulesFile(int version, EmployerRule employer, TownshipRule township) {
    }

    private record Loaded(RulesFile rules, String source, long lastModified) {
    }

    private final String location;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    EarlyWarningRules(EarlyWarningProperties props) {
        this.location = props.rulesLocation();
        Resource r = resource();
        current.set(new Loaded(load(r), r.getDescription(), lastModified(r)));
        log.info("Early-warning rules loaded from {}", r.getDescription());
    }

    RulesFile current() {
        return current.get().rules();
    }

    /** Re-reads the file if it changed; throws (and keeps the running rules) when the new text is invalid. */
    public synchronized boolean reloadIfChanged() {
        Resource r = resource();
        long modified = lastModified(r);
        Loaded running = current.get();
        if (modified == running.lastModified() && r.getDescription().equals(running.source())) {
            return false;
        }
        current.set(new Loaded(load(r), r.getDescription(), modified));
        log.info("Early-warning rules reloaded from {}", r.getDescription());
        return true;
    }

    /** Validates a candidate text without applying it (the admin API's validate action). */
    public static void validateText(String yaml) {
        parse(yaml);
    }

    static RulesFile parse(String yaml) {
        try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return validate(MAPPER.convertValue(tree, RulesFile.class));
        } catch (IllegalArgumentException | ClassCastException | org.yaml.snakeyaml.error.YAMLException e) {
            throw new HubException(ErrorCode.TJ_EARLY_WARNING_RULES_INVALID, e.getMessage(), e);
        }
    }

    static RulesFile validate(RulesFile f) {
        if (f == null || f.employer() == null || f.township() == null) {
            throw invalid("both employer and township sections are required");
        }
        EmployerRule e = f.employer();
        if (e.window() == null || e.window().isNegative() || e.window().isZero()) {
            throw invalid("employer.window must be a positive duration");
        }
        if (e.minWorkers() < 2 || e.minDisputes() < 2) {
            throw invalid("employer.min-workers and employer.min-disputes must be at least 2");
        }
        TownshipRule t = f.township();
        if (t.window() == null || t.window().isNegative() || t.window().isZero()) {
            throw invalid("township.window must be a positive duration");
        }
        if (t.baselineWindows() < 1 || t.factor() < 1.0 || t.minDisputes() < 2) {
            throw invalid("township needs baseline-windows >= 1, factor >= 1.0, min-disputes >= 2");
        }
        return f;
    }

    private static HubException invalid(String why) {
        return new HubException(ErrorCode.TJ_EARLY_WARNING_RULES_INVALID, why);
    }

    private Resource resource() {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        Resource r = loader.getResource(location);
        return r.exists() ? r : loader.getResource(JAR_COPY);
    }

    private static RulesFile load(Resource r) {
        try (InputStream in = r.getInputStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_EARLY_WARNING_RULES_INVALID, "cannot read " + r.getDescription(), e);
        }
    }

    private static long lastModified(Resource r) {
        try {
            return r.isFile() ? r.lastModified() : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }
}
