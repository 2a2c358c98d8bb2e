package cn.tongjie.hub.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole hub on a random HTTP port, real Kafka, a real database and the legal-service simulator over real HTTP.
 * Every class with this annotation shares one Spring context (one start-up), so tests reset the store themselves.
 * Metrics export is on as in production (/actuator/prometheus is 404 in a Spring Boot test without it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
@ContextConfiguration(initializers = HubTestInitializer.class)
public @interface HubIT {
}
