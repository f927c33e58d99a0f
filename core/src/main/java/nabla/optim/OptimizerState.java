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
 * @param iterations the updates applied ({@link Optimizer#iterations()}; schedules and Adam's bias correction read it)
 * @param learningRate the base learning rate, as last set by {@link Optimizer#setLearningRate} (unused while a
 *     schedule is set)
 * @param slots per parameter name, the parameter's slot arrays in use (e.g. Adam's m and v) in the optimizer's
 *     order, each with the parameter's shape, then, with gradient accumulation
 *     ({@link Optimizer#withGradientAccumulation}), the sum of the gradients accumulated since the last update;
 *     parameters the optimizer has not updated (or accumulated a gradient for) yet, and those of an optimizer without
 *     slots (SGD without momentum and without gradient accumulation), are absent (unmodifiable)
 * @param accumulatedSteps with gradient accumulation, the number of gradients added into the accumulators since the
 *     last update (0 to k−1 for accumulation over k steps); 0 without
 */
public record OptimizerState(
        String optimizer, long iterations, float learningRate, Map<String, List<NDArray>> slots, int accumulatedSteps) {
    /**
     * Checks the state and copies the slot map and its lists (the arrays themselves are not copied).
     *
     * @throws NullPointerException if {@code optimizer}, {@code slots} or a slot key is null
     * @throws IllegalArgumentException if {@code iterations} or {@code accumulatedSteps} is negative
     */
    public OptimizerState {
        Objects.requireNonNull(optimizer, "optimizer");
        if (iterations < 0)
            throw new IllegalArgumentException("OptimizerState: iterations must be >= 0, got " + iterations);
        if (accumulatedSteps < 0)
            throw new IllegalArgumentException(
                    "OptimizerState: accumulatedSteps must be >= 0, got " + accumulatedSteps);
        Map<String, List<NDArray>> m = new LinkedHashMap<>();
        slots.forEach((k, v) -> m.put(Objects.requireNonNull(k, "slots key"), List.copyOf(v)));
        slots = Collections.unmodifiableMap(m);
    }

    /**
     * A state without accumulated gradients ({@code accumulatedSteps} 0), as an optimizer without gradient
     * accumulation takes it.
     *
     * @param optimizer the name of the optimizer it belongs to
     * @param iterations the steps taken
     * @param learningRate the base learning rate
     * @param slots per parameter name, the parameter's slot arrays in use
     * @throws NullPointerException if {@code optimizer}, {@code slots} or a slot key is null
     * @throws IllegalArgumentException if {@code iterations} is negative
     */
    public OptimizerState(String optimizer, long iterations, float learningRate, Map<String, List<NDArray>> slots) {
        this(optimizer, iterations, learningRate, slots, 0);
    }
}
