package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** §8: the deadlines come from the push (slqx, bjqx) and raise one warning before and one alert after each. */
@HubIT
class PetitionDeadlinesIT extends HubITSupport {

    @Autowired
    PetitionSystemSimulator petition;
    @Autowired
    PetitionDeadlines deadlines;
    @Autowired
    Clock clock;

    @AfterEach
    void realTime() {
        ((HubClock) clock).reset();
    }

    @Test
    void missedAcknowledgementIsAlertedOnceAndConclusionWarnedBeforeBjqx() throws Exception {
        petition.reset();
        // push-letter-minimal: djsj 2026-11-27, slqx 2026-12-12, bjqx 2027-01-26
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-11-28T10:00:00+08:00").toInstant());
        byte[] body = Files.readAllBytes(PetitionSignatureTest.SAMPLES.resolve("push-letter-minimal.json"));
        assertThat(petition.push("http://127.0.0.1:" + port, body).statusCode()).isEqualTo(202);
        petition.failNext(503, 1000); // nothing gets delivered: the item stays unacknowledged

        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code like 'PETITION_%'")).isZero();

        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-12-10T09:00:00+08:00").toInstant());
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_ACK_DUE'")).isEqualTo(1);

        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-12-13T00:00:01+08:00").toInstant());
        deadlines.check();
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_ACK_OVERDUE'")).isEqualTo(1);
        assertThat(hub.count("select count(*) from alert where code like 'PETITION_CONCLUSION_%'")).isZero();

        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2027-01-16T12:00:00+08:00").toInstant());
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_CONCLUSION_DUE'")).isEqualTo(1);
        petition.failNext(503, 0);
    }
}
