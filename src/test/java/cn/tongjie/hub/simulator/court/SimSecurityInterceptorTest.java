package cn.tongjie.hub.simulator.court;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.common.WsUsernameToken;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The simulated court checks the hub's header with the shared verifier: the contract's outcomes, per court. */
class SimSecurityInterceptorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T01:35:22Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CourtSimulator simulator = new CourtSimulator(clock);
    private final SimSecurityInterceptor court0502 = new SimSecurityInterceptor("0502", simulator, clock);

    @Test
    void shouldAcceptTheHubsFreshHeaderAndRefuseItsReplayAsNonceReplayed() {
        Element header = WsUsernameToken.securityHeader("tongjie-hub", "Tj2court-0502!sample", NOW);

        assertThatCode(() -> court0502.verify(List.of(header))).doesNotThrowAnyException();
        assertThatThrownBy(() -> court0502.verify(List.of(header))).satisfies(e -> code(e, "NONCE_REPLAYED"));
    }

    @Test
    void shouldRefuseAnotherCourtsPasswordARotatedPasswordAndAnotherUserAsAuthFailed() {
        Element other = WsUsernameToken.securityHeader("tongjie-hub", "Tj2court-0521!sample", NOW);
        simulator.setHubPassword("0502", "Tj2court-0502!rotated");
        Element old = WsUsernameToken.securityHeader("tongjie-hub", "Tj2court-0502!sample", NOW);
        Element stranger = WsUsernameToken.securityHeader("court-0502", "Tj2court-0502!rotated", NOW);

        assertThatThrownBy(() -> court0502.verify(List.of(other))).satisfies(e -> code(e, "AUTH_FAILED"));
        assertThatThrownBy(() -> court0502.verify(List.of(old))).satisfies(e -> code(e, "AUTH_FAILED"));
        assertThatThrownBy(() -> court0502.verify(List.of(stranger))).satisfies(e -> code(e, "AUTH_FAILED"));
    }

    @Test
    void shouldRefuseAStaleHeaderAsTimestampInvalidAndAMissingOneAsHeaderInvalid() {
        Element stale = WsUsernameToken.securityHeader("tongjie-hub", "Tj2court-0502!sample", NOW.minusSeconds(301));

        assertThatThrownBy(() -> court0502.verify(List.of(stale))).satisfies(e -> code(e, "TIMESTAMP_INVALID"));
        assertThatThrownBy(() -> court0502.verify(List.of())).satisfies(e -> code(e, "SECURITY_HEADER_INVALID"));
    }

    @Test
    void shouldAnswerAForcedSecurityFaultOnlyAfterTheHeaderVerified() {
        simulator.failNextSecurityChecks(1, "TIMESTAMP_INVALID");
        Element wrong = WsUsernameToken.securityHeader("tongjie-hub", "wrong-password-123", NOW);

        assertThatThrownBy(() -> court0502.verify(List.of(wrong))).satisfies(e -> code(e, "AUTH_FAILED"));
        assertThatThrownBy(() -> court0502.verify(List.of(header()))).satisfies(e -> code(e, "TIMESTAMP_INVALID"));
        assertThatCode(() -> court0502.verify(List.of(header()))).doesNotThrowAnyException();
    }

    private static Element header() {
        return WsUsernameToken.securityHeader("tongjie-hub", "Tj2court-0502!sample", NOW);
    }

    private static void code(Throwable e, String expected) {
        org.assertj.core.api.Assertions.assertThat(e).isInstanceOfSatisfying(SimFaults.CodedFault.class,
                f -> org.assertj.core.api.Assertions.assertThat(f.courtFaultCode()).isEqualTo(expected));
    }
}
