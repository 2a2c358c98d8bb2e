package cn.tongjie.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.routing.RoutingRules.Decision;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Routing by the court's suggestion (config/routing-rules.yaml courtRosterCode): the suggested body first when the hub
 * reaches it and it takes the category; and the court's dueAt as the body's mediation limit when it comes first.
 */
class CourtSuggestionRoutingTest {

    private final RoutingRules rules = new RoutingRules("file:config/routing-rules.yaml");

    @Test
    void shouldPreferTheSuggestedPropertyCommitteeForAPropertyCase() {
        Decision d = rules.suggested("TY0502-003", "PROPERTY_MANAGEMENT", Set.of()).orElseThrow();
        assertThat(d.targetCode()).isEqualTo("HY15050202");
        assertThat(d.ruleId()).isEqualTo("court-suggested");
        assertThat(d.agency()).isEqualTo("legal-service");
    }

    @Test
    void shouldIgnoreTheSuggestionWhenTheBodyDoesNotAcceptTheCategory() {
        assertThat(rules.suggested("TY0502-003", "NEIGHBOUR", Set.of())).isEmpty();
        // then the normal rules decide: a 西门 neighbour dispute goes to the street committee
        assertThat(rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow().targetCode())
                .isEqualTo("TW15050200101");
    }

    @Test
    void shouldPickTheWomensFederationWhenTheCourtSuggestsItsRosterCodeForAFamilyDispute() {
        assertThat(rules.suggested("TY0502-004", "MARRIAGE_FAMILY", Set.of()).orElseThrow().targetCode())
                .isEqualTo("FL15050001");
    }

    @Test
    void shouldIgnoreTheSuggestionOnceThatBodyDeclinedOrWhenNoTargetCarriesTheCode() {
        assertThat(rules.suggested("TY0502-003", "PROPERTY_MANAGEMENT", Set.of("HY15050202"))).isEmpty();
        assertThat(rules.suggested("TY0502-004", "MARRIAGE_FAMILY", Set.of("FL15050001")))
                .as("women's federation declined").isEmpty();
        assertThat(rules.suggested("TY0502-005", "MARRIAGE_FAMILY", Set.of())).as("lawyer studio: no target").isEmpty();
        assertThat(rules.suggested(null, "NEIGHBOUR", Set.of())).isEmpty();
    }

    @Test
    void shouldCarryEveryKnownRosterCode() {
        assertThat(rules.suggested("TY0502-001", "NEIGHBOUR", Set.of()).orElseThrow().targetCode())
                .isEqualTo("TW15050200101");
        assertThat(rules.suggested("TY0523-001", "CONTRACT", Set.of()).orElseThrow().targetCode())
                .isEqualTo("TW15052310001");
        assertThat(rules.suggested("TY0502-002", "MEDICAL", Set.of()).orElseThrow().targetCode())
                .isEqualTo("HY15050201");
        assertThat(rules.suggested("TY0502-006", "TRAFFIC", Set.of()).orElseThrow().targetCode())
                .isEqualTo("HY15050001");
    }

    @Test
    void shouldSendALabourDelegationSuggestingTheUnionCommitteeToTheUnion() {
        // court story CB (内0581 追索劳动报酬纠纷, suggested TY0581-001 = mediation-orgs.csv M13)
        var d = rules.suggested("TY0581-001", "LABOUR", Set.of()).orElseThrow();
        assertThat(d.targetCode()).isEqualTo("GH15058101");
        assertThat(d.agency()).isEqualTo("trade-union");
        assertThat(rules.suggested("TY0581-001", "NEIGHBOUR", Set.of())).as("the union takes only labour").isEmpty();
        assertThat(rules.suggested("TY0581-001", "LABOUR", Set.of("GH15058101"))).as("after the union failed").isEmpty();
    }

    @Test
    void shouldUseTheCourtsDueDateWhenItComesBeforeTheHubDefault() {
        LocalDate today = LocalDate.of(2026, 3, 2);
        OffsetDateTime courtDue = OffsetDateTime.parse("2026-03-16T23:59:59+08:00");
        assertThat(Triage.dueDate(today, 30, courtDue)).isEqualTo(LocalDate.of(2026, 3, 16));
        assertThat(Triage.dueDate(today, 30, null)).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(Triage.dueDate(today, 10, courtDue)).as("hub default earlier").isEqualTo(LocalDate.of(2026, 3, 12));
    }

    @Test
    void shouldTakeTheBeijingDateOfTheCourtsDueAt() {
        // 2026-03-16T16:30Z is already 00:30 on the 17th in Beijing
        assertThat(Triage.dueDate(LocalDate.of(2026, 3, 2), 30, OffsetDateTime.parse("2026-03-16T16:30:00Z")))
                .isEqualTo(LocalDate.of(2026, 3, 17));
    }

    @Test
    void shouldReadTheCourtHintsFromTheCanonicalSnapshot() {
        Triage.CourtHints h = Triage.CourtHints.of("{\"suggestedMediationBody\":{\"code\":\"TY0502-003\","
                + "\"name\":\"科尔沁区物业纠纷人民调解委员会\"},\"mediationDueAt\":\"2026-03-16T23:59:59+08:00\"}",
                new ObjectMapper());
        assertThat(h.rosterCode()).isEqualTo("TY0502-003");
        assertThat(h.dueAt()).isEqualTo(OffsetDateTime.parse("2026-03-16T23:59:59+08:00"));
        assertThat(Triage.CourtHints.of("{}", new ObjectMapper()).rosterCode()).isNull();
    }
}
