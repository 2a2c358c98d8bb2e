package cn.tongjie.hub.it;

import java.io.IOException;
import java.net.ServerSocket;
import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Wires a test context to the shared test broker, its own database, its own HTTP port and its own legal-service
 * simulator port.
 */
public class HubTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext ctx) {
        int simPort = freePort();
        // A fixed free port instead of 0: the simulated courts' base-url (…:${server.port}/services/sim/court/…) must
        // name the hub's real port before the server starts; @LocalServerPort still reports it.
        int hubPort = freePort();
        EmbeddedKafkaBroker broker = TestKafka.start();
        ctx.addApplicationListener((ApplicationListener<ContextClosedEvent>) e -> broker.close());
        TestPropertyValues.of(
                "tongjie.kafka.brokers=" + broker.bootstrapServers(),
                "spring.datasource.url=" + TestDatabase.freshUrl("it"),
                "spring.datasource.username=" + (TestDatabase.postgres() ? "postgres" : "sa"),
                "server.port=" + hubPort,
                "tongjie.simulators.legal-service.port=" + simPort,
                "tongjie.legal-service.base-url=http://127.0.0.1:" + simPort,
                // editable configuration in a private copy: ConfigApiIT and the console test write these files and
                // must never change the repository's config/
                "tongjie.routing.rules-location=file:" + configCopy("routing-rules.yaml"),
                "tongjie.sharing.policies-location=file:" + configCopy("sharing-policies.yaml"),
                "tongjie.early-warning.rules-location=file:" + configCopy("early-warning.yaml"),
                // mappings (with their fixtures) and YAML routes too: the console edits them (docs/console.md)
                "tongjie.mappings.location=file:" + folderCopy("mappings") + "/",
                "camel.main.routes-include-pattern=file:" + folderCopy("routes") + "/**/*.yaml").applyTo(ctx);
    }

    private static java.nio.file.Path configDir;

    /** The repository's config file copied into a temporary directory shared by this JVM's contexts. */
    static synchronized String configCopy(String name) {
        try {
            if (configDir == null) {
                configDir = java.nio.file.Files.createTempDirectory("tongjie-config-");
            }
            java.nio.file.Path copy = configDir.resolve(name);
            if (!java.nio.file.Files.exists(copy)) {
                java.nio.file.Files.copy(java.nio.file.Path.of("config", name), copy);
            }
            return copy.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A repository folder (mappings/, routes/) copied once into the same temporary directory. */
    static synchronized String folderCopy(String name) {
        configCopyDir();
        java.nio.file.Path target = configDir.resolve(name);
        try {
            if (!java.nio.file.Files.exists(target)) {
                java.nio.file.Path source = java.nio.file.Path.of(name);
                try (var files = java.nio.file.Files.walk(source)) {
                    for (java.nio.file.Path p : files.toList()) {
                        java.nio.file.Files.copy(p, target.resolve(source.relativize(p).toString()));
                    }
                }
            }
            return target.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void configCopyDir() {
        try {
            if (configDir == null) {
                configDir = java.nio.file.Files.createTempDirectory("tongjie-config-");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
