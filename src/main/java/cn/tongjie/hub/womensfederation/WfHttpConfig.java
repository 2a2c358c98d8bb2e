package cn.tongjie.hub.womensfederation;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The federation's own read time-out (§8: 15 s) on the createCase endpoint only; every other agency call keeps the
 * shared HTTP component's settings.
 */
@Configuration(proxyBeanMethods = false)
class WfHttpConfig {

    static final String CONFIGURER = "wfHttpClientConfigurer";

    @Bean(CONFIGURER)
    HttpClientConfigurer wfHttpClientConfigurer(WomensFederationProperties props) {
        return builder -> builder.setDefaultRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(props.readTimeout())).build());
    }
}
