package nabla.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * What an optimizer has learned while training, and {@link Optimizer#config()} does not hold: restored into an
 * optimizer of the same configuration, training resumes exactly where it stopped (Keras saves it with the model;
 * PyTorch's {@code optimizer.state_dict()}). Taken by {@link Optimizer#state}, put back by {@link Optimizer#loadState}.
 *
 * @param optimizer the name of the optimizer it belongs to ({@link Optimizer#name()}, e.g. "adam")
 * @param iterations the steps taken (schedules and Adam's bias correction read it)
 * @param learningRate the base learning rate, as last set by {@link Optimizer#setLearningRate} (unused while a
 *     schedule is set)
 * @param slots per parameter name, the parameter's slot arrays in use (e.g. Adam's m and v) in the optimizer's
 *     order, each with the parameter's shape; parameters the optimizer has not updated yet, and those of an optimizer
 *     without slots (SGD without momentum), are absent (unmodifiable)
 */
public record OptimizerState(String optimizer, long iterations, float learningRate, Map<String, List<NDArray>> slots) {
    /**
     * Checks the state and copies the slot map and its lists (the arrays themselves are not copied).
     *
     * @throws NullPointerException if {@code optimizer}, {@code slots} or a slot key is null
     * @throws IllegalArgumentException if {@code iterations} is negative
     */
    public OptimizerState {
        Objects.requireNonNull(optimizer, "optimizer");
        if (iterations < 0)
            throw new IllegalArgumentException("OptimizerState: iterations must be >= 0, got " + iterations);
        Map<String, List<NDArray>> m = new LinkedHashMap<>();
        slots.forEach((k, v) -> m.put(Objects.requireNonNull(k, "slots key"), List.copyOf(v)));
        slots = Collections.unmodifiableMap(m);
    }
}
