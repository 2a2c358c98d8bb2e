package cn.tongjie.hub.tradeunion;

import java.util.List;

/**
 * The union-hosted SFTP tree as the hub uses it (trade-union contract §2): paths are relative to the chroot
 * ({@code from-union/JG_….csv}). Nothing is ever deleted; {@link #rename} is the contract's atomic "move".
 */
interface UnionDirectory {

    /** Plain file names (no sub-directories) in a directory; empty when it does not exist. */
    List<String> list(String dir);

    boolean exists(String path);

    byte[] read(String path);

    /** Writes a complete new file; the caller never targets an existing name. */
    void write(String path, byte[] content);

    /** Atomic rename within the server; the target must not exist. */
    void rename(String from, String to);
}
