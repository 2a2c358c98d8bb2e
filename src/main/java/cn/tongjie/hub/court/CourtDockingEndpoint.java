package cn.tongjie.hub.court;

import javax.xml.namespace.QName;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.cxf.Bus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tongliao.court.docking.v1.wsdl.CourtDockingPortType;

/**
 * The hub-hosted CourtDocking SOAP 1.1 service (contract §3), contract-first from the contract's WSDL, on the CXF
 * servlet at /services/court/docking (so ?wsdl and ?xsd= serve the contract files with the hub's real address). The
 * gate runs as the first in-interceptor; every fault leaves through {@link CourtFaultOutInterceptor}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tongjie.court.enabled", havingValue = "true", matchIfMissing = true)
class CourtDockingEndpoint {

    /** Relative to the CXF servlet (/services/*). */
    static final String ADDRESS = "/court/docking";
    static final String PATH = "/services" + ADDRESS;
    private static final String WSDL_NS = "urn:tongliao:court:docking:v1:wsdl";

    @Bean
    CxfEndpoint courtDocking(Bus bus, CourtGate gate) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setBus(bus);
        endpoint.setAddress(ADDRESS);
        endpoint.setServiceClass(CourtDockingPortType.class);
        endpoint.setWsdlURL("classpath:connectors/court/wsdl/CourtDocking.wsdl");
        endpoint.setServiceNameAsQName(new QName(WSDL_NS, "CourtDocking"));
        endpoint.setPortNameAsQName(new QName(WSDL_NS, "CourtDockingPort"));
        endpoint.setDataFormat(DataFormat.POJO);
        // §3: responses never use MTOM
        endpoint.setMtomEnabled(false);
        endpoint.getInInterceptors().add(new CourtGateInterceptor(gate));
        endpoint.getOutFaultInterceptors().add(new CourtFaultOutInterceptor());
        // No exchange header becomes an HTTP response header (the gate's headers, the operation routes' own).
        DefaultHeaderFilterStrategy headers = new DefaultHeaderFilterStrategy();
        headers.setOutFilterPattern(".*");
        endpoint.setHeaderFilterStrategy(headers);
        return endpoint;
    }

    /** §10 step 1 before anything else reads the body. */
    @Bean
    FilterRegistrationBean<CourtBodyLimitFilter> courtBodyLimitFilter(CourtGateProperties gate) {
        FilterRegistrationBean<CourtBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new CourtBodyLimitFilter(gate.maxBodyBytes()));
        registration.addUrlPatterns(PATH);
        registration.setName("courtBodyLimitFilter");
        return registration;
    }
}
