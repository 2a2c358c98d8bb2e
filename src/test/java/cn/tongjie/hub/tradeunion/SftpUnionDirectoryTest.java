package cn.tongjie.hub.tradeunion;

import static cn.tongjie.hub.tradeunion.UnionFileFormatTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.simulator.tradeunion.UnionSftpServer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The §7 processing over real SFTP: Camel's sftp component against the embedded MINA SSHD union server. */
class SftpUnionDirectoryTest {

    private UnionSftpServer server;
    private DefaultCamelContext camel;
    private SftpUnionDirectory dir;

    @BeforeEach
    void start() {
        server = UnionSftpServer.start(0, "tongjie", "test-secret");
        camel = new DefaultCamelContext();
        camel.start();
        dir = directory(server.port());
    }

    private SftpUnionDirectory directory(int port) {
        return new SftpUnionDirectory(camel, camel.createProducerTemplate(), camel.createConsumerTemplate(),
                "sftp://tongjie@127.0.0.1:" + port,
                "password=test-secret&strictHostKeyChecking=no&useUserKnownHostsFile=false&connectTimeout=2000",
                5000);
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop();
    }

    @Test
    void invalidSampleOverSftpGivesTheExpectedReportsAndMovesWithoutDeletingAnything() throws Exception {
        Files.write(server.root().resolve("from-union/JG_20261209100000_001.csv"),
                sample("invalid-one-bad-row/from-union/JG_20261209100000_001.csv"));
        Files.write(server.root().resolve("from-union/JG_20261209100000_001.ok"), new byte[0]);
        Files.write(server.root().resolve("from-union/JG_20261209110000_001.csv"), new byte[] {1});

        var sink = new ResultFileProcessingTest.MemorySink();
        var out = new ResultFileProcessing(dir,
                sink, Clock.fixed(Instant.parse("2026-12-20T04:00:00Z"), ZoneOffset.UTC)).poll();

        assertThat(out).singleElement().satisfies(o -> assertThat(o.applied()).isEqualTo(2));
        assertThat(Files.readAllBytes(server.root().resolve("from-union/error/JG_20261209100000_001.err")))
                .isEqualTo(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.err"));
        assertThat(Files.readAllBytes(server.root().resolve("from-union/error/JG_20261209100000_001.rejected.csv")))
                .isEqualTo(sample("invalid-one-bad-row/expected/error/JG_20261209100000_001.rejected.csv"));
        assertThat(server.root().resolve("from-union/done/JG_20261209100000_001.csv")).exists();
        assertThat(server.root().resolve("from-union/done/JG_20261209100000_001.ok")).exists();
        // a csv without its marker is neither opened nor moved
        assertThat(server.root().resolve("from-union/JG_20261209110000_001.csv")).exists();
        assertThat(dir.list("from-union/error")).containsExactlyInAnyOrder("JG_20261209100000_001.err",
                "JG_20261209100000_001.rejected.csv");
    }

    @Test
    void writeNeverOverwritesAndAnUnreachableServerIsReportedAsUnavailable() {
        dir.write("to-union/LDZY_20261127163000_001.csv", new byte[] {1, 2});
        assertThat(dir.exists("to-union/LDZY_20261127163000_001.csv")).isTrue();
        assertThatThrownBy(() -> dir.write("to-union/LDZY_20261127163000_001.csv", new byte[] {3}))
                .isInstanceOf(HubException.class);
        assertThat(dir.read("to-union/LDZY_20261127163000_001.csv")).containsExactly(1, 2);

        int port = server.port();
        server.stop();
        assertThatThrownBy(() -> directory(port).list("from-union")).isInstanceOf(HubException.class);
    }
}
