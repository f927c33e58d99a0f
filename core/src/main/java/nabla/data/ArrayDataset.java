package nabla.data;

import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * Paired inputs and targets held in memory, sample i being row i of both (axis 0).
 * {@code y} may be class indices of shape (n) or one-hot / regression targets of shape (n, ...).
 * The arrays are held, not copied: {@link #slice} and {@link #split} return views of the same storage.
 *
 * @param x the inputs, shape (n, ...)
 * @param y the targets, shape (n) or (n, ...)
 */
public record ArrayDataset(NDArray x, NDArray y) {
    /**
     * Checks that both arrays have a sample axis of the same length.
     *
     * @throws NullPointerException if {@code x} or {@code y} is null
     * @throws IllegalArgumentException if either is a scalar or their axis-0 lengths differ
     */
    public ArrayDataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() < 1 || y.rank() < 1 || x.dim(0) != y.dim(0))
            throw new IllegalArgumentException(
                    "ArrayDataset: x %s and y %s must have the same number of samples on axis 0"
                            .formatted(x.shape(), y.shape()));
    }

    /**
     * Two parts of one data set: the samples to train on and those held out.
     *
     * @param train the samples to train on
     * @param validation the held-out samples
     */
    public record Split(ArrayDataset train, ArrayDataset validation) {}

    /**
     * The number of samples.
     *
     * @return the length of axis 0
     */
    public int size() {
        return x.dim(0);
    }

    /**
     * Samples {@code from .. to-1}, as views sharing this data set's storage.
     *
     * @param from the first sample, inclusive
     * @param to the end, exclusive
     * @return the samples in {@code [from, to)}
     * @throws IllegalArgumentException if the range is not within {@code [0, size()]} or {@code from > to}
     */
    public ArrayDataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to)
            throw new IllegalArgumentException(
                    "ArrayDataset: slice [%d, %d) is outside the %d samples".formatted(from, to, size()));
        return new ArrayDataset(x.slice(0, from, to), y.slice(0, from, to));
    }

    /**
     * Holds out the last {@code fraction} of the samples for validation, without shuffling, as Keras'
     * {@code validation_split} does: the split point is floor(n * (1 - fraction)). Both parts are views. With few
     * samples either part may be empty ({@code fit} rejects that).
     *
     * @param fraction the share of the samples to hold out, in (0, 1)
     * @return the first floor(n * (1 - fraction)) samples to train on, the rest to validate on
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1)
     */
    public Split split(double fraction) {
        if (!(fraction > 0 && fraction < 1))
            throw new IllegalArgumentException("ArrayDataset: validation fraction must be in (0, 1), got " + fraction);
        int at = (int) Math.floor(size() * (1.0 - fraction));
        return new Split(slice(0, at), slice(at, size()));
    }

    /**
     * A loader over this data set (see {@link DataLoader}).
     *
     * @param batchSize the samples per batch, positive
     * @param shuffle whether each epoch visits the samples in a seeded random order
     * @param seed the seed of the per-epoch permutations
     * @return a new loader that keeps the last, smaller batch
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public DataLoader loader(int batchSize, boolean shuffle, long seed) {
        return new DataLoader(x, y, batchSize, shuffle, seed);
    }
}
