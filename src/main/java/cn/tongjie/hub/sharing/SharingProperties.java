package cn.tongjie.hub.sharing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the per-recipient sharing policies live and how often an edit is picked up.
 *
 * @param policiesLocation {@code tongjie.sharing.policies-location}: Spring resource of the policy file; when it does
 *                         not exist, the jar's copy ({@code classpath:config/sharing-policies.yaml}) is used
 * @param reloadInterval   {@code tongjie.sharing.reload-interval}: how often the file is checked for an edit; a valid
 *                         edit replaces the running policies, an invalid one is logged and the running ones stay
 */
@ConfigurationProperties(prefix = "tongjie.sharing")
record SharingProperties(
        @DefaultValue("file:config/sharing-policies.yaml") String policiesLocation,
        @DefaultValue("5s") Duration reloadInterval) {
}
