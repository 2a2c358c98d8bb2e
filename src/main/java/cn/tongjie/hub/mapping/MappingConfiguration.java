package cn.tongjie.hub.mapping;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers {@link MappingProperties}; the application class does not scan for configuration properties. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MappingProperties.class)
class MappingConfiguration {
}
