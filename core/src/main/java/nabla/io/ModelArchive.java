package nabla.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 * <p>{@link #write} is atomic ({@link AtomicFile}): it writes a temporary file in the target's directory, forces it to disk and renames it
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
        AtomicFile.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16));
            writeEntries(zip, path.toString());
            zip.finish();
            zip.flush();
        });
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
        AtomicFile.removeStaleTemps(path);
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
        return ZipEntries.read(
                zip,
                name,
                limit,
                file,
                "a Nabla model file",
                name.startsWith(ASSET_PREFIX) ? " (all assets together: at most " + MAX_ASSET_BYTES + " bytes)" : "");
    }
}
