package nabla.data;

import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * Paired inputs and targets held in memory, sample i being row i of both (axis 0).
 * {@code y} may be class indices of shape (n) or one-hot / regression targets of shape (n, ...).
 */
public record ArrayDataset(NDArray x, NDArray y) {
    public ArrayDataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() < 1 || y.rank() < 1 || x.dim(0) != y.dim(0))
            throw new IllegalArgumentException("ArrayDataset: x %s and y %s must have the same number of samples on axis 0"
                    .formatted(x.shape(), y.shape()));
    }

    /** Two parts of one data set: the samples to train on and those held out. */
    public record Split(ArrayDataset train, ArrayDataset validation) {}

    /** The number of samples. */
    public int size() {
        return x.dim(0);
    }

    /** Samples {@code from .. to-1}, as views sharing this data set's storage. */
    public ArrayDataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to)
            throw new IllegalArgumentException("ArrayDataset: slice [%d, %d) is outside the %d samples".formatted(from, to, size()));
        return new ArrayDataset(x.slice(0, from, to), y.slice(0, from, to));
    }

    /**
     * Holds out the last {@code fraction} of the samples for validation, without shuffling, as Keras'
     * {@code validation_split} does: the split point is floor(n * (1 - fraction)). Both parts are views.
     */
    public Split split(double fraction) {
        if (!(fraction > 0 && fraction < 1))
            throw new IllegalArgumentException("ArrayDataset: validation fraction must be in (0, 1), got " + fraction);
        int at = (int) Math.floor(size() * (1.0 - fraction));
        return new Split(slice(0, at), slice(at, size()));
    }

    /** A loader over this data set (see {@link DataLoader}). */
    public DataLoader loader(int batchSize, boolean shuffle, long seed) {
        return new DataLoader(x, y, batchSize, shuffle, seed);
    }
}
