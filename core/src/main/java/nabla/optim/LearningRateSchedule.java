package nabla.optim;

import java.util.function.IntToDoubleFunction;

/**
 * The learning rate as a function of the step index: {@code at(s)} is the rate of the (s+1)-th optimizer step (s
 * counts from 0, as Keras' {@code optimizer.iterations} before the step). Set on an optimizer with
 * {@link Optimizer#withSchedule}; the optimizer evaluates it once per step.
 *
 * <p>The factories below compute in double and return float; their schedules can be saved with a model (Keras'
 * {@code {"class_name", "config"}} form; the Keras class names where Keras has the schedule). A lambda is a valid
 * schedule too, but a model compiled with one cannot be saved.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for step index {@code step} (0 for the first step). */
    float at(long step);

    /** {@code lr} at every step. */
    static LearningRateSchedule constant(float lr) {
        return new Schedules.Constant(lr);
    }

    /** The courses' 1/t decay: {@code lr / √(step + 1)}. */
    static LearningRateSchedule inverseSqrtDecay(float lr) {
        return new Schedules.InverseSqrtDecay(lr);
    }

    /**
     * Keras {@code InverseTimeDecay}: {@code lr / (1 + decayRate · p)} with {@code p = step / decaySteps}, floored
     * to an integer when {@code staircase}.
     */
    static LearningRateSchedule inverseTimeDecay(float lr, long decaySteps, float decayRate, boolean staircase) {
        return new Schedules.InverseTimeDecay(lr, decaySteps, decayRate, staircase);
    }

    /**
     * Keras {@code ExponentialDecay}: {@code lr · decayRate^p} with {@code p = step / decaySteps}, floored to an
     * integer when {@code staircase}.
     */
    static LearningRateSchedule exponentialDecay(float lr, long decaySteps, float decayRate, boolean staircase) {
        return new Schedules.ExponentialDecay(lr, decaySteps, decayRate, staircase);
    }

    /**
     * Step decay: {@code lr · factor^⌊step / stepsPerDrop⌋} (multiply by {@code factor} every {@code stepsPerDrop}
     * steps; for "every k epochs" pass k × steps per epoch).
     */
    static LearningRateSchedule stepDecay(float lr, long stepsPerDrop, float factor) {
        return new Schedules.StepDecay(lr, stepsPerDrop, factor);
    }

    /**
     * Keras {@code CosineDecay} (without its warm-up; wrap in {@link #linearWarmup} for one):
     * {@code lr · ((1 − alpha)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + alpha)}, so the rate falls from
     * {@code lr} to {@code alpha·lr} over {@code decaySteps} steps and stays there.
     */
    static LearningRateSchedule cosineDecay(float lr, long decaySteps, float alpha) {
        return new Schedules.CosineDecay(lr, decaySteps, alpha);
    }

    /**
     * Linear warm-up: for {@code step < warmupSteps} the rate goes linearly from {@code startLr} towards
     * {@code after.at(0)} ({@code startLr + (after.at(0) − startLr)·step/warmupSteps}, Keras CosineDecay's warm-up
     * formula); from then on it is {@code after.at(step − warmupSteps)}.
     */
    static LearningRateSchedule linearWarmup(long warmupSteps, float startLr, LearningRateSchedule after) {
        return new Schedules.LinearWarmup(warmupSteps, startLr, after);
    }

    /**
     * A schedule of the epoch: {@code perEpoch.applyAsDouble(step / stepsPerEpoch)} (epochs count from 0). Not
     * saveable (it wraps a function).
     */
    static LearningRateSchedule ofEpoch(long stepsPerEpoch, IntToDoubleFunction perEpoch) {
        if (stepsPerEpoch <= 0) throw new IllegalArgumentException("ofEpoch: stepsPerEpoch must be > 0, got " + stepsPerEpoch);
        if (perEpoch == null) throw new IllegalArgumentException("ofEpoch: perEpoch must not be null");
        return step -> (float) perEpoch.applyAsDouble((int) Math.min(Integer.MAX_VALUE, step / stepsPerEpoch));
    }
}
