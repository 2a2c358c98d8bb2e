package cn.tongjie.hub.routing;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The administrators' routing rules (config/routing-rules.yaml). Loaded at start and re-read when the file changes;
 * a new version replaces the running one only after it passed validation, so a bad edit never takes the hub down.
 */
@Component
public class RoutingRules {

    private static final Logger log = LoggerFactory.getLogger(RoutingRules.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String JAR_COPY = "classpath:config/routing-rules.yaml";
    /** Rule id recorded on an assignment that followed the court's suggested organisation. */
    public static final String COURT_SUGGESTED = "court-suggested";

    private final String location;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    RoutingRules(@Value("${tongjie.routing.rules-location}") String location) {
        this.location = location;
        Loaded first = load(resource());
        current.set(first);
        log.info("Routing rules version {} loaded from {} ({} rules)", first.file().version(), first.source(),
                first.file().rules().size());
    }

    /** Re-reads the file if it changed; keeps the running rules (and throws) if the new version is invalid. */
    public synchronized boolean reloadIfChanged() {
        Resource r = resource();
        long modified = lastModified(r);
        Loaded running = current.get();
        if (modified == running.lastModified() && r.getDescription().equals(running.source())) {
            return false;
        }
        Loaded next = load(r);
        current.set(next);
        log.info("Routing rules reloaded from {} ({} rules)", next.source(), next.file().rules().size());
        return true;
    }

    /** Validates a candidate text without applying it (for the admin API's validate action). */
    public static RulesFile parseAndValidate(String yaml) {
        return validate(parse(yaml));
    }

    /**
     * First matching rule whose target has not been tried for this dispute yet; the default when none matches (and it
     * was not tried either); empty when every possible body has been tried.
     */
    public Optional<Decision> decide(String category, String regionCode, Set<String> alreadyTried) {
        RulesFile f = current.get().file();
        for (Rule rule : f.rules()) {
            if (matches(rule.when(), category, regionCode) && !alreadyTried.contains(rule.target())) {
                Target t = f.targets().get(rule.target());
                return Optional.of(new Decision(rule.id(), rule.target(), t.name(), t.agency(), false));
            }
        }
        Rule d = f.defaultRule();
        if (alreadyTried.contains(d.target())) {
            return Optional.empty();
        }
        Target t = f.targets().get(d.target());
        return Optional.of(new Decision(d.id(), d.target(), t.name(), t.agency(), true));
    }

    /**
     * The court's suggestion (contract §7.1 suggestedMediationOrg): the target that carries this court roster code, if
     * it accepts the category and has not been tried for this dispute yet. Empty otherwise, and then the normal rules
     * apply.
     */
    public Optional<Decision> suggested(String courtRosterCode, String category, Set<String> alreadyTried) {
        if (courtRosterCode == null || courtRosterCode.isBlank()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Target> e : current.get().file().targets().entrySet()) {
            Target t = e.getValue();
            if (courtRosterCode.equals(t.courtRosterCode()) && t.accepts(category)
                    && !alreadyTried.contains(e.getKey())) {
                return Optional.of(new Decision(COURT_SUGGESTED, e.getKey(), t.name(), t.agency(), false));
            }
        }
        return Optional.empty();
    }

    /** A target by its code (the committee code for legal-service targets). */
    public Optional<Target> target(String code) {
        return Optional.ofNullable(code == null ? null : current.get().file().targets().get(code));
    }

    public RulesFile rules() {
        return current.get().file();
    }

    private static boolean matches(When when, String category, String regionCode) {
        if (when == null) {
            return true;
        }
        if (when.categories() != null && !when.categories().isEmpty() && !when.categories().contains(category)) {
            return false;
        }
        if (when.regions() != null && !when.regions().isEmpty()) {
            return when.regions().stream().anyMatch(p -> regionCode != null && regionCode.startsWith(p));
        }
        return true;
    }

    private Resource resource() {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        Resource r = loader.getResource(location);
        return r.exists() ? r : loader.getResource(JAR_COPY);
    }

    private static Loaded load(Resource r) {
        try (InputStream in = r.getInputStream()) {
            RulesFile f = validate(parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            return new Loaded(f, r.getDescription(), lastModified(r));
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "routing rules unreadable: " + r.getDescription(), e);
        }
    }

    private static long lastModified(Resource r) {
        try {
            return r.isFile() ? r.lastModified() : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    private static RulesFile parse(String yaml) {
        try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return MAPPER.convertValue(tree, RulesFile.class);
        } catch (RuntimeException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "routing rules are not valid YAML of the expected shape: "
                    + e.getMessage(), e);
        }
    }

    private static RulesFile validate(RulesFile f) {
        List<String> problems = new ArrayList<>();
        if (f == null || f.targets() == null || f.rules() == null || f.defaultRule() == null) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "routing rules need targets, rules and default");
        }
        Set<String> ids = new java.util.HashSet<>();
        List<Rule> all = new ArrayList<>(f.rules());
        all.add(f.defaultRule());
        for (Rule r : all) {
            if (r.id() == null || !ids.add(r.id())) {
                problems.add("rule id missing or repeated: " + r.id());
            }
            Target t = f.targets().get(r.target());
            if (t == null) {
                problems.add("rule " + r.id() + " names unknown target " + r.target());
                continue;
            }
            Collection<String> accepts = t.acceptedCategories();
            if (accepts != null) {
                List<String> cats = r.when() == null ? null : r.when().categories();
                if (cats == null || cats.isEmpty() || !accepts.containsAll(cats)) {
                    problems.add("rule " + r.id() + " would send " + t.name() + " categories it does not accept "
                            + "(it accepts only " + accepts + ")");
                }
            }
        }
        Set<String> rosterCodes = new java.util.HashSet<>();
        f.targets().forEach((code, t) -> {
            if (t.courtRosterCode() != null && !rosterCodes.add(t.courtRosterCode())) {
                problems.add("court roster code " + t.courtRosterCode() + " is on more than one target (" + code + ")");
            }
        });
        if (f.targets().get(f.defaultRule().target()) != null
                && f.targets().get(f.defaultRule().target()).acceptedCategories() != null) {
            problems.add("the default target must accept all categories");
        }
        if (!problems.isEmpty()) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "routing rules rejected: " + problems);
        }
        return f;
    }

    record Loaded(RulesFile file, String source, long lastModified) {
    }

    /** The whole file. */
    public record RulesFile(int version, Map<String, Target> targets, List<Rule> rules,
            @com.fasterxml.jackson.annotation.JsonProperty("default") Rule defaultRule) {
    }

    /**
     * A mediation body a rule may name. {@code accepts}: "all" or a list of canonical categories. Optional:
     * {@code region} (its area, GB/T 2260, 6 or 9 digits), {@code orgType} (court contract §6.6 MediationOrgType) and
     * {@code courtRosterCode} (its code on the court's 特邀调解组织名册).
     */
    public record Target(String agency, String name, Object accepts, String region, String orgType,
            String courtRosterCode) {
        @SuppressWarnings("unchecked")
        Collection<String> acceptedCategories() {
            return accepts instanceof Collection<?> c ? (Collection<String>) c : null;
        }

        /** Whether the body takes disputes of this canonical category. */
        public boolean accepts(String category) {
            Collection<String> only = acceptedCategories();
            return only == null || only.contains(category);
        }
    }

    public record Rule(String id, When when, String target) {
    }

    public record When(List<String> categories, List<String> regions) {
    }

    /** The routing decision: which rule chose which body. {@code unmatched}: the default was used. */
    public record Decision(String ruleId, String targetCode, String targetName, String agency, boolean unmatched) {
    }
}
