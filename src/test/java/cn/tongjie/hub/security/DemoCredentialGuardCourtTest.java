package cn.tongjie.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.tongjie.hub.common.HubException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** The court contract's §4 sample passwords (both directions, all nine courts) are refused outside demo mode. */
class DemoCredentialGuardCourtTest {

    @ParameterizedTest
    @ValueSource(strings = {"05", "0502", "0521", "0522", "0523", "0524", "0525", "0526", "0581"})
    void shouldRefuseEveryCourtSamplePasswordOutsideDemoModeButAllowItInDemoMode(String digits) {
        for (String[] setting : new String[][] {
                {"tongjie.court.courts." + digits + ".inbound-password", "Fy" + digits + "!sample-pass"},
                {"tongjie.court.courts." + digits + ".hub-password", "Tj2court-" + digits + "!sample"}}) {
            MockEnvironment env = new MockEnvironment().withProperty("tongjie.demo", "false")
                    .withProperty(setting[0], setting[1]);
            HubException e = catchThrowableOfType(HubException.class, () -> new DemoCredentialGuard(env,
                    new SecurityProperties(List.of()), PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                    false));
            assertThat(e).as(setting[0]).isNotNull();
            assertThat(e.getMessage()).contains(setting[0]).doesNotContain(setting[1]);
            assertThatCode(() -> new DemoCredentialGuard(env, new SecurityProperties(List.of()),
                    PasswordEncoderFactories.createDelegatingPasswordEncoder(), true)).doesNotThrowAnyException();
        }
    }
}
