package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.tongjie.hub.common.WsSecurityVerifier;
import cn.tongjie.hub.common.WsSecurityVerifier.Failure;
import cn.tongjie.hub.common.WsUsernameToken;
import cn.tongjie.hub.infra.HubClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The §4 rules of {@link WsSecurityVerifier}, at their boundaries, in their order. */
class WsSecurityVerifierTest {

    private static final Instant NOW = Instant.parse("2026-04-27T02:10:03Z");
    private final HubClock clock = new HubClock(Clock.systemUTC(), Duration.ZERO);
    private final Set<String> seen = new HashSet<>();
    private final WsSecurityVerifier verifier = new WsSecurityVerifier(clock,
            u -> "court-0502".equals(u) ? Optional.of("Fy0502!sample-pass") : Optional.empty(),
            (u, n, until) -> seen.add(u + n), WsSecurityVerifier.Limits.contract());

    @Test
    void shouldReturnTheUsernameOfAFreshCorrectHeaderAndRefuseItsReplay() {
        clock.jumpTo(NOW);
        Element header = WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pass", NOW);
        assertThat(verifier.verify(List.of(header))).isEqualTo("court-0502");
        assertThat(failure(header)).isEqualTo(Failure.NONCE_REPLAYED);
    }

    @Test
    void shouldAcceptCreatedSixtySecondsAheadButNotSixtyOne() {
        clock.jumpTo(NOW.minusSeconds(60));
        assertThat(verifier.verify(List.of(WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pass", NOW))))
                .isEqualTo("court-0502");
        clock.jumpTo(NOW.minusSeconds(62));
        assertThat(failure(WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pass", NOW)))
                .isEqualTo(Failure.TIMESTAMP_INVALID);
    }

    @Test
    void shouldRefuseAnExpiredTimestampBeforeLookingAtThePassword() {
        clock.jumpTo(NOW.plusSeconds(301));
        assertThat(failure(WsUsernameToken.securityHeader("court-0502", "wrong-password-xxxx", NOW)))
                .isEqualTo(Failure.TIMESTAMP_INVALID);
    }

    @Test
    void shouldAnswerAuthFailedForAnUnknownUserAndAWrongPasswordAndRememberNothing() {
        clock.jumpTo(NOW);
        assertThat(failure(WsUsernameToken.securityHeader("court-0599", "Fy0502!sample-pass", NOW)))
                .isEqualTo(Failure.AUTH_FAILED);
        assertThat(failure(WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pasS", NOW)))
                .isEqualTo(Failure.AUTH_FAILED);
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldRefuseAnOffsetTimeAShortNonceAndAMissingNonceAsStructure() {
        clock.jumpTo(NOW);
        Element offset = WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pass", NOW);
        offset.getElementsByTagNameNS(WsUsernameToken.WSU_NS, "Created").item(1)
                .setTextContent("2026-04-27T10:10:03+08:00");
        assertThat(failure(offset)).isEqualTo(Failure.SECURITY_HEADER_INVALID);

        Element shortNonce = WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pass", NOW);
        shortNonce.getElementsByTagNameNS(WsUsernameToken.WSSE_NS, "Nonce").item(0)
                .setTextContent("AAECAwQFBgcICQoLDA0O"); // 15 bytes
        assertThat(failure(shortNonce)).isEqualTo(Failure.SECURITY_HEADER_INVALID);

        Element noNonce = WsUsernameToken.securityHeader("court-0502", "Fy0502!sample-pass", NOW);
        var nonce = noNonce.getElementsByTagNameNS(WsUsernameToken.WSSE_NS, "Nonce").item(0);
        nonce.getParentNode().removeChild(nonce);
        assertThat(failure(noNonce)).isEqualTo(Failure.SECURITY_HEADER_INVALID);
    }

    private Failure failure(Element header) {
        WsSecurityVerifier.WsSecurityException e = catchThrowableOfType(() -> verifier.verify(List.of(header)),
                WsSecurityVerifier.WsSecurityException.class);
        assertThat(e).as("a security failure").isNotNull();
        return e.failure();
    }
}
