package nabla.train;

import java.util.ArrayList;
import java.util.List;
import nabla.tensor.NDArray;

/**
 * Options of {@link Trainer#fit}, with Keras' defaults: 1 epoch, batch 32, shuffled every epoch, no validation,
 * progress shown; seed 0. Immutable: start from {@link #defaults()}; each of {@code epochs(int)},
 * {@code batchSize(int)}, ..., {@code callback(Callback)} returns a changed copy, e.g.
 * {@code FitOptions.defaults().epochs(5).batchSize(100).validationSplit(0.1)}.
 *
 * @param epochs the number of passes over the training samples, &gt;= 0 (Keras' {@code epochs})
 * @param batchSize the samples per training step, &gt; 0; validation uses it too (Keras' {@code batch_size})
 * @param shuffle visit the training samples in a new seeded order every epoch (Keras' {@code shuffle})
 * @param validationSplit the fraction of the samples held out for validation, the last ones before shuffling, in
 *     [0, 1); 0 for none; ignored when validation data is given (Keras' {@code validation_split})
 * @param validationX the validation inputs, or null for none (Keras' {@code validation_data})
 * @param validationY the validation targets, null exactly when {@code validationX} is
 * @param seed the seed of the shuffle: epoch e's order depends only on (seed, e)
 * @param verbose show the progress bar (Keras' {@code verbose})
 * @param callbacks the callbacks, in the order they run (an unmodifiable copy)
 */
public record FitOptions(
        int epochs,
        int batchSize,
        boolean shuffle,
        double validationSplit,
        NDArray validationX,
        NDArray validationY,
        long seed,
        boolean verbose,
        List<Callback> callbacks) {
    /**
     * Checks the options and copies the callback list.
     *
     * @throws IllegalArgumentException if {@code epochs} is negative, {@code batchSize} not positive,
     *     {@code validationSplit} outside [0, 1), or only one of {@code validationX} and {@code validationY} is given
     * @throws NullPointerException if {@code callbacks} or one of its elements is null
     */
    public FitOptions {
        if (epochs < 0) throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("fit: batchSize must be positive, got " + batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + validationSplit);
        if ((validationX == null) != (validationY == null))
            throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
        callbacks = List.copyOf(callbacks);
    }

    /**
     * Keras' defaults: 1 epoch, batch 32, shuffled, no validation, verbose, seed 0, no callbacks.
     *
     * @return the default options
     */
    public static FitOptions defaults() {
        return new FitOptions(1, 32, true, 0, null, null, 0, true, List.of());
    }

    /**
     * A copy with another number of epochs; the receiver is unchanged.
     *
     * @param epochs the passes over the training samples, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if the value is out of range (see the record's components)
     */
    public FitOptions epochs(int epochs) {
        return new FitOptions(
                epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /**
     * A copy with another batch size; the receiver is unchanged.
     *
     * @param batchSize the samples per step, &gt; 0
     * @return the changed copy
     * @throws IllegalArgumentException if the value is out of range (see the record's components)
     */
    public FitOptions batchSize(int batchSize) {
        return new FitOptions(
                epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /**
     * A copy that shuffles or not; the receiver is unchanged.
     *
     * @param shuffle visit the samples in a new seeded order every epoch, or always in order
     * @return the changed copy
     */
    public FitOptions shuffle(boolean shuffle) {
        return new FitOptions(
                epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /**
     * A copy that holds out the last {@code fraction} of the samples (before shuffling) for validation, as Keras:
     * the first ⌊n·(1 − fraction)⌋ samples train. The receiver is unchanged.
     *
     * @param fraction the fraction held out, in [0, 1); 0 for none
     * @return the changed copy
     * @throws IllegalArgumentException if {@code fraction} is outside [0, 1)
     */
    public FitOptions validationSplit(double fraction) {
        return new FitOptions(epochs, batchSize, shuffle, fraction, validationX, validationY, seed, verbose, callbacks);
    }

    /**
     * A copy that validates on (x, y) after every epoch, instead of a validation split; the receiver is unchanged.
     *
     * @param x the validation inputs, samples on axis 0; null (with {@code y} null) for none
     * @param y the validation targets
     * @return the changed copy
     * @throws IllegalArgumentException if only one of {@code x} and {@code y} is null
     */
    public FitOptions validationData(NDArray x, NDArray y) {
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, x, y, seed, verbose, callbacks);
    }

    /**
     * A copy with another seed for the per-epoch shuffling; the receiver is unchanged.
     *
     * @param seed the seed; the same seed gives the same order on every run
     * @return the changed copy
     */
    public FitOptions seed(long seed) {
        return new FitOptions(
                epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /**
     * A copy that shows (or hides) the progress bar; the receiver is unchanged.
     *
     * @param verbose true to show it
     * @return the changed copy
     */
    public FitOptions verbose(boolean verbose) {
        return new FitOptions(
                epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, callbacks);
    }

    /**
     * A copy with {@code c} added after the callbacks already there; the receiver is unchanged.
     *
     * @param c the callback
     * @return the changed copy
     * @throws NullPointerException if {@code c} is null
     */
    public FitOptions callback(Callback c) {
        List<Callback> l = new ArrayList<>(callbacks);
        l.add(c);
        return new FitOptions(epochs, batchSize, shuffle, validationSplit, validationX, validationY, seed, verbose, l);
    }
}
