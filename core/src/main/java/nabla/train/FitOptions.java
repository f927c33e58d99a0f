package nabla.train;

import java.util.ArrayList;
import java.util.List;
import nabla.tensor.NDArray;

/**
 * Options of {@link Trainer#fit}, with Keras' defaults: 1 epoch, batch 32, shuffled every epoch, no validation,
 * progress shown. Immutable; each {@code withX} returns a changed copy.
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, double validationSplit, NDArray validationX,
                         NDArray validationY, long seed, boolean verbose, List<Callback> callbacks) {
    public FitOptions {
        if (epochs < 0) throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("fit: batchSize must be positive, got " + batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + validationSplit);
        if ((validationX == null) != (validationY == null))
            throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
        callbacks = List.copyOf(callbacks);
    }

    public static FitOptions defaults() {
        return new FitOptions(1, 32, true, 0, null, null, 0, true, List.of());
    }

    public FitOptions epochs(int epochs) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    public FitOptions batchSize(int batchSize) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    public FitOptions shuffle(boolean shuffle) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /** Holds out the last {@code fraction} of the samples (before shuffling) for validation, as Keras. */
    public FitOptions validationSplit(double fraction) {
        return new FitOptions(epochs, batchSize, shuffle, fraction, validationX, validationY, seed, verbose, callbacks);
    }

    public FitOptions validationData(NDArray x, NDArray y) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, x, y, seed, verbose, callbacks);
    }

    /** Seeds the per-epoch shuffling. */
    public FitOptions seed(long seed) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /** Shows (or hides) the progress bar. */
    public FitOptions verbose(boolean verbose) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    public FitOptions callback(Callback c) {
        List<Callback> l = new ArrayList<>(callbacks);
        l.add(c);
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, l);
    }
}
