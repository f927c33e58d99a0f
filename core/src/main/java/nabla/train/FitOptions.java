package nabla.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.tensor.NDArray;

/**
 * Options of {@link Trainer#fit}, with Keras' defaults: 1 epoch, batch 32, shuffled every epoch, no validation,
 * progress shown; seed 0. Immutable: start from {@link #defaults()}; each of {@code epochs(int)},
 * {@code batchSize(int)}, ..., {@code callback(Callback)} returns a changed copy, e.g.
 * {@code FitOptions.defaults().epochs(5).batchSize(100).validationSplit(0.1)}.
 *
 * @param epochs the epoch to stop before, &gt;= 0 (Keras' {@code epochs}): training runs epochs
 *     {@code initialEpoch .. epochs-1}
 * @param batchSize the samples per training step, &gt; 0; validation uses it too (Keras' {@code batch_size})
 * @param shuffle visit the training samples in a new seeded order every epoch (Keras' {@code shuffle})
 * @param validationSplit the fraction of the samples held out for validation, the last ones before shuffling, in
 *     [0, 1); 0 for none; ignored when validation data is given (Keras' {@code validation_split})
 * @param validationInputs the validation inputs, one array per model input, or null for none (Keras'
 *     {@code validation_data})
 * @param validationTargets the validation targets, one array per model output, null exactly when
 *     {@code validationInputs} is
 * @param seed the seed of the shuffle: epoch e's order depends only on (seed, e)
 * @param verbose show the progress bar (Keras' {@code verbose})
 * @param callbacks the callbacks, in the order they run (an unmodifiable copy)
 * @param initialEpoch the epoch to start at (Keras' {@code initial_epoch}), &gt;= 0: a run resumed from a saved model
 *     continues the epoch count, and so the shuffling order, of the run it continues
 * @param sampleWeights a weight per training sample (n), or null (Keras' {@code sample_weight})
 * @param classWeights a weight per class index for the training samples' losses, or empty (Keras'
 *     {@code class_weight}); classes not in the map weigh 1; multiplies the sample weights when both are given
 * @param checkInputs scan the inputs and targets (and validation data) for NaN and infinite values before training,
 *     and each batch of a {@link nabla.data.Dataset} before its step; the first one found is an
 *     {@link IllegalArgumentException} naming the array, the sample and the position. Off by default: the scan
 *     reads every value once (about the cost of one elementwise pass over the data per fit, per epoch for a
 *     dataset); without it a NaN input shows up as a NaN loss, which stops training (see {@link History})
 */
