package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 1: the hub, a separate JVM, is killed with SIGKILL while police handovers stream in and cases are
 * being created at the legal-service system; the broker, the database and the simulator live on. After a restart
 * every handover has exactly one case at the legal-service simulator and exactly one accepted feedback (czjg 01) at
 * the police, counted at the simulator and on the feedback topic — also for the createCase calls around the kill
 * whose answers were lost after the case was stored.
 */
class KillNineIT {

    private static final int N = 200;
    /** Handovers per second: the stream lasts 20 s, the kill lands inside it. */
    private static final double RATE = 10;
    /** Sent first, to have the hub's consumers joined and its code warm before the measured stream. */
    private static final int WARM_UP = 5;
    /** createCase answers lost around the kill (the case stored, the hub never told). */
    private static final int LOST_ANSWERS = 3;

    private HubProcessEnvironment env;
    private HubProcessLoad load;

    @BeforeEach
    void setUp() {
        env = HubProcessEnvironment.start("kill9");
    }

    @AfterEach
    void tearDown() {
        if (load != null) {
            load.close();
        }
        env.close();
    }

    @Test
    void shouldLoseNothingAndDeliverNothingTwiceWhenTheHubIsKilledUnderLoad() {
        HubProcess hub = env.node("hub", List.of());
        hub.start(HubProcess.START_TIMEOUT);
        load = new HubProcessLoad(env.broker.bootstrapServers(), N, 1000);
        load.watchFeedback();
        load.produceInBackground(0, WARM_UP, RATE);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> load.casesPerHandover(env.legal).size() >= 1);
        load.produceInBackground(WARM_UP, N, RATE);

        // Kill in the steady flow: the stream still coming, work in flight at every stage, some cases created.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.casesPerHandover(env.legal).size() >= 40 || load.sent() >= N * 2 / 3);
        int casesBeforeKill = load.casesPerHandover(env.legal).size();
        int sentBeforeKill = load.sent();
        // What a kill between the agency's commit and the hub's leaves behind, made certain rather than left to
        // timing: the next createCase answers never reach the hub although the cases are stored. The hub must find
        // them again (409 DUPLICATE_EXTERNAL_REF adopts the caseNo) instead of creating a second case.
        env.legal.loseNextCreateResponses(LOST_ANSWERS, LegalServiceSimulator.LostResponse.CONNECTION_CLOSED);
        hub.kill9();
        assertThat(sentBeforeKill).as("the kill happens while handovers are still being produced").isLessThan(N);
        assertThat(casesBeforeKill).as("the kill happens before the work is done").isLessThan(N);

        load.awaitProduced(Duration.ofSeconds(60));
        hub.start(HubProcess.START_TIMEOUT);

        load.awaitDelivered(env.legal, Duration.ofSeconds(480), Duration.ofSeconds(90), env::logs);
        // late retries and relay resends still in flight must not add a second effect: the counts hold for a while
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(
                () -> env.count("select count(*) from outbox where status = 'PENDING'") == 0
                        && env.count("select count(*) from assignment where status = 'PENDING'") == 0);

        HubProcessLoad.Outcome o = load.outcome(env.legal);
        long adopted = env.legal.createCaseAnswers(409);
        HubProcessFigures.record("kill9-under-load", o.sent(), o.delivered(), o.lost(), o.duplicated(), 1,
                "sentBeforeKill=" + sentBeforeKill + " casesBeforeKill=" + casesBeforeKill + " feedbackResends="
                        + o.detail().get("feedbackResends") + " createCaseCalls=" + createCaseCalls()
                        + " lostAnswers=" + env.legal.createCaseAnswers(-1) + " adopted409=" + adopted);
        assertThat(o.sent()).as("every handover acknowledged by the broker").isEqualTo(N);
        assertThat(o.lost()).as(o + env.logs()).isZero();
        assertThat(o.duplicated()).as(o.toString()).isZero();
        assertThat(env.legal.createCaseAnswers(-1)).as("createCase answers lost").isEqualTo(LOST_ANSWERS);
        assertThat(adopted).as("every lost answer found again by a retry").isGreaterThanOrEqualTo(LOST_ANSWERS);
        assertThat(env.count("select count(*) from dispute")).as("one dispute per handover").isEqualTo(N);
        assertThat(env.count("select count(*) from assignment")).as("one assignment per dispute").isEqualTo(N);
    }

    private long createCaseCalls() {
        return env.legal.calls().stream().filter(c -> "createCase".equals(c.operation())).count();
    }
}
