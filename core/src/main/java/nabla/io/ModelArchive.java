package nabla.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import nabla.optim.OptimizerState;
import nabla.tensor.NDArray;

/**
 * A model in one file: a ZIP archive holding {@value #SPEC_ENTRY} (format name and version, model class, layers,
 * input shape, compile settings; see {@link ModelSpec}), {@value #WEIGHTS_ENTRY} (the weights keyed
 * "layerName.weightName", stored uncompressed so the entry is a standard safetensors file byte for byte) and, for a
 * compiled model saved with it, {@value #OPTIMIZER_ENTRY} (the optimizer's state: its slot arrays keyed
 * "layerName.weightName/slotIndex", stored the same way, with the step count and base learning rate in the
 * safetensors metadata; see {@link OptimizerState}).
 *
 * <p>{@link #write} is atomic: it writes a temporary file in the target's directory, forces it to disk and renames it
 * over the target, so a failure at any point leaves the previous file as it was and no temporary file behind. A
 * process killed mid-save (kill -9) leaves its temporary file ".NAME.xxxxxxxx.tmp"; the next write or read of that
 * path removes it, but not the temporary file of a save still running (it is locked until its rename), so loading a
 * checkpoint while another process writes it is safe. Entry times are fixed, so saving the same model twice gives
 * identical bytes. {@link #read} reports the problems it finds as {@link IOException}s naming the file and the entry
 * ({@link ModelFileException} and its subclasses); it checks the file's own consistency, while the model that loads
 * it checks that the weights fit ({@link Weights#loadStrict}).
 *
 * <p>What {@link #read} checks, so that a damaged or hostile file is an error naming the file (and the entry, the
 * tensor) rather than wrong predictions or an {@link OutOfMemoryError}: the file is exactly one ZIP archive (no bytes
 * before, between or after its entries, no duplicate names, local headers agreeing with the directory); at most
 * 10,000 entries; every entry's size and CRC-32; the SHA-256 of each tensor, which {@link #write} keeps in the
 * safetensors metadata under "sha256:NAME" (files without digests load unchecked); a compressed entry inflates to at
 * most 100 times its compressed size (1 MiB always allowed), checked while inflating; the spec and the training entry
 * at most 64 MiB each, all assets together at most 64 MiB; asset names are plain file names.
 *
 * <p>Version history: 1, the first format; the optional {@value #OPTIMIZER_ENTRY} entry came later without a new
 * version, as it changes nothing else: files without it (all older ones) load with a fresh optimizer, and a Nabla
 * that predates it reads newer files the same way, ignoring the entry. 2: layers listed once with a "trainable"
 * flag, a functional model's connections in a "graph" object (node-level, so shared layers, several outputs and
 * nested models save), per-output compile settings, and the optional {@value #TRAINING_ENTRY} entry; version-1
 * files still load.
 *
 * @param spec architecture and training configuration
 * @param weights the weights by key, in order (unmodifiable)
 * @param assets named text files kept with the model (e.g. a fitted tokenizer as JSON), stored as
 *     {@code assets/NAME} entries (unmodifiable)
 * @param optimizerState the optimizer's state, or null for none (an uncompiled model, a file saved without it)
 * @param trainingState where training stands besides weights and optimizer (the epochs completed, the layers'
 *     random states), as JSON values in the {@value #TRAINING_ENTRY} entry; null for none
 */
