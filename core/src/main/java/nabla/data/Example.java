package nabla.data;

import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * One element of a {@link Dataset}: either one sample (no batch axis) or one batch (batch axis first, after
 * {@link Dataset#batch(int)}). As Keras' {@code (x, y, sample_weight)} tuples: the model's inputs (one array per
 * model input), its targets (one per model output; empty when there is nothing to compare with, e.g. for
 * prediction) and the sample weights (null for none; a scalar for a sample, shape (batch) for a batch).
 *
 * <p>The lists are copied and unmodifiable; the arrays are held, not copied, and may be views of a data set's
 * storage, so they are not to be written.
 *
 * @param inputs the model's inputs, one array per model input, at least one
 * @param targets the targets, one array per model output; may be empty
 * @param weights the sample weights, or null for none
 */
public record Example(List<NDArray> inputs, List<NDArray> targets, NDArray weights) {
    /**
     * Copies the lists and checks them.
     *
     * @throws NullPointerException if a list or one of its arrays is null
     * @throws IllegalArgumentException if {@code inputs} is empty
     */
    public Example {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        if (inputs.isEmpty())
            throw new IllegalArgumentException("Example: needs at least one input array, got none (targets "
                    + targets.stream().map(NDArray::shape).toList() + ")");
    }

    /**
     * A sample or batch with one input and one target, without weights.
     *
     * @param x the input
     * @param y the target
     * @return the example {@code ([x], [y], null)}
     * @throws NullPointerException if {@code x} or {@code y} is null
     */
    public static Example of(NDArray x, NDArray y) {
        return new Example(List.of(x), List.of(y), null);
    }

    /**
     * A sample or batch with one input and no target (for prediction), without weights.
     *
     * @param x the input
     * @return the example {@code ([x], [], null)}
     * @throws NullPointerException if {@code x} is null
     */
    public static Example of(NDArray x) {
        return new Example(List.of(x), List.of(), null);
    }

    /**
     * The number of samples in a batched example: the length of axis 0 of the first input.
     *
     * @return {@code inputs().get(0).dim(0)}
     * @throws IllegalStateException if the first input is a scalar (so this is no batch)
     */
    public int batchSize() {
        NDArray first = inputs.getFirst();
        if (first.rank() == 0)
            throw new IllegalStateException("Example.batchSize: the first input is a scalar, not a batch");
        return first.dim(0);
    }
}
