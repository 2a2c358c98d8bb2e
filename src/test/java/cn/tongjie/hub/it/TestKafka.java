package cn.tongjie.hub.it;

import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Real KRaft brokers for the tests (the same class the hub starts in its default run). Each Spring context gets its
 * own broker, so two hubs in one test JVM never join each other's consumer groups.
 */
public final class TestKafka {

    private TestKafka() {
    }

    public static EmbeddedKafkaBroker start() {
        return new EmbeddedKafkaBroker(Path.of("target", "test-kafka", UUID.randomUUID().toString()), 0, 6).start();
    }
}