public record ModelArchive(
        ModelSpec spec,
        Map<String, NDArray> weights,
        Map<String, String> assets,
        OptimizerState optimizerState,
        Map<String, Object> trainingState) {
    /** The value of the "format" field, identifying a Nabla model file. */
    public static final String FORMAT = "nabla.model";
    /** The format version this Nabla writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    /** The entry that holds the architecture and compile settings ({@link ModelSpec}) as JSON. */
    public static final String SPEC_ENTRY = "nabla.json";
    /** The entry that holds the weights, a standard safetensors file stored uncompressed. */
    public static final String WEIGHTS_ENTRY = "model.safetensors";
    /** The entry that holds the optimizer's state, when there is one. */
    public static final String OPTIMIZER_ENTRY = "optimizer.safetensors";
    /** The entry that holds the training state, when there is one. */
    public static final String TRAINING_ENTRY = "training.json";

    private static final long MAX_SPEC_BYTES = 64L << 20;
    /** Every asset together, uncompressed. */
    private static final long MAX_ASSET_BYTES = 64L << 20;
    /** Entries in one archive (a file has a handful; a hostile one may list millions). */
    private static final int MAX_ENTRIES = 10_000;
    /** How far a compressed entry may expand: zip bombs expand thousands of times, JSON and text about ten. */
    private static final long MAX_RATIO = 100;
    /** A fixed entry time (the ZIP epoch) so that saving the same model twice gives identical bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    static final String ASSET_PREFIX = "assets/";

    /**
     * Copies the maps into unmodifiable ones (the arrays themselves are not copied).
     *
     * @throws NullPointerException if {@code spec}, {@code weights} or {@code assets} is null
     * @throws IllegalArgumentException if an asset name is not a plain file name (empty, starting with '.', or
     *     holding a '/' or '\')
     */
    public ModelArchive {
        Objects.requireNonNull(spec, "spec");
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        assets = Collections.unmodifiableMap(new LinkedHashMap<>(assets));
        if (trainingState != null) trainingState = Collections.unmodifiableMap(new LinkedHashMap<>(trainingState));
        for (String name : assets.keySet())
            if (!plainName(name))
                throw new IllegalArgumentException("asset name '" + name + "' must be a plain file name");
    }

    /**
     * An archive without optimizer state.
     *
     * @param spec architecture and training configuration
     * @param weights the weights by key
     * @param assets named text files kept with the model
     * @throws IllegalArgumentException if an asset name is not a plain file name
     */
    public ModelArchive(ModelSpec spec, Map<String, NDArray> weights, Map<String, String> assets) {
        this(spec, weights, assets, null, null);
    }

    /**
     * An archive without training state.
     *
     * @param spec architecture and training configuration
     * @param weights the weights by key
     * @param assets named text files kept with the model
     * @param optimizerState the optimizer's state, or null
     * @throws IllegalArgumentException if an asset name is not a plain file name
     */
    public ModelArchive(
            ModelSpec spec, Map<String, NDArray> weights, Map<String, String> assets, OptimizerState optimizerState) {
        this(spec, weights, assets, optimizerState, null);
    }

    /**
     * An archive without assets or optimizer state.
     *
     * @param spec architecture and training configuration
     * @param weights the weights by key
     */
    public ModelArchive(ModelSpec spec, Map<String, NDArray> weights) {
        this(spec, weights, Map.of());
    }

    private static boolean plainName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".");
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes the archive to {@code path} atomically, replacing any file there only once the new one is complete and
     * on disk.
     *
     * @param path the model file to write; its directory must exist
     * @throws java.nio.file.NoSuchFileException if the directory does not exist
     * @throws IllegalArgumentException if a layer, loss or optimizer config holds a value that is not JSON (the
     *     message names its owner)
     * @throws IOException if writing or renaming fails; the previous file, if any, is left as it was
     */
    public void write(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir))
            throw new NoSuchFileException(
                    dir.toString(), null, "cannot save " + path + ": the directory does not exist");
        // Not Files.createTempFile: it makes the file owner-only (0600), which the rename would carry to the model
        // file.
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
                ZipOutputStream zip =
                        new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
                writeEntries(zip, path.toString());
                zip.finish();
                zip.flush();
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

    private void writeEntries(ZipOutputStream zip, String file) throws IOException {
        ZipEntry specEntry = new ZipEntry(SPEC_ENTRY);
        specEntry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(specEntry);
        zip.write(ArchiveJson.write(spec, file));
        zip.closeEntry();

        writeStored(zip, WEIGHTS_ENTRY, TensorDigests.add(new SafeTensors(weights, Map.of("format", "nabla"))));
        if (optimizerState != null)
            writeStored(zip, OPTIMIZER_ENTRY, TensorDigests.add(OptimizerEntry.toSafeTensors(optimizerState)));
        if (trainingState != null) {
            ZipEntry t = new ZipEntry(TRAINING_ENTRY);
            t.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(t);
            zip.write(nabla.internal.Json.write(trainingState, true));
            zip.closeEntry();
        }

        for (Map.Entry<String, String> a : assets.entrySet()) {
            ZipEntry e = new ZipEntry(ASSET_PREFIX + a.getKey());
            e.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(e);
            zip.write(a.getValue().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /** Writes {@code st} as an uncompressed entry, so that the entry is a standard safetensors file byte for byte. */
    private static void writeStored(ZipOutputStream zip, String name, SafeTensors st) throws IOException {
        // STORED needs the size and CRC up front: a first pass computes them without holding the bytes.
        CRC32 crc = new CRC32();
        try (CheckedOutputStream probe = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
            st.writeTo(probe);
        }
        long size = 8L + st.headerBytes().length;
        for (NDArray t : st.tensors().values()) size += 4L * t.size();
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        st.writeTo(zip);
        zip.closeEntry();
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

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads a model file written by {@link #write}: the spec, the weights, the optimizer state when the entry is
     * there, and every {@code assets/NAME} entry as UTF-8 text. Entries it does not know are ignored.
     *
     * @param path the model file
     * @return the archive, with its weights in new arrays
     * @throws java.nio.file.NoSuchFileException if there is no file at {@code path}
     * @throws CorruptModelFileException if the file is not a ZIP archive, lacks {@value #SPEC_ENTRY} or
     *     {@value #WEIGHTS_ENTRY}, or an entry is damaged or malformed (the message names the entry and the field)
     * @throws ModelFileException if the file is valid but this Nabla cannot use it: a newer format version, tensors
     *     other than F32, an entry beyond the size limits
     * @throws IOException if reading fails otherwise
     */
    public static ModelArchive read(Path path) throws IOException {
        String file = path.toString();
        if (!Files.exists(path)) throw new NoSuchFileException(file, null, "no such model file");
        if (!Files.isRegularFile(path)) throw new ModelFileException(file, "is not a regular file");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) removeStaleTemps(parent, path.getFileName().toString());
        ZipLayout.check(path, MAX_ENTRIES);
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CorruptModelFileException(
                    file,
                    "not a Nabla model file: it is not a ZIP archive, or it is truncated (" + e.getMessage() + ")",
                    e);
        }
        try (zip) {
            if (zip.size() > MAX_ENTRIES)
                throw new ModelFileException(
                        file, "the archive lists " + zip.size() + " entries; a model file has at most " + MAX_ENTRIES);
            ModelSpec spec = ArchiveJson.read(entryBytes(zip, SPEC_ENTRY, MAX_SPEC_BYTES, file), file);
            byte[] st = entryBytes(zip, WEIGHTS_ENTRY, Integer.MAX_VALUE - 8, file);
            SafeTensors weights = SafeTensors.read(ByteBuffer.wrap(st), file + "!/" + WEIGHTS_ENTRY);
            TensorDigests.check(weights, file + "!/" + WEIGHTS_ENTRY);
            OptimizerState optimizerState = null;
            if (zip.getEntry(OPTIMIZER_ENTRY) != null) {
                String entry = file + "!/" + OPTIMIZER_ENTRY;
                byte[] ob = entryBytes(zip, OPTIMIZER_ENTRY, Integer.MAX_VALUE - 8, file);
                SafeTensors os = SafeTensors.read(ByteBuffer.wrap(ob), entry);
                optimizerState = OptimizerEntry.fromSafeTensors(os, entry);
                TensorDigests.check(os, entry);
            }
            Map<String, Object> training = null;
            if (zip.getEntry(TRAINING_ENTRY) != null) {
                String entry = file + "!/" + TRAINING_ENTRY;
                Object parsed;
                try {
                    parsed = nabla.internal.Json.parse(entryBytes(zip, TRAINING_ENTRY, MAX_SPEC_BYTES, file));
                } catch (nabla.internal.Json.SyntaxException e) {
                    throw new CorruptModelFileException(entry, "not valid JSON (" + e.getMessage() + ")", e);
                }
                if (!(parsed instanceof Map<?, ?> m)) throw new CorruptModelFileException(entry, "not a JSON object");
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) m;
                training = t;
            }
            Map<String, String> assets = new LinkedHashMap<>();
            long assetBytes = 0;
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(ASSET_PREFIX) && name.length() > ASSET_PREFIX.length()) {
                    if (!plainName(name.substring(ASSET_PREFIX.length())))
                        throw new CorruptModelFileException(
                                file + "!/" + name,
                                "an asset's name must be a plain file name (not empty, not starting with '.', without"
                                        + " '/' or '\\'); the file is damaged or was crafted");
                    byte[] a = entryBytes(zip, name, MAX_ASSET_BYTES - assetBytes, file);
                    assetBytes += a.length;
                    assets.put(name.substring(ASSET_PREFIX.length()), new String(a, StandardCharsets.UTF_8));
                }
            }
            return new ModelArchive(spec, weights.tensors(), assets, optimizerState, training);
        }
    }

    private static byte[] entryBytes(ZipFile zip, String name, long limit, String file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null)
            throw new CorruptModelFileException(
                    file, "the archive has no '" + name + "' entry; it is not a Nabla model file or it is damaged");
        // a compressed entry may expand MAX_RATIO times its compressed size at most (1 MiB always allowed), checked
        // while inflating: reading stops one byte past the bound
        long bound = limit;
        boolean byRatio = false;
        if (e.getMethod() == ZipEntry.DEFLATED && e.getCompressedSize() >= 0) {
            long r = Math.max(1L << 20, MAX_RATIO * e.getCompressedSize());
            if (r < bound) {
                bound = r;
                byRatio = true;
            }
        }
        byte[] b;
        try (InputStream in = zip.getInputStream(e)) {
            b = in.readNBytes((int) Math.min(bound + 1, Integer.MAX_VALUE - 8));
        } catch (ZipException | EOFException ex) {
            throw new CorruptModelFileException(file, "entry '" + name + "' is damaged (" + ex.getMessage() + ")", ex);
        }
        if (b.length > bound)
            throw new ModelFileException(
                    file,
                    byRatio
                            ? "entry '" + name + "' expands to more than " + MAX_RATIO
                                    + " times its compressed size of "
                                    + e.getCompressedSize() + " bytes (a zip bomb?); reading stopped at " + bound
                                    + " bytes"
                            : "entry '" + name + "' is larger than " + limit + " bytes"
                                    + (name.startsWith(ASSET_PREFIX)
                                            ? " (all assets together: at most " + MAX_ASSET_BYTES + " bytes)"
                                            : ""));
        // the JDK checks the CRC-32 of compressed entries only: check every entry's size and checksum here
        if (e.getSize() >= 0 && e.getSize() != b.length)
            throw new CorruptModelFileException(
                    file + "!/" + name,
                    "the entry holds " + b.length + " bytes, the archive's directory says " + e.getSize()
                            + "; the file is damaged");
        CRC32 crc = new CRC32();
        crc.update(b);
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc())
            throw new CorruptModelFileException(
                    file + "!/" + name,
                    "the entry's CRC-32 is %08x, the archive's directory says %08x: its bytes are damaged"
                            .formatted(crc.getValue(), e.getCrc()));
        return b;
    }
}
