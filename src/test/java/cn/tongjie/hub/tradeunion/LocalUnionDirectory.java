package cn.tongjie.hub.tradeunion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The SFTP tree as a local directory (the samples mirror it): lets the §7 logic be tested without a server. */
class LocalUnionDirectory implements UnionDirectory {

    private final Path root;

    LocalUnionDirectory(Path root) {
        this.root = root;
    }

    @Override
    public List<String> list(String dir) {
        Path d = root.resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(root.resolve(path));
    }

    @Override
    public byte[] read(String path) {
        try {
            return Files.readAllBytes(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        try {
            Files.createDirectories(root.resolve(path).getParent());
            Files.write(root.resolve(path), content, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void rename(String from, String to) {
        try {
            Files.createDirectories(root.resolve(to).getParent());
            if (Files.exists(root.resolve(to))) {
                throw new IOException("target exists: " + to);
            }
            Files.move(root.resolve(from), root.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
