package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.routing.RoutingRules;
import cn.tongjie.hub.sharing.SharingPolicies;
import cn.tongjie.hub.warning.EarlyWarningRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The administrator-edited documents this feature manages, each with the location its component reads, the
 * component's own validation (no second rule set here) and its reload. The components already re-read their file on a
 * timer; calling reload right after writing only makes the change take effect at once on this node.
 */
@Component
class ConfigDocuments {

    /** One editable document. {@code jarCopy}: what the component falls back to when the file is absent. */
    record Doc(String name, String location, String jarCopy, Consumer<String> validator, Runnable reload) {
    }

    private final Map<String, Doc> docs = new LinkedHashMap<>();

    ConfigDocuments(RoutingRules routing, SharingPolicies sharing, ObjectProvider<EarlyWarningRules> earlyWarning,
            @Value("${tongjie.routing.rules-location}") String routingLocation,
            @Value("${tongjie.sharing.policies-location}") String sharingLocation,
            @Value("${tongjie.early-warning.rules-location}") String earlyWarningLocation) {
        docs.put("routing-rules", new Doc("routing-rules", routingLocation, "classpath:config/routing-rules.yaml",
                RoutingRules::parseAndValidate, routing::reloadIfChanged));
        docs.put("sharing-policies", new Doc("sharing-policies", sharingLocation,
                "classpath:config/sharing-policies.yaml", SharingPolicies::validateText, sharing::reloadIfChanged));
        // early warning can be switched off (tongjie.early-warning.enabled): then there is nothing to reload
        docs.put("early-warning", new Doc("early-warning", earlyWarningLocation, "classpath:config/early-warning.yaml",
                EarlyWarningRules::validateText, () -> earlyWarning.ifAvailable(EarlyWarningRules::reloadIfChanged)));
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
