package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;

/**
 * {@link UnionDirectory} over Camel's sftp component: file content goes through sftp producer/consumer endpoints,
 * listing / existence / rename through the endpoint's own remote-file operations. Every call opens its own
 * connection, so an outage surfaces as a {@link HubException} (TJ_AGENCY_UNAVAILABLE) the caller retries later.
 */
final class SftpUnionDirectory implements UnionDirectory {

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final ConsumerTemplate consumer;
    private final String base;
    private final long readTimeoutMillis;

    /** {@code base} = {@code sftp://user@host:port} plus credentials and host-key options, without path and '?'. */
    SftpUnionDirectory(CamelContext camel, ProducerTemplate producer, ConsumerTemplate consumer, String base,
            String options, long readTimeoutMillis) {
        this.camel = camel;
        this.producer = producer;
        this.consumer = consumer;
        this.base = base;
        this.options = options;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    private final String options;

    private String uri(String dir, String extra) {
        return base + "/" + dir + "?" + options + (extra.isEmpty() ? "" : "&" + extra);
    }

    private <T> T withOps(String dir, Op<T> op) {
        SftpEndpoint ep = camel.getEndpoint(uri(dir, ""), SftpEndpoint.class);
        RemoteFileOperations<SftpRemoteFile> ops = ep.createRemoteFileOperations();
        try {
            ops.connect(ep.getConfiguration(), null);
            return op.run(ops);
        } catch (GenericFileOperationFailedException e) {
            throw new HubException(ErrorCode.TJ_AGENCY_UNAVAILABLE, "union SFTP: " + e.getMessage(), e);
        } finally {
            try {
                ops.disconnect();
            } catch (GenericFileOperationFailedException ignored) {
                // the connection is gone anyway
            }
        }
    }

    interface Op<T> {
        T run(RemoteFileOperations<SftpRemoteFile> ops);
    }

    @Override
    public List<String> list(String dir) {
        return withOps(dir, ops -> {
            List<String> names = new ArrayList<>();
            for (SftpRemoteFile f : ops.listFiles("/" + dir)) {
                if (!f.isDirectory()) {
                    names.add(f.getFilename());
                }
            }
            return names;
        });
    }

    @Override
    public boolean exists(String path) {
        return withOps(parent(path), ops -> ops.existsFile("/" + path));
    }

    @Override
    public byte[] read(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Exchange ex = consumer.receive(uri(parent(path), "fileName=" + name + "&noop=true&idempotent=false"
                + "&binary=true&disconnect=true"), readTimeoutMillis);
        if (ex == null) {
            throw new HubException(ErrorCode.TJ_AGENCY_UNAVAILABLE, "union SFTP: " + path + " not readable");
        }
        try {
            return ex.getMessage().getBody(byte[].class);
        } finally {
            consumer.doneUoW(ex);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        // fileExist=Fail: the contract forbids overwriting; the caller always picks a free name.
        Exchange ex = producer.send(uri(parent(path), "fileExist=Fail&binary=true&disconnect=true"), e -> {
            e.getMessage().setBody(content);
            e.getMessage().setHeader(Exchange.FILE_NAME, name);
        });
        if (ex.getException() != null) {
            throw new HubException(ErrorCode.TJ_AGENCY_UNAVAILABLE, "union SFTP: writing " + path + " failed",
                    ex.getException());
        }
    }

    @Override
    public void rename(String from, String to) {
        withOps(parent(from), ops -> {
            if (!ops.renameFile("/" + from, "/" + to)) {
                throw new HubException(ErrorCode.TJ_AGENCY_UNAVAILABLE, "union SFTP: rename " + from + " failed");
            }
            return null;
        });
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
