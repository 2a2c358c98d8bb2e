package cn.tongjie.hub.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay a test can cut and restore: the hub talks to the database through it, so "the database is
 * unreachable for a while" needs no control over the real server (works the same for H2's TCP server and PostgreSQL).
 * {@link #cut()} closes the listening socket and every relayed connection (the client sees its connections break and
 * new ones refused); {@link #restore()} listens again on the same port. Threads are daemons and end with their sockets.
 */
final class TcpRelay implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    TcpRelay(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = listen(0);
    }

    int port() {
        return port;
    }

    /** The database becomes unreachable: established connections break, new ones are refused. */
    synchronized void cut() {
        closeQuietly(server);
        server = null;
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }

    /** The database is reachable again, on the same address. */
    synchronized void restore() {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized int listen(int onPort) {
        try {
            ServerSocket s = new ServerSocket();
            // the port was ours a moment ago: do not wait for TIME_WAIT to expire
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = s;
            Thread acceptor = new Thread(() -> accept(s), "tcp-relay-accept-" + s.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("relay cannot listen on " + onPort, e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException closedOrRefused) {
                // the listener was cut (loop ends) or the target refused this one connection (the client retries)
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException broken) {
                // either side closed: fall through and close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort: the socket may already be gone
            }
        }
    }
}
