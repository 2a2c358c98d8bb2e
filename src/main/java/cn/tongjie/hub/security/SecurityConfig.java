package cn.tongjie.hub.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. Agency endpoints authenticate the agency's own way (bearer token, HMAC, WS-Security) inside
 * their connector, because each contract prescribes its own error body; everything for people (admin API, metrics)
 * needs HTTP basic with a role. ADMIN ⊃ OPERATOR ⊃ MONITOR; AUDITOR is separate. The role of each admin path is
 * listed in docs/operations-api.md; refused admin requests are audited by {@link RefusedRequestAudit}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String DEMO_PASSWORD = "tongjie-demo";

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, RefusedRequestAudit refusals) throws Exception {
        http.csrf(c -> c.disable()) // no browser sessions: every request carries its credentials
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        // Spring re-dispatches errors to /error; it must not turn a contract answer into a 401.
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // Authenticated by the legal-service contract's bearer token in the connector (§4).
                        .requestMatchers(HttpMethod.POST, "/api/legal-service/v1/events").permitAll()
                        // Authenticated by the grid contract's HMAC signature in the connector (§4).
                        .requestMatchers(HttpMethod.POST, "/api/grid/v1/events").permitAll()
                        // Authenticated by the women's-federation contract's X-WF-Token in the connector (§3).
                        .requestMatchers(HttpMethod.POST, "/api/womens-federation/v1/results").permitAll()
                        // Authenticated by the petition contract's HMAC signature in the connector (§4).
                        .requestMatchers(HttpMethod.POST, "/api/petition/v1/disputes").permitAll()
                        // Court SOAP endpoint (and its ?wsdl/?xsd): authenticated per message by WS-Security
                        // UsernameToken in the court connector (court contract §4), never by HTTP credentials.
                        .requestMatchers("/services/court/docking").permitAll()
                        // Simulated courts' CourtIntake (demo and tests only; the endpoints exist only there) check
                        // the hub's WS-Security header themselves, as the real courts do.
                        .requestMatchers("/services/sim/**").permitAll()
                        // The simulated grid platform (demo/test only; it checks the grid contract's HMAC itself).
                        .requestMatchers("/sim/grid/**").permitAll()
                        // Simulated women's federation (demo and tests only) checks X-WF-Token itself (wf §3).
                        .requestMatchers(HttpMethod.POST, "/sim/womens-federation/**").permitAll()
                        // OpenAPI document and Swagger UI of the admin API: for the people who run the hub.
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .hasRole("MONITOR")
                        // The console's page and assets carry no data: the data comes from /api/admin with the
                        // credentials the user typed into the console's login form.
                        .requestMatchers(HttpMethod.GET, "/", "/console", "/console/", "/console/**", "/favicon.ico")
                        .permitAll()
                        // The simulated committee's early-warning webhook receiver (demo/test only).
                        .requestMatchers("/sim/committee/**").permitAll()
                        // Hawtio and its Jolokia bridge can invoke any JMX operation: ADMIN only.
                        .requestMatchers("/hawtio", "/hawtio/**", "/actuator/hawtio", "/actuator/hawtio/**",
                                "/actuator/jolokia", "/actuator/jolokia/**").hasRole("ADMIN")
                        .requestMatchers("/actuator/**").hasRole("MONITOR")
                        // AUDITOR is no operator: the audit log (incl. the unmasked-data access log) and nothing else.
                        .requestMatchers(HttpMethod.GET, "/api/admin/audit", "/api/admin/audit/**").hasRole("AUDITOR")
                        // the console's login asks who the user is: AUDITOR (no MONITOR) must get in to its audit page
                        .requestMatchers(HttpMethod.GET, "/api/admin/console/me").authenticated()
                        .requestMatchers("/api/admin/exchange-log/export").hasRole("AUDITOR")
                        .requestMatchers("/api/admin/exchange-log/**").hasAnyRole("AUDITOR", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/admin/**").hasRole("MONITOR")
                        // ADMIN: what changes the hub itself (maintenance, routes, configuration, reconciliation).
                        .requestMatchers("/api/admin/maintenance", "/api/admin/maintenance/**").hasRole("ADMIN")
                        .requestMatchers("/api/admin/routes/**", "/api/admin/config/**", "/api/admin/configuration/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/api/admin/legal-service/reconcile").hasRole("ADMIN")
                        // OPERATOR: quarantine repair/replay/discard, correlation undo, withdrawals, court follow-ups.
                        .requestMatchers("/api/admin/**").hasRole("OPERATOR")
                        .anyRequest().denyAll())
                // Refused admin requests are audited (who, what, when, from where, outcome); the answers stay the
                // standard 401 with a Basic challenge and 403.
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals.entryPoint())
                        .accessDeniedHandler(refusals.accessDeniedHandler()))
                .httpBasic(b -> b.authenticationEntryPoint(refusals.entryPoint()));
        return http.build();
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_MONITOR");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Configured users; in demo mode also the README's demo users (and only there). */
    @Bean
    UserDetailsService userDetailsService(SecurityProperties props, PasswordEncoder encoder,
            @Value("${tongjie.demo:false}") boolean demo) {
        List<UserDetails> users = new ArrayList<>();
        for (SecurityProperties.User u : props.users()) {
            users.add(User.withUsername(u.name()).password(u.passwordHash())
                    .roles(u.roles().toArray(String[]::new)).build());
        }
        if (demo) {
            users.add(User.withUsername("admin").password(encoder.encode(DEMO_PASSWORD)).roles("ADMIN").build());
            users.add(User.withUsername("operator").password(encoder.encode(DEMO_PASSWORD)).roles("OPERATOR").build());
            users.add(User.withUsername("monitor").password(encoder.encode(DEMO_PASSWORD)).roles("MONITOR").build());
            users.add(User.withUsername("auditor").password(encoder.encode(DEMO_PASSWORD)).roles("AUDITOR").build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
