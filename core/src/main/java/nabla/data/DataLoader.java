package nabla.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Iterates mini-batches over inputs {@code x} and targets {@code y} whose axis 0 is the sample axis
 * ({@code y} may be class indices of shape (n) or one-hot rows of shape (n, classes)).
 *
 * <p>With {@code shuffle}, epoch {@code e} visits the samples in a permutation that depends only on
 * {@code (seed, e)}: the same seed gives the same order on every run, successive epochs give different
 * orders, and epoch 7 can be replayed without running epochs 0..6. Without it, samples come in order.
 * The last batch is smaller when the batch size does not divide n, unless {@link #withDropLast(boolean)}.
 *
 * <p>The data set is never copied per epoch: the loader keeps an index permutation and copies each batch's
 * rows into buffers allocated once per distinct batch size (at most two). A {@link Batch}'s arrays are
 * therefore reused: valid only until the next batch is taken. A loader is not thread-safe, and only one
 * epoch's iterator should be in use at a time. As in PyTorch's {@code DataLoader(dataset, batch_size, shuffle)},
 * with the epoch's generator derived from the seed instead of drawn from a global one.
 */
public final class DataLoader {
    /**
     * One mini-batch: inputs {@code x} of shape (size, ...), targets {@code y} of shape (size, ...), its position
     * {@code index} in the epoch (0-based) and {@code size}, the number of samples. The arrays are the loader's
     * reusable buffers: valid only until the next batch is taken, and not to be written.
     *
     * @param x the batch's inputs, shape (size, ...)
     * @param y the batch's targets, shape (size) or (size, ...)
     * @param index the batch's position in the epoch, from 0
     * @param size the number of samples in the batch: the batch size, or fewer for the last batch
     */
    public record Batch(NDArray x, NDArray y, int index, int size) {}

    private final NDArray x, y;
    private final int n, batchSize;
    private final boolean shuffle, dropLast;
    private final long seed;
    private NDArray fullX, fullY, lastX, lastY; // reusable batch buffers, allocated on first use

    /**
     * A loader over {@code x} and {@code y}; strided views are made contiguous once here, contiguous arrays
     * (including row slices such as {@link ArrayDataset#split(double)}'s) are used in place, so later writes to
     * them show in the batches.
     *
     * @param x the inputs, shape (n, ...)
     * @param y the targets, shape (n) or (n, ...)
     * @param batchSize the samples per batch, positive
     * @param shuffle whether each epoch visits the samples in a seeded random order (false: in order)
     * @param seed the seed of the per-epoch permutations; ignored without {@code shuffle}
     * @throws NullPointerException if {@code x} or {@code y} is null
     * @throws IllegalArgumentException if either is a scalar, their axis-0 lengths differ, or {@code batchSize} is
     *     not positive
     */
    public DataLoader(NDArray x, NDArray y, int batchSize, boolean shuffle, long seed) {
        this(x, y, batchSize, shuffle, seed, false);
    }

    private DataLoader(NDArray x, NDArray y, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() < 1 || y.rank() < 1 || x.dim(0) != y.dim(0))
            throw new IllegalArgumentException(
                    "DataLoader: x %s and y %s must have the same number of samples on axis 0"
                            .formatted(x.shape(), y.shape()));
        if (batchSize <= 0)
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        this.x = x.isContiguous() ? x : x.copy();
        this.y = y.isContiguous() ? y : y.copy();
        this.n = x.dim(0);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /**
     * A loader like this one that drops (true) or keeps (false, the default) a last batch smaller than the batch
     * size, as PyTorch's {@code drop_last}. This loader is unchanged; the copy shares its (contiguous) arrays.
     *
     * @param drop whether to drop a last, incomplete batch
     * @return a new loader with the setting
     */
    public DataLoader withDropLast(boolean drop) {
        return new DataLoader(x, y, batchSize, shuffle, seed, drop);
    }

    /**
     * The number of samples.
     *
     * @return n, the length of axis 0
     */
    public int size() {
        return n;
    }

    /**
     * The number of samples per batch.
     *
     * @return the batch size given to the constructor
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The number of batches one epoch yields.
     *
     * @return ceil(n / batchSize), or floor(n / batchSize) when the last incomplete batch is dropped
     */
    public int batchesPerEpoch() {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The batches of epoch {@code epochIndex} (0-based), in the order {@link #order(int)} gives; each call to
     * {@code iterator()} starts the epoch over. The iterator's {@code next()} throws
     * {@link java.util.NoSuchElementException} past the last batch.
     *
     * @param epochIndex the epoch, from 0
     * @return the epoch's batches, each valid only until the next one is taken
     * @throws IllegalArgumentException if {@code epochIndex} is negative
     */
    public Iterable<Batch> epoch(int epochIndex) {
        if (epochIndex < 0)
            throw new IllegalArgumentException("DataLoader: epoch index must be >= 0, got " + epochIndex);
        return () -> new BatchIterator(order(epochIndex));
    }

    /**
     * The sample order of epoch {@code epochIndex}: a permutation of 0..n-1 (Fisher-Yates, seeded from the seed and
     * the epoch), or 0..n-1 itself without shuffling.
     *
     * @param epochIndex the epoch, from 0
     * @return a new array holding the permutation
     */
    public int[] order(int epochIndex) {
        return permutation(n, shuffle, seed, epochIndex);
    }

    /**
     * The sample order of epoch {@code epoch} for {@code n} samples, as a loader of that seed makes it: a permutation
     * of 0..n-1 (Fisher-Yates, seeded from the seed and the epoch), or 0..n-1 itself without shuffling.
     *
     * @param n the number of samples
     * @param shuffle whether to permute
     * @param seed the seed
     * @param epoch the epoch, from 0
     * @return a new array holding the order
     */
    public static int[] permutation(int n, boolean shuffle, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) new Rng(epochSeed(seed, epoch)).shuffle(order);
        return order;
    }

    /**
     * Mixes seed and epoch with the SplitMix64 finaliser (Steele et al. 2014), so that nearby seeds and epochs
     * give unrelated streams (SplittableRandom seeds that differ by its gamma would give shifted streams).
     */
    static long epochSeed(long seed, int epoch) {
        return mix64(seed ^ mix64(0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final int[] order;
        private int index;

        BatchIterator(int[] order) {
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return index < batchesPerEpoch();
        }

        @Override
        public Batch next() {
            if (!hasNext())
                throw new NoSuchElementException("DataLoader: epoch has only " + batchesPerEpoch() + " batches");
            int from = index * batchSize, count = Math.min(batchSize, n - from);
            NDArray bx, by;
            if (count == batchSize) {
                if (fullX == null) {
                    fullX = buffer(x, count);
                    fullY = buffer(y, count);
                }
                bx = fullX;
                by = fullY;
            } else {
                if (lastX == null) {
                    lastX = buffer(x, count);
                    lastY = buffer(y, count);
                }
                bx = lastX;
                by = lastY;
            }
            gather(x, order, from, count, bx);
            gather(y, order, from, count, by);
            return new Batch(bx, by, index++, count);
        }
    }

    private static NDArray buffer(NDArray source, int rows) {
        return NDArray.zeros(source.shape().with(0, rows));
    }

    /**
     * Copies rows {@code order[from..from+count)} of contiguous {@code src} into {@code into}. Done here rather
     * than with {@code NDArray.gatherRows}, which copies the whole source when it starts at a non-zero offset
     * (as a validation split's view does).
     *
     * @param src a contiguous array, rows on axis 0
     * @param order row indices
     * @param from the first position of {@code order} to copy
     * @param count the number of rows
     * @param into a contiguous array of {@code count} rows of {@code src}'s row shape
     */
    public static void gather(NDArray src, int[] order, int from, int count, NDArray into) {
        Shape shape = src.shape();
        int row = shape.dim(0) == 0 ? 0 : shape.size() / shape.dim(0);
        float[] s = src.data(), d = into.data();
        int so = src.offset(), dof = into.offset();
        if (row == 1) {
            for (int i = 0; i < count; i++) d[dof + i] = s[so + order[from + i]];
        } else {
            for (int i = 0; i < count; i++) System.arraycopy(s, so + order[from + i] * row, d, dof + i * row, row);
        }
    }
}
