package cn.tongjie.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Outside demo mode the hub must refuse the contracts' published sample credentials and the README's demo password,
 * naming where they are configured but never printing them; in demo mode they are exactly what the hub runs with.
 */
class DemoCredentialGuardTest {

    /** legal-service README §4: the published legal → hub test token. */
    private static final String LEGAL_SAMPLE_TOKEN = "tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b";
    private static final String DEMO_PASSWORD = "tongjie-demo";
    private static final String REAL_TOKEN = "prod-rmtj-7d1e0c4b2a9f8e6d5c3b1a0f9e8d7c6b5a4f3e2d";

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private static String demoPasswordHash;
    private static String realPasswordHash;

    @BeforeAll
    static void hashPasswords() {
        demoPasswordHash = ENCODER.encode(DEMO_PASSWORD);
        realPasswordHash = ENCODER.encode("Correct-Horse-Battery-Staple-2026");
        assertThat(demoPasswordHash).startsWith("{bcrypt}$2");
    }

    @Test
    void shouldRefuseSampleTokenOutsideDemoModeNamingThePropertyButNotTheSecret() {
        MockEnvironment env = realEnvironment().withProperty("tongjie.legal-service.inbound-tokens", LEGAL_SAMPLE_TOKEN);

        HubException e = catchThrowableOfType(HubException.class, () -> guard(env, noUsers(), false));

        assertThat(e).as("the guard must refuse to start").isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO);
        assertThat(e.getMessage())
                .contains("tongjie.legal-service.inbound-tokens")
                .doesNotContain(LEGAL_SAMPLE_TOKEN)
                .doesNotContain("3a9e7c1b5d2f4e6a");
        assertThat(e.getMessage()).doesNotContain("spring.datasource.password");
    }

    @Test
    void shouldRefuseSampleTokenHiddenAmongRealTokensDuringRotation() {
        MockEnvironment env = realEnvironment()
                .withProperty("tongjie.legal-service.inbound-tokens", REAL_TOKEN + "," + LEGAL_SAMPLE_TOKEN);

        HubException e = catchThrowableOfType(HubException.class, () -> guard(env, noUsers(), false));

        assertThat(e).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO);
        assertThat(e.getMessage()).contains("tongjie.legal-service.inbound-tokens")
                .doesNotContain(LEGAL_SAMPLE_TOKEN).doesNotContain(REAL_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a", "xf-test-0001", DEMO_PASSWORD})
    void shouldRefuseEveryPublishedSampleSecretOutsideDemoMode(String secret) {
        MockEnvironment env = realEnvironment().withProperty("some.agency.secret", secret);

        HubException e = catchThrowableOfType(HubException.class, () -> guard(env, noUsers(), false));

        assertThat(e).as(secret).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO);
        assertThat(e.getMessage()).contains("some.agency.secret").doesNotContain(secret);
    }

    @Test
    void shouldNameEveryOffendingProperty() {
        MockEnvironment env = realEnvironment()
                .withProperty("tongjie.legal-service.inbound-tokens", LEGAL_SAMPLE_TOKEN)
                .withProperty("tongjie.legal-service.outbound-token", "rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a");

        HubException e = catchThrowableOfType(HubException.class, () -> guard(env, noUsers(), false));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("tongjie.legal-service.inbound-tokens", "tongjie.legal-service.outbound-token");
    }

    @Test
    void shouldRefuseUserWhoseHashMatchesTheDemoPasswordOutsideDemoMode() {
        SecurityProperties users = new SecurityProperties(List.of(
                new SecurityProperties.User("alice", realPasswordHash, List.of("ADMIN")),
                new SecurityProperties.User("ops", demoPasswordHash, List.of("OPERATOR"))));

        HubException e = catchThrowableOfType(HubException.class, () -> guard(realEnvironment(), users, false));

        assertThat(e).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO);
        assertThat(e.getMessage()).contains("ops").doesNotContain("alice")
                .doesNotContain(DEMO_PASSWORD).doesNotContain(demoPasswordHash);
    }

    @Test
    void shouldRefuseDemoPasswordStoredWithAnotherEncodingOutsideDemoMode() {
        SecurityProperties users = new SecurityProperties(List.of(
                new SecurityProperties.User("ops", "{noop}" + DEMO_PASSWORD, List.of("OPERATOR"))));

        HubException e = catchThrowableOfType(HubException.class, () -> guard(realEnvironment(), users, false));

        assertThat(e).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO);
    }

    @Test
    void shouldAcceptSampleCredentialsAndDemoUsersInDemoMode() {
        MockEnvironment env = realEnvironment()
                .withProperty("tongjie.legal-service.inbound-tokens", LEGAL_SAMPLE_TOKEN)
                .withProperty("tongjie.legal-service.outbound-token", "rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a");
        SecurityProperties users = new SecurityProperties(List.of(
                new SecurityProperties.User("ops", demoPasswordHash, List.of("OPERATOR"))));

        assertThatCode(() -> guard(env, users, true)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptRealSecretsOutsideDemoMode() {
        MockEnvironment env = realEnvironment()
                .withProperty("tongjie.legal-service.inbound-tokens", REAL_TOKEN)
                .withProperty("tongjie.legal-service.outbound-token", "rmtj-prod-hub-0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        SecurityProperties users = new SecurityProperties(List.of(
                new SecurityProperties.User("alice", realPasswordHash, List.of("ADMIN")),
                new SecurityProperties.User("nohash", null, List.of("MONITOR"))));

        assertThatCode(() -> guard(env, users, false)).doesNotThrowAnyException();
    }

    @Test
    void shouldNotStumbleOverPropertiesWithUnresolvablePlaceholders() {
        MockEnvironment env = realEnvironment().withProperty("tongjie.police.sasl-jaas-config", "${POLICE_JAAS_NOT_SET}");

        assertThatCode(() -> guard(env, noUsers(), false)).doesNotThrowAnyException();
    }

    @Test
    void shouldFindSampleTokenReachedThroughAPlaceholder() {
        MockEnvironment env = realEnvironment()
                .withProperty("legal.token.source", LEGAL_SAMPLE_TOKEN)
                .withProperty("tongjie.legal-service.inbound-tokens", "${legal.token.source}");

        HubException e = catchThrowableOfType(HubException.class, () -> guard(env, noUsers(), false));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("tongjie.legal-service.inbound-tokens").doesNotContain(LEGAL_SAMPLE_TOKEN);
    }

    private static void guard(MockEnvironment env, SecurityProperties users, boolean demo) {
        new DemoCredentialGuard(env, users, ENCODER, demo);
    }

    /** What a production configuration looks like: real-looking values, nothing from the samples. */
    private static MockEnvironment realEnvironment() {
        return new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.internal:5432/tongjie")
                .withProperty("spring.datasource.password", "s3cr3t-from-vault")
                .withProperty("tongjie.demo", "false");
    }

    private static SecurityProperties noUsers() {
        return new SecurityProperties(List.of());
    }
}
