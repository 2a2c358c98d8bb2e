package cn.tongjie.hub.infra;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Time, the embedded broker and the hub's topics: what every other package relies on being there first. */
@Configuration(proxyBeanMethods = false)
class InfraConfig {

    @Bean
    ZoneId hubZone(@Value("${tongjie.zone:Asia/Shanghai}") String zone) {
        return ZoneId.of(zone);
    }

    /**
     * The hub's only source of "now". {@code tongjie.clock.start} lets a replay of dated samples run at their own
     * time: the clock starts there and keeps ticking (a frozen clock would stop every back-off and deadline).
     */
    @Bean
    Clock clock(ZoneId hubZone, @Value("${tongjie.clock.start:}") String start) {
        Clock system = Clock.system(hubZone);
        if (start == null || start.isBlank()) {
            return new HubClock(system, Duration.ZERO);
        }
        Duration offset = Duration.between(OffsetDateTime.now(system).toInstant(),
                OffsetDateTime.parse(start).toInstant());
        return new HubClock(system, offset);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "tongjie.kafka.embedded.enabled", havingValue = "true")
    EmbeddedKafkaBroker embeddedKafkaBroker(@Value("${tongjie.kafka.embedded.data-dir}") String dataDir,
            @Value("${tongjie.kafka.embedded.port}") int port, @Value("${tongjie.kafka.partitions}") int partitions) {
        // started in the background; KafkaTopics waits for it before any route starts
        return new EmbeddedKafkaBroker(Path.of(dataDir), port, partitions).startInBackground();
    }

    /** Static: a post-processor must exist before the data source it adjusts is created. */
    @Bean
    static H2Tuning h2Tuning() {
        return new H2Tuning();
    }

    @Bean
    JdbcClient jdbcClient(javax.sql.DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }
}
