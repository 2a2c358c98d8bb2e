package cn.tongjie.hub.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console and admin-API users ({@code tongjie.security}).
 *
 * @param users name, bcrypt hash ({@code {bcrypt}$2a$...}) and roles (MONITOR, OPERATOR, ADMIN, AUDITOR) of each
 *              user; outside demo mode they come from the environment or a mounted file, never from the repo
 */
@ConfigurationProperties(prefix = "tongjie.security")
record SecurityProperties(List<User> users) {

    SecurityProperties {
        users = users == null ? List.of() : users;
    }

    /** One user. */
    record User(String name, String passwordHash, List<String> roles) {
    }
}
