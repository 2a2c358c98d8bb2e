package cn.tongjie.hub.security;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Outside demo mode the hub refuses to start when any configured value is one of the contracts' published sample
 * credentials or the README's demo password: those are public, so a production hub using them would be open to anyone.
 */
@Component
class DemoCredentialGuard {

    /** Published sample secrets of the agency contracts and the README's demo password. */
    static final Set<String> DEMO_SECRETS = Stream.concat(Stream.of(
            "rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a",
            "tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b",
            "xf-test-0001",
            "wgT3st-S3cret-2026-NotForProduction",
            "tjWgT3st-S3cret-2026-NotForProduction",
            "union-demo-sftp", // the embedded demo/test union SFTP server's password (application-demo.yml)
            "4a0hWWU2OyrWYrssYrA1JSLcyK5dmN4/HOQz+eUEh1Y=", // demo/test exchange-log body key (application-demo.yml)
            // women's-federation contract §3 test tokens (hub → wf, wf → hub)
            "wfTestHubToken0123456789abcdefABCDEF",
            "hubTestWfToken0123456789abcdefABCDEF",
            "xfT3st-S3cret-2026-NotForProduction",
            "tjT3st-S3cret-2026-NotForProduction",
            SecurityConfig.DEMO_PASSWORD), courtSamplePasswords()).collect(Collectors.toUnmodifiableSet());

    /** Court contract §4 sample passwords of all nine courts, both directions (court → hub and hub → court). */
    static Stream<String> courtSamplePasswords() {
        return Stream.of("05", "0502", "0521", "0522", "0523", "0524", "0525", "0526", "0581")
                .flatMap(d -> Stream.of("Fy" + d + "!sample-pass", "Tj2court-" + d + "!sample"));
    }

    DemoCredentialGuard(ConfigurableEnvironment env, SecurityProperties security, PasswordEncoder encoder,
            @Value("${tongjie.demo:false}") boolean demo) {
        if (demo) {
            return;
        }
        List<String> offending = new ArrayList<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> e) {
                for (String name : e.getPropertyNames()) {
                    String value;
                    try {
                        value = env.getProperty(name);
                    } catch (RuntimeException unresolvable) {
                        continue;
                    }
                    if (value != null && DEMO_SECRETS.stream().anyMatch(value::contains)) {
                        offending.add(name);
                    }
                }
            }
        }
        for (SecurityProperties.User u : security.users()) {
            if (u.passwordHash() != null && encoder.matches(SecurityConfig.DEMO_PASSWORD, u.passwordHash())) {
                offending.add("tongjie.security.users[" + u.name() + "] (demo password)");
            }
        }
        if (!offending.isEmpty()) {
            // Names only: the values are secrets.
            throw new HubException(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO,
                    "demo credentials configured outside demo mode: " + offending.stream().distinct().toList()
                            + " — set real secrets, or run with the demo profile");
        }
    }
}
