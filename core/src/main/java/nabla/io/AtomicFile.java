package nabla.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file writes, shared by every Nabla format that saves a file (model archives, Keras and ONNX exports): the
 * bytes go to a temporary file ".NAME.xxxxxxxx.tmp" (eight hex digits) in the target's directory, locked until it is
 * forced to disk and renamed over the target, so a failure or a kill at any point leaves the previous file as it
 * was. The temporary files of saves that died before their rename are removed by the next write (and, through
 * {@link #removeStaleTemps}, the next load) of the same path; a live save's file is locked and left alone.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What writes the file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content to {@code out}; flushes any buffering of its own, but does not close {@code out}.
         *
         * @param out the temporary file's stream
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code path} atomically, replacing any file there only once the new one is complete
     * and on disk.
     *
     * @param path the file to write; its directory must exist
     * @param content what writes the bytes
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if writing or renaming fails; the previous file, if any, is left as it was
     */
    public static void write(Path path, Content content) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir))
            throw new NoSuchFileException(
                    dir.toString(), null, "cannot save " + path + ": the directory does not exist");
        // Not Files.createTempFile: it makes the file owner-only (0600), which the rename would carry to the target.
        removeStaleTemps(dir, target.getFileName().toString());
        Path tmp = null;
        try {
            FileChannel locked = null;
            while (locked == null) {
                tmp = dir.resolve("." + target.getFileName() + "."
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".tmp");
                locked = lockedTemp(tmp);
            }
            // the lock, held until the rename, tells other processes' removeStaleTemps that this save is alive
            try (FileChannel ch = locked) {
                content.writeTo(Channels.newOutputStream(ch));
                ch.force(true);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable t) {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        } finally {
            if (tmp != null) SAVING.remove(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Writes {@code bytes} to {@code path} atomically, as {@link #write(Path, Content)}.
     *
     * @param path the file to write; its directory must exist
     * @param bytes the whole content
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if writing or renaming fails; the previous file, if any, is left as it was
     */
    public static void write(Path path, byte[] bytes) throws IOException {
        write(path, out -> out.write(bytes));
    }

    /**
     * Removes the temporary files that saves of {@code path} left when their process died before the rename (a
     * loader calls it, so that reading a file also cleans up after a killed save of it). Best effort.
     *
     * @param path the file whose stale temporary files to remove
     */
    public static void removeStaleTemps(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) removeStaleTemps(parent, path.getFileName().toString());
    }

    /** The temp files of saves in progress in this JVM, which removeStaleTemps leaves without opening them. */
    private static final Set<Path> SAVING = ConcurrentHashMap.newKeySet();

    /**
     * Creates the temp file {@code tmp} and locks it for this save; null when the name is taken, or when another
     * process's removeStaleTemps removed the new file before it was locked (the caller tries another name).
     */
    private static FileChannel lockedTemp(Path tmp) throws IOException {
        SAVING.add(tmp);
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            SAVING.remove(tmp);
            return null;
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException e) {
            return ch; // a file system without locks: the save goes on, unprotected from other processes' removal
        } catch (RuntimeException e) {
            ch.close();
            SAVING.remove(tmp);
            throw e;
        }
        // a remover deletes only while it holds the lock: once this save holds it, the file is still there unless it
        // was deleted before
        if (lock != null && Files.exists(tmp)) return ch;
        ch.close();
        Files.deleteIfExists(tmp);
        SAVING.remove(tmp);
        return null;
    }

    /**
     * Deletes the temporary files an earlier save of {@code name} left when its process died before the rename
     * (".NAME.xxxxxxxx.tmp", eight hex digits): they are never valid model files. A save in progress holds a lock
     * on its temp file until the rename (the operating system drops it when the process dies, kill -9 included), so
     * a temp file that cannot be locked belongs to a live save, in this or another process, and is left. Best
     * effort.
     */
    private static void removeStaleTemps(Path dir, String name) {
        String prefix = "." + name + ".";
        try (var files = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix)
                    && f.endsWith(".tmp")
                    && f.length() == prefix.length() + 12
                    && f.substring(prefix.length(), prefix.length() + 8)
                            .chars()
                            .allMatch(c -> Character.digit(c, 16) >= 0);
        })) {
            for (Path p : files) {
                if (SAVING.contains(p)) continue;
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    boolean stale;
                    try {
                        stale = ch.tryLock() != null;
                    } catch (OverlappingFileLockException e) {
                        stale = false; // a save in this JVM, reached by another spelling of the path
                    } catch (IOException e) {
                        stale = true; // a file system without locks: as before locks, the name alone decides
                    }
                    if (stale) Files.deleteIfExists(p); // unlinked while locked, see lockedTemp
                } catch (IOException | RuntimeException e) {
                    // gone, or not ours to open: it stays
                }
            }
        } catch (IOException | RuntimeException e) {
            // a temp file we cannot list or delete stays; the save itself goes on
        }
    }

    /** Makes the rename durable where the platform allows syncing a directory (Linux, macOS); elsewhere a no-op. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the file itself is already on disk; only the directory entry may lag after a crash.
        }
    }
}
