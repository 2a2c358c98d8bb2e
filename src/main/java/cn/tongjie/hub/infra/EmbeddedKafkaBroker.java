package cn.tongjie.hub.infra;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker built from the production Kafka classes, so the default run needs no separate Kafka
 * install. The log directory survives restarts (it is formatted once), so records are as durable as on a real broker.
 * In production the hub points at an external cluster and this class is never created.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private KafkaRaftServer server;
    /** Set by {@link #startInBackground()}: completes when the broker listens (or failed to start). */
    private volatile java.util.concurrent.CompletableFuture<Void> starting;

    public EmbeddedKafkaBroker(Path dataDir, int port, int defaultPartitions) {
        this.dataDir = dataDir;
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
        this.defaultPartitions = defaultPartitions;
    }

    /**
     * Starts the broker; after {@link #close()} it may be started again and comes back on the same ports (chosen once,
     * in the constructor) with the same log directory, i.e. the same topics, records and committed offsets — which is
     * what a broker restart under load (BrokerRestartIT) needs.
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Path logDir = dataDir.resolve("kraft-logs").toAbsolutePath();
            Files.createDirectories(logDir);
            Map<String, Object> props = new HashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("num.partitions", String.valueOf(defaultPartitions));
            // One node: every internal topic must live with replication 1.
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "6");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            props.put("log.flush.interval.messages", "1");
            // The log cleaner (it compacts __consumer_offsets) allocates its dedupe buffer on the heap: 128 MB by
            // default, a quarter of the hub's 512 MB heap and most of its live set (heap dump, docs/benchmarks.md).
            // 8 MB holds ~300,000 distinct keys per cleaning pass; __consumer_offsets has one per group, topic and
            // partition (a few hundred here), and no other topic of the hub is compacted.
            props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
            KafkaConfig config = new KafkaConfig(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        // the formatter narrates to a stream; the hub logs through SLF4J instead
                        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setControllerListenerName("CONTROLLER")
                        .run();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            log.info("Embedded Kafka broker listening on {}", bootstrapServers());
            return this;
        } catch (Exception e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "embedded Kafka broker failed to start in " + dataDir, e);
        }
    }

    /**
     * Starts the broker on a thread of its own and returns at once. Its start takes a few seconds, much of it waiting
     * (controller election, metadata log), while the hub's own start-up runs on Spring's single main thread; both
     * overlap this way. Whoever needs the broker calls {@link #awaitStarted()} first (KafkaTopics, before any route
     * starts). Its ports are fixed in the constructor, so {@link #bootstrapServers()} is known meanwhile.
     */
    public EmbeddedKafkaBroker startInBackground() {
        java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
        starting = f;
        Thread t = new Thread(() -> {
            try {
                start();
                f.complete(null);
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "embedded-kafka-start");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** Waits until a {@link #startInBackground() background start} is done; rethrows its failure. */
    public void awaitStarted() {
        java.util.concurrent.CompletableFuture<Void> f = starting;
        if (f == null) {
            return;
        }
        try {
            f.get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof HubException h ? h
                    : new HubException(ErrorCode.TJ_INTERNAL, "embedded Kafka broker failed to start in " + dataDir, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "embedded Kafka broker did not start within 5 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(ErrorCode.TJ_INTERNAL, "interrupted while the embedded Kafka broker started", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        java.util.concurrent.CompletableFuture<Void> f = starting;
        if (f != null) {
            // a start still running holds the lock; let it finish (or fail) so it is shut down, not left behind
            try {
                f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Embedded Kafka broker start did not complete before stop: {}", e.toString());
            }
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Embedded Kafka broker stopped");
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no free port", e);
        }
    }

}
