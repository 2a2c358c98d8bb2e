package cn.tongjie.hub.simulator.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;

/**
 * The simulated courts (demo and test profiles only, {@code tongjie.simulators.court.enabled}): one CourtIntake
 * endpoint per court of codes/court-codes.csv at /services/sim/court/&lt;digits&gt;/intake on the hub's own CXF servlet,
 * and (demo only) the driver that makes the courts delegate disputes to the hub.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tongjie.simulators.court.enabled", havingValue = "true")
class CourtSimulatorConfig {

    @Bean
    CourtSimulator courtSimulator(Clock clock) {
        return new CourtSimulator(clock);
    }

    /** Court codes (内0502 …) from the contract's code table, loaded as data. */
    @Bean
    CourtSimulatorEndpoints courtSimulatorEndpoints(Bus bus, CourtSimulator simulator, Clock clock) {
        List<EndpointImpl> endpoints = new ArrayList<>();
        for (String court : courtCodes()) {
            String digits = court.substring(1);
            EndpointImpl ep = new EndpointImpl(bus, new SimulatedCourtIntake(court, simulator));
            ep.getInInterceptors().add(new SimSecurityInterceptor(digits, simulator, clock));
            ep.publish("/sim/court/" + digits + "/intake");
            endpoints.add(ep);
        }
        return new CourtSimulatorEndpoints(endpoints);
    }

    @Bean
    FilterRegistrationBean<SimGateFilter> courtSimulatorGate(CourtSimulator simulator,
            @Value("${tongjie.simulators.court.maintenance-start:00:00}") String start,
            @Value("${tongjie.simulators.court.maintenance-end:01:00}") String end) {
        FilterRegistrationBean<SimGateFilter> r = new FilterRegistrationBean<>(new SimGateFilter(simulator,
                LocalTime.parse(start), LocalTime.parse(end)));
        r.addUrlPatterns("/services/sim/court/*");
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 10); // after Spring Security, right before the CXF servlet
        return r;
    }

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "tongjie.simulators.court.auto-delegate", havingValue = "true")
    CourtDemoDriver courtDemoDriver(CourtSimulator simulator, Clock clock,
            @Value("${tongjie.simulators.court.interval:30s}") Duration interval) {
        return new CourtDemoDriver(simulator, clock, interval, courtCodes());
    }

    static List<String> courtCodes() {
        List<String> codes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new ClassPathResource("connectors/court/codes/court-codes.csv").getInputStream(),
                StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    codes.add(line.substring(0, line.indexOf(',')));
                }
            }
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "court-codes.csv unreadable", e);
        }
        return codes;
    }

    /** The published endpoints, stopped with the context. */
    static final class CourtSimulatorEndpoints implements AutoCloseable {
        private final List<EndpointImpl> endpoints;

        CourtSimulatorEndpoints(List<EndpointImpl> endpoints) {
            this.endpoints = endpoints;
        }

        @Override
        public void close() {
            endpoints.forEach(EndpointImpl::stop);
        }
    }
}
