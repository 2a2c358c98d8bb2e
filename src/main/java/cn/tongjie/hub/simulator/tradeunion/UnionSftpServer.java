package cn.tongjie.hub.simulator.tradeunion;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The union-hosted SFTP server for tests and demo mode (trade-union contract §2): Apache MINA SSHD on a free port,
 * one account chrooted to a temporary root that holds the contract's directories.
 */
public final class UnionSftpServer implements AutoCloseable {

    private final Path root;
    private final String user;
    private final String password;
    // replaced when the server comes back after goDown(): a stopped MINA server cannot be started again
    private volatile SshServer sshd;

    private UnionSftpServer(SshServer sshd, Path root, String user, String password) {
        this.sshd = sshd;
        this.root = root;
        this.user = user;
        this.password = password;
    }

    /** Starts on {@code port} (0 = a free port) with {@code user}/{@code password}; root = a fresh temp directory. */
    public static UnionSftpServer start(int port, String user, String password) {
        try {
            Path root = Files.createTempDirectory("tongjie-union-sftp");
            for (String d : List.of("to-union/archive", "to-union/error", "from-union/done", "from-union/error")) {
                Files.createDirectories(root.resolve(d));
            }
            return new UnionSftpServer(listen(port, root, user, password), root, user, password);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "embedded union SFTP server did not start", e);
        }
    }

    private static SshServer listen(int port, Path root, String user, String password) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        // the same host key file across goDown()/comeBack(): the union's server keeps its identity
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + ".hostkey")));
        sshd.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        return sshd;
    }

    /** An outage for fault tests: the server stops listening (sessions drop, connections are refused); files stay. */
    public synchronized void goDown() {
        stop();
    }

    /** The end of the outage: listening again on the same port with the same files and host key. */
    public synchronized void comeBack() {
        if (sshd.isStarted()) {
            return;
        }
        try {
            sshd = listen(sshd.getPort(), root, user, password);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "embedded union SFTP server did not come back", e);
        }
    }

    public int port() {
        return sshd.getPort();
    }

    /** The chroot ({@code /tongjie} on the real server). */
    public Path root() {
        return root;
    }

    public void stop() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "embedded union SFTP server did not stop", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