public record FitOptions(
        int epochs,
        int batchSize,
        boolean shuffle,
        double validationSplit,
        List<NDArray> validationInputs,
        List<NDArray> validationTargets,
        long seed,
        boolean verbose,
        List<Callback> callbacks,
        int initialEpoch,
        NDArray sampleWeights,
        Map<Integer, Float> classWeights,
        boolean checkInputs) {
    /**
     * Checks the options and copies the lists.
     *
     * @throws IllegalArgumentException if {@code epochs} or {@code initialEpoch} is negative, {@code batchSize} not
     *     positive, {@code validationSplit} outside [0, 1), only one of the validation lists is given, or a class
     *     weight is negative or not finite
     * @throws NullPointerException if {@code callbacks}, {@code classWeights} or one of their elements is null
     */
    public FitOptions {
        if (epochs < 0) throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        if (initialEpoch < 0) throw new IllegalArgumentException("fit: initialEpoch must be >= 0, got " + initialEpoch);
        if (batchSize <= 0) throw new IllegalArgumentException("fit: batchSize must be positive, got " + batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + validationSplit);
        if ((validationInputs == null) != (validationTargets == null))
            throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
        if (validationInputs != null) {
            validationInputs = List.copyOf(validationInputs);
            validationTargets = List.copyOf(validationTargets);
        }
        callbacks = List.copyOf(callbacks);
        for (Map.Entry<Integer, Float> e : classWeights.entrySet())
            if (!(e.getValue() >= 0) || !Float.isFinite(e.getValue()))
                throw new IllegalArgumentException("fit: the weight of class " + e.getKey()
                        + " must be a finite number >= 0, got " + e.getValue());
        classWeights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(classWeights));
    }

    /**
     * Keras' defaults: 1 epoch, batch 32, shuffled, no validation, verbose, seed 0, no callbacks, from epoch 0, no
     * weights, inputs not scanned for NaN.
     *
     * @return the default options
     */
    public static FitOptions defaults() {
        return new FitOptions(1, 32, true, 0, null, null, 0, true, List.of(), 0, null, Map.of(), false);
    }

    /**
     * A copy with another number of epochs (the epoch to stop before); the receiver is unchanged.
     *
     * @param epochs the epoch count to reach, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if the value is out of range (see the record's components)
     */
    public FitOptions epochs(int epochs) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy that starts at epoch {@code initialEpoch} (Keras' {@code initial_epoch}): with {@code epochs(M)} it runs
     * epochs initialEpoch..M-1, shuffled as an uninterrupted run would be, and callbacks see those epoch numbers.
     *
     * @param initialEpoch the first epoch, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if it is negative
     */
    public FitOptions initialEpoch(int initialEpoch) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
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
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy that shuffles or not; the receiver is unchanged.
     *
     * @param shuffle visit the samples in a new seeded order every epoch, or always in order
     * @return the changed copy
     */
    public FitOptions shuffle(boolean shuffle) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
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
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                fraction,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
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
        if ((x == null) != (y == null))
            throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
        return validationData(x == null ? null : List.of(x), y == null ? null : List.of(y));
    }

    /**
     * A copy that validates on one array per input and per output after every epoch.
     *
     * @param xs the validation inputs, or null for none
     * @param ys the validation targets, or null for none
     * @return the changed copy
     * @throws IllegalArgumentException if only one of them is null
     */
    public FitOptions validationData(List<NDArray> xs, List<NDArray> ys) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                xs,
                ys,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy with another seed for the per-epoch shuffling; the receiver is unchanged.
     *
     * @param seed the seed; the same seed gives the same order on every run
     * @return the changed copy
     */
    public FitOptions seed(long seed) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy that shows (or hides) the progress bar; the receiver is unchanged.
     *
     * @param verbose true to show it
     * @return the changed copy
     */
    public FitOptions verbose(boolean verbose) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy that weights each training sample's loss (Keras' {@code sample_weight}); the validation split, when
     * used, takes the weights of its samples.
     *
     * @param weights one weight per training sample, shape (n); null for none
     * @return the changed copy
     */
    public FitOptions sampleWeights(NDArray weights) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                weights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy that weights each training sample's loss by its class (Keras' {@code class_weight}), e.g. to balance
     * rare classes; classes missing from the map weigh 1. Needs class-index or one-hot targets (of the first
     * output).
     *
     * @param weights the weight of each class index
     * @return the changed copy
     * @throws IllegalArgumentException if a weight is negative or not finite
     */
    public FitOptions classWeights(Map<Integer, Float> weights) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                weights,
                checkInputs);
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
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                l,
                initialEpoch,
                sampleWeights,
                classWeights,
                checkInputs);
    }

    /**
     * A copy that scans (or does not scan) the inputs and targets for NaN and infinite values before training; the
     * receiver is unchanged. The first such value is an {@link IllegalArgumentException} naming the array (e.g.
     * "input 0", "target 1", "validation input 0"), the sample's index and the position within the sample, before
     * any step runs; with a {@link nabla.data.Dataset}, each batch is scanned before its step and the error names
     * the epoch, batch and row. Off by default (it reads all the data once).
     *
     * @param check true to scan
     * @return the changed copy
     */
    public FitOptions checkInputs(boolean check) {
        return new FitOptions(
                epochs,
                batchSize,
                shuffle,
                validationSplit,
                validationInputs,
                validationTargets,
                seed,
                verbose,
                callbacks,
                initialEpoch,
                sampleWeights,
                classWeights,
                check);
    }
}
