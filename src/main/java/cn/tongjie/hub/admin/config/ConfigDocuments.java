package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.routing.RoutingRules;
import cn.tongjie.hub.sharing.SharingPolicies;
import cn.tongjie.hub.warning.EarlyWarningRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The administrator-edited documents this feature manages, each with the location its component reads, the
 * component's own validation (no second rule set here) and its reload. The components already re-read their file on a
 * timer; calling reload right after writing only makes the change take effect at once on this node.
 *
 * <p>Besides the three YAML rule files: every JSLT mapping the engine runs ({@code mapping.<agency>.<name>}, checked
 * by {@link MappingDocs}) and every YAML DSL route file ({@code route.<file name>}, checked and reloaded on the running
 * CamelContext by {@link RouteDocs}). Dots separate the parts because a slash cannot travel in one URL path segment.
 */
@Component
class ConfigDocuments {

    /** Kind of document, for the console (mappings and routes get their own labels). */
    enum Kind { RULES, MAPPING, ROUTE }

    /**
     * One editable document. {@code jarCopy}: what the component falls back to when the file is absent.
     * {@code check}: the reasons the text is refused, empty when valid.
     */
    record Doc(String name, Kind kind, String location, String jarCopy, Function<String, List<String>> check,
            Runnable reload) {
    }

    private final Map<String, Doc> docs = new LinkedHashMap<>();

    ConfigDocuments(RoutingRules routing, SharingPolicies sharing, ObjectProvider<EarlyWarningRules> earlyWarning,
            MappingEngine mappings, MappingDocs mappingDocs, RouteDocs routeDocs,
            @Value("${tongjie.routing.rules-location}") String routingLocation,
            @Value("${tongjie.sharing.policies-location}") String sharingLocation,
            @Value("${tongjie.early-warning.rules-location}") String earlyWarningLocation) {
        add(new Doc("routing-rules", Kind.RULES, routingLocation, "classpath:config/routing-rules.yaml",
                throwing(RoutingRules::parseAndValidate), routing::reloadIfChanged));
        add(new Doc("sharing-policies", Kind.RULES, sharingLocation, "classpath:config/sharing-policies.yaml",
                throwing(SharingPolicies::validateText), sharing::reloadIfChanged));
        // early warning can be switched off (tongjie.early-warning.enabled): then there is nothing to reload
        add(new Doc("early-warning", Kind.RULES, earlyWarningLocation, "classpath:config/early-warning.yaml",
                throwing(EarlyWarningRules::validateText),
                () -> earlyWarning.ifAvailable(EarlyWarningRules::reloadIfChanged)));
        // the mappings the engine loaded at start: an edit changes a file, never the set of files
        for (String id : mappings.mappingIds()) {
            add(new Doc(MappingDocs.docName(id), Kind.MAPPING, mappingDocs.location(id), mappingDocs.jarCopy(id),
                    text -> mappingDocs.check(id, text), mappings::reload));
        }
        for (RouteDocs.RouteFile f : routeDocs.files()) {
            add(new Doc(f.doc(), Kind.ROUTE, f.location(), f.jarCopy(), text -> routeDocs.check(f, text),
                    () -> routeDocs.reload(f)));
        }
    }

    private void add(Doc d) {
        docs.put(d.name(), d);
    }

    /** Adapts the rule components' validators, which throw with a message naming the broken rule. */
    private static Function<String, List<String>> throwing(Consumer<String> validator) {
        return text -> {
            try {
                validator.accept(text);
                return List.of();
            } catch (RuntimeException e) {
                // the component's own message names the broken rule; config files hold no personal data
                return List.of(String.valueOf(e.getMessage()));
            }
        };
    }

    Doc get(String name) {
        Doc d = docs.get(name);
        if (d == null) {
            throw new HubException(ErrorCode.TJ_CONFIG_UNKNOWN, "no configuration document " + name
                    + " (editable: " + docs.keySet() + ")");
        }
        return d;
    }

    Iterable<Doc> all() {
        return docs.values();
    }
}
