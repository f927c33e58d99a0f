package nabla.data;

import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * One sample (no batch axis) or one batch (batch axis first) of what a model consumes: its inputs (one array per
 * model input), its targets (one per model output; empty for prediction) and its sample weights (null for none;
 * a scalar for a sample, shape (batch) for a batch). What a {@link Dataset} yields and {@code fit} trains on.
 *
 * @param inputs the inputs, one array per model input, in the model's input order
 * @param targets the targets, one array per model output, in the model's output order; empty when there are none
 * @param weights the sample weights, or null
 */
public record Example(List<NDArray> inputs, List<NDArray> targets, NDArray weights) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if {@code inputs}, {@code targets} or an element is null
     * @throws IllegalArgumentException if there is no input
     */
    public Example {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        if (inputs.isEmpty()) throw new IllegalArgumentException("Example: at least one input array is needed");
    }

    /**
     * One input and one target, no weights.
     *
     * @param x the input
     * @param y the target
     * @return the example
     */
    public static Example of(NDArray x, NDArray y) {
        return new Example(List.of(x), List.of(y), null);
    }

    /**
     * One input and no target (for prediction).
     *
     * @param x the input
     * @return the example
     */
    public static Example of(NDArray x) {
        return new Example(List.of(x), List.of(), null);
    }

    /**
     * The batch size of a batched example: the length of axis 0 of the first input.
     *
     * @return the number of samples
     * @throws IllegalStateException if the first input is a scalar
     */
    public int batchSize() {
        NDArray x = inputs.getFirst();
        if (x.rank() == 0) throw new IllegalStateException("Example: the first input is a scalar, not a batch");
        return x.dim(0);
    }
}
