package cn.tongjie.hub.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** §6.2 transitions the hub respects before queueing, and the §7 back-off. */
class GridStatusRulesTest {

    @Test
    void firstStatusMustBeReceivedAndFinalStatusesAreFinal() {
        assertThat(GridStatusFeedback.allowed(null, "received")).isTrue();
        assertThat(GridStatusFeedback.allowed(null, "assigned")).isFalse();
        assertThat(GridStatusFeedback.allowed("received", "received")).isFalse();
        assertThat(GridStatusFeedback.allowed("assigned", "assigned")).isTrue();
        assertThat(GridStatusFeedback.allowed("in_mediation", "assigned")).isFalse();
        assertThat(GridStatusFeedback.allowed("in_mediation", "in_mediation")).isTrue();
        for (String next : new String[] {"received", "assigned", "in_mediation", "resolved", "escalated"}) {
            assertThat(GridStatusFeedback.allowed("resolved", next)).isFalse();
            assertThat(GridStatusFeedback.allowed("escalated", next)).isFalse();
        }
    }

    @Test
    void backOffStartsAtTenSecondsDoublesAndStopsAtTenMinutes() {
        GridProperties p = new GridProperties("a", "s", "b", "t", "https://x/gateway", Duration.ofSeconds(300),
                Duration.ofSeconds(600), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(10), Duration.ofHours(72), Duration.ofSeconds(1), Duration.ofMinutes(10),
                Duration.ofHours(24), Duration.ofHours(2), Duration.ofDays(30), Duration.ofMinutes(1));
        GridStatusSender sender = new GridStatusSender(p, null, null, null, null, null, null);
        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(sender.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(sender.backoff(6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(sender.backoff(7)).isEqualTo(Duration.ofMinutes(10));
        assertThat(sender.backoff(50)).isEqualTo(Duration.ofMinutes(10));
    }
}
