package cn.tongjie.hub.it;

import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One real KRaft broker for the whole test JVM (the same class the hub starts in its default run), so every Spring
 * context and every restart in the tests talks to the same durable broker.
 */
public final class TestKafka {

    private static EmbeddedKafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaBroker(Path.of("target", "test-kafka", UUID.randomUUID().toString()), 0, 6).start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
        }
        return broker.bootstrapServers();
    }
}
