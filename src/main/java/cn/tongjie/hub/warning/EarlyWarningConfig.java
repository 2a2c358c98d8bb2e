package cn.tongjie.hub.warning;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the early-warning settings whether or not the rules run (the admin API lists stored alerts either way). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EarlyWarningProperties.class)
class EarlyWarningConfig {
}
