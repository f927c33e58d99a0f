package nabla.optim;

import java.util.function.IntToDoubleFunction;

/**
 * The learning rate as a function of the step index: {@code at(s)} is the rate of the (s+1)-th optimizer step (s
 * counts from 0, as Keras' {@code optimizer.iterations} before the step). Set on an optimizer with
 * {@link Optimizer#withSchedule}; the optimizer evaluates it once per step.
 *
 * <p>The factories below compute in double and return float; their schedules can be saved with a model (Keras'
 * {@code {"class_name", "config"}} form; the Keras class names where Keras has the schedule). They are immutable
 * values (safe to share between optimizers and threads) and check their arguments, throwing
 * IllegalArgumentException for a value out of range. A lambda is a valid schedule too, but a model compiled with one
 * cannot be saved.
 *
 * <p>Unlike a PyTorch {@code lr_scheduler}, which is stepped by hand (often once per epoch), a schedule here is a pure
 * function of the optimizer's step count and counts batches; for rates per epoch use {@link #ofEpoch} or the
 * {@code LearningRateScheduler} callback of {@code nabla.train}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /**
     * The learning rate for step index {@code step} (0 for the first step). The optimizer fails the step when the
     * rate is negative or not finite.
     *
     * @param step the number of optimizer steps taken before this one
     * @return the learning rate of that step
     */
    float at(long step);

    /**
     * {@code lr} at every step (saved as "Constant").
     *
     * @param lr the rate, a finite number &gt; 0
     * @return the schedule
     * @throws IllegalArgumentException if {@code lr} is not a finite number &gt; 0
     */
    static LearningRateSchedule constant(float lr) {
        return new Schedules.Constant(lr);
    }

    /**
     * The courses' 1/√t decay: {@code lr / √(step + 1)}, so {@code lr} at the first step (saved as
     * "InverseSqrtDecay", not a Keras class).
     *
     * @param lr the first step's rate, a finite number &gt; 0
     * @return the schedule
     * @throws IllegalArgumentException if {@code lr} is not a finite number &gt; 0
     */
    static LearningRateSchedule inverseSqrtDecay(float lr) {
        return new Schedules.InverseSqrtDecay(lr);
    }

    /**
     * Keras {@code InverseTimeDecay}: {@code lr / (1 + decayRate · p)} with {@code p = step / decaySteps}, floored
     * to an integer when {@code staircase}.
     *
     * @param lr the initial rate, a finite number &gt; 0
     * @param decaySteps the steps per unit of {@code p}, &gt; 0
     * @param decayRate the decay rate, a finite number &gt;= 0
     * @param staircase decay in steps of {@code decaySteps} instead of continuously
     * @return the schedule
     * @throws IllegalArgumentException if an argument is out of its range
     */
    static LearningRateSchedule inverseTimeDecay(float lr, long decaySteps, float decayRate, boolean staircase) {
        return new Schedules.InverseTimeDecay(lr, decaySteps, decayRate, staircase);
    }

    /**
     * Keras {@code ExponentialDecay}: {@code lr · decayRate^p} with {@code p = step / decaySteps}, floored to an
     * integer when {@code staircase} (then PyTorch's {@code StepLR(step_size=decaySteps, gamma=decayRate)} stepped
     * per batch).
     *
     * @param lr the initial rate, a finite number &gt; 0
     * @param decaySteps the steps per unit of {@code p}, &gt; 0
     * @param decayRate the factor per {@code decaySteps} steps, a finite number &gt; 0
     * @param staircase decay in steps of {@code decaySteps} instead of continuously
     * @return the schedule
     * @throws IllegalArgumentException if an argument is out of its range
     */
    static LearningRateSchedule exponentialDecay(float lr, long decaySteps, float decayRate, boolean staircase) {
        return new Schedules.ExponentialDecay(lr, decaySteps, decayRate, staircase);
    }

    /**
     * Step decay: {@code lr · factor^⌊step / stepsPerDrop⌋} (multiply by {@code factor} every {@code stepsPerDrop}
     * steps; for "every k epochs" pass k × steps per epoch), as PyTorch's {@code StepLR} counted in steps (saved as
     * "StepDecay", not a Keras class).
     *
     * @param lr the initial rate, a finite number &gt; 0
     * @param stepsPerDrop the steps between drops, &gt; 0
     * @param factor the factor of each drop, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if an argument is out of its range
     */
    static LearningRateSchedule stepDecay(float lr, long stepsPerDrop, float factor) {
        return new Schedules.StepDecay(lr, stepsPerDrop, factor);
    }

    /**
     * Keras {@code CosineDecay} (without its warm-up; wrap in {@link #linearWarmup} for one):
     * {@code lr · ((1 − alpha)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + alpha)}, so the rate falls from
     * {@code lr} to {@code alpha·lr} over {@code decaySteps} steps and stays there (PyTorch's
     * {@code CosineAnnealingLR(T_max=decaySteps, eta_min=alpha·lr)} stepped per batch, up to {@code decaySteps}).
     *
     * @param lr the initial rate, a finite number &gt; 0
     * @param decaySteps the length of the decay in steps, &gt; 0
     * @param alpha the final rate as a fraction of {@code lr}, in [0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if an argument is out of its range
     */
    static LearningRateSchedule cosineDecay(float lr, long decaySteps, float alpha) {
        return new Schedules.CosineDecay(lr, decaySteps, alpha);
    }

    /**
     * Linear warm-up: for {@code step < warmupSteps} the rate goes linearly from {@code startLr} towards
     * {@code after.at(0)} ({@code startLr + (after.at(0) − startLr)·step/warmupSteps}, Keras CosineDecay's warm-up
     * formula); from then on it is {@code after.at(step − warmupSteps)}. Saveable (as "LinearWarmup") when
     * {@code after} is.
     *
     * @param warmupSteps the length of the warm-up in steps, &gt; 0
     * @param startLr the rate of the first step, a finite number &gt;= 0
     * @param after the schedule that follows, counted from 0 at the end of the warm-up
     * @return the schedule
     * @throws IllegalArgumentException if {@code warmupSteps} or {@code startLr} is out of its range
     * @throws NullPointerException if {@code after} is null
     */
    static LearningRateSchedule linearWarmup(long warmupSteps, float startLr, LearningRateSchedule after) {
        return new Schedules.LinearWarmup(warmupSteps, startLr, after);
    }

    /**
     * A schedule of the epoch: {@code perEpoch.applyAsDouble(step / stepsPerEpoch)} (epochs count from 0). Not
     * saveable (it wraps a function).
     *
     * @param stepsPerEpoch the optimizer steps (batches) per epoch, &gt; 0
     * @param perEpoch the rate of each epoch (0-based)
     * @return the schedule
     * @throws IllegalArgumentException if {@code stepsPerEpoch} is not &gt; 0 or {@code perEpoch} is null
     */
    static LearningRateSchedule ofEpoch(long stepsPerEpoch, IntToDoubleFunction perEpoch) {
        if (stepsPerEpoch <= 0)
            throw new IllegalArgumentException("ofEpoch: stepsPerEpoch must be > 0, got " + stepsPerEpoch);
        if (perEpoch == null) throw new IllegalArgumentException("ofEpoch: perEpoch must not be null");
        return step -> (float) perEpoch.applyAsDouble((int) Math.min(Integer.MAX_VALUE, step / stepsPerEpoch));
    }
}
