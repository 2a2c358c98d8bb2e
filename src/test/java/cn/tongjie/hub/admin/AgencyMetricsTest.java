package cn.tongjie.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which agency a Camel route's metrics count for. */
class AgencyMetricsTest {

    @Test
    void shouldAttributeMessageRoutesToTheirAgencyAndLeaveHousekeepingOut() {
        assertThat(AgencyMetrics.agencyOfRoute("police-handover-intake")).isEqualTo("police");
        assertThat(AgencyMetrics.agencyOfRoute("legal-create-case")).isEqualTo("legal-service");
        assertThat(AgencyMetrics.agencyOfRoute("wf-receive-result")).isEqualTo("womens-federation");
        assertThat(AgencyMetrics.agencyOfRoute("union-results")).isEqualTo("trade-union");
        assertThat(AgencyMetrics.agencyOfRoute("court-docking-receive")).isEqualTo("court");
        assertThat(AgencyMetrics.agencyOfRoute("legal-delivery-poll")).isNull();
        assertThat(AgencyMetrics.agencyOfRoute("police-lag-watch")).isNull();
        assertThat(AgencyMetrics.agencyOfRoute("court-deadlines")).isNull();
        assertThat(AgencyMetrics.agencyOfRoute("triage")).isNull();
        assertThat(AgencyMetrics.agencyOfRoute(null)).isNull();
    }
}
