package cn.tongjie.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.TongjieApplication;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The real application refuses to start outside demo mode when a contract's sample credential is configured. */
class DemoModeGuardIT {

    @Test
    void shouldRefuseToStartOutsideDemoModeWithTheLegalServiceSampleToken() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TongjieApplication.class).run(
                "--tongjie.demo=false",
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:guard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--tongjie.kafka.embedded.enabled=false",
                "--tongjie.kafka.create-topics=false",
                "--tongjie.legal-service.outbound-token=a-real-secret-issued-by-the-justice-bureau-0001",
                "--tongjie.legal-service.inbound-tokens=tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b"))
                .satisfies(e -> {
                    HubException cause = findHubException(e);
                    assertThat(cause).isNotNull();
                    assertThat(cause.errorCode()).isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO);
                    assertThat(cause.getMessage()).contains("tongjie.legal-service.inbound-tokens")
                            .doesNotContain("tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b");
                });
    }

    @Test
    void shouldRefuseToStartWithTheDemoProfileSwitchedOffButDemoUsersConfigured() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TongjieApplication.class).run(
                "--tongjie.demo=false",
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:guard2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--tongjie.kafka.embedded.enabled=false",
                "--tongjie.kafka.create-topics=false",
                "--tongjie.security.users[0].name=admin",
                "--tongjie.security.users[0].password-hash={noop}tongjie-demo",
                "--tongjie.security.users[0].roles[0]=ADMIN"))
                .satisfies(e -> assertThat(findHubException(e).errorCode())
                        .isEqualTo(ErrorCode.TJ_DEMO_CREDENTIAL_OUTSIDE_DEMO));
    }

    private static HubException findHubException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HubException h) {
                return h;
            }
        }
        return null;
    }
}
