package cn.tongjie.hub.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.DisputeRegistry.Xref;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dispute's progress events (assigned, mediation assigned, feedback, …) change nothing the rules or the evidence
 * look at: they must not re-read the township or the employer's cluster (with every dispute in one township that
 * cost up to two cores after a load, docs/benchmarks.md), while a change that matters — a new report, an agency's
 * reference added later — still reaches the alert exactly as before.
 */
class EarlyWarningSkipTest {

    @Test
    void shouldNotReReadTheTownshipForProgressEventsOfUnchangedDisputesButStillShowALaterReference() throws Exception {
        try (EarlyWarningHarness h = new EarlyWarningHarness()) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                ids.add(h.report(i, 60 * i, "NEIGHBOUR", null, 1));
                h.event(ids.get(i - 1));
            }
            assertThat(h.count("select disputes from ew_alert where rule = 'TOWNSHIP_SURGE'")).isEqualTo(8);
            assertThat(h.published).containsExactly(EventType.EARLY_WARNING_RAISED);

            clearInvocations(h.store);
            for (int round = 0; round < 4; round++) {
                ids.forEach(h::event);
            }
            verify(h.store, never()).townshipMembers(any(), any(), any());
            verify(h.store, never()).workers(any());
            assertThat(h.count("select version from ew_alert")).as("nothing to update").isEqualTo(1);
            assertThat(h.published).containsExactly(EventType.EARLY_WARNING_RAISED);

            // the legal-service centre's case number arrives later: the alert's evidence and sources show it
            h.xrefs.get("TJ-3").add(new Xref("legal-service", "caseNo", "FL-2026-0003"));
            h.event("TJ-3");
            assertThat(EarlyWarningStore.split(h.jdbc.sql("select sources from ew_alert").query(String.class).single()))
                    .containsExactly("police", "legal-service");
            assertThat(h.jdbc.sql("select evidence from ew_alert").query(String.class).single())
                    .contains("FL-2026-0003");
            assertThat(h.published).containsExactly(EventType.EARLY_WARNING_RAISED, EventType.EARLY_WARNING_UPDATED);

            // a new report of the township still joins the open surge
            h.event(h.report(9, 5, "NEIGHBOUR", null, 1));
            assertThat(h.count("select disputes from ew_alert")).isEqualTo(9);
            assertThat(h.count("select count(*) from ew_alert")).isEqualTo(1);
        }
    }

    @Test
    void shouldNotRecountAnEmployersWorkersForProgressEventsButStillShowALaterReference() throws Exception {
        try (EarlyWarningHarness h = new EarlyWarningHarness()) {
            String first = h.report(1, 120, "LABOUR", "通辽市鑫达建筑工程有限公司", 12);
            h.event(first);
            String second = h.report(2, 60, "LABOUR", "通辽市鑫达建筑工程有限公司", 12);
            h.event(second);
            assertThat(h.count("select workers from ew_alert where rule = 'EMPLOYER'")).isEqualTo(24);
            assertThat(h.published).containsExactly(EventType.EARLY_WARNING_RAISED);

            clearInvocations(h.store);
            for (int round = 0; round < 4; round++) {
                h.event(first);
                h.event(second);
            }
            verify(h.store, never()).workers(any());
            verify(h.store, never()).townshipMembers(any(), any(), any());
            assertThat(h.published).containsExactly(EventType.EARLY_WARNING_RAISED);

            h.xrefs.get(second).add(new Xref("trade-union", "ldzy", "LDZY_0002"));
            h.event(second);
            assertThat(EarlyWarningStore.split(h.jdbc.sql("select sources from ew_alert").query(String.class).single()))
                    .containsExactly("police", "trade-union");
            assertThat(h.published).containsExactly(EventType.EARLY_WARNING_RAISED, EventType.EARLY_WARNING_UPDATED);
            assertThat(h.count("select count(*) from ew_alert")).isEqualTo(1);
        }
    }

    @Test
    void shouldCountATownshipInTheDatabaseAsTheRulesCountItsMembers() throws Exception {
        try (EarlyWarningHarness h = new EarlyWarningHarness()) {
            for (int i = 1; i <= 6; i++) {
                h.event(h.report(i, 60 * i, i % 2 == 0 ? "LABOUR" : "NEIGHBOUR", null, i));
            }
            var from = EarlyWarningHarness.NOW.minusDays(1);
            var to = EarlyWarningHarness.NOW.plusDays(1);
            for (List<String> categories : List.<List<String>>of(List.of(), List.of("LABOUR"), List.of("NEIGHBOUR", "X"))) {
                var members = h.store.townshipMembers("150581001", from, to).stream()
                        .filter(m -> categories.isEmpty() || categories.contains(m.category())).toList();
                assertThat(h.store.countTownship("150581001", from, to, categories)).isEqualTo(members.size());
                assertThat(h.store.townshipWorkers("150581001", from, to, categories))
                        .isEqualTo(WorkerCount.ofCluster(h.store.workers(members)));
            }
            assertThat(h.store.townshipWorkers("150581001", from, to, List.of("LABOUR"))).isEqualTo(2 + 4 + 6);
            assertThat(h.store.countTownship("150581001", to, to.plusDays(1), List.of())).isZero();
            assertThat(h.store.townshipWorkers("150581001", to, to.plusDays(1), List.of())).isZero();
        }
    }
}
