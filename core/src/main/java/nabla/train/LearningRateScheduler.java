package nabla.train;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a schedule, as Keras'
 * {@code LearningRateScheduler}: the schedule gets the epoch (0-based) and, in its two-argument form, the current
 * rate. The rate in effect is recorded in the logs (and the {@link History}) as "learning_rate". The rate set stays
 * in effect for the whole epoch (as a PyTorch scheduler stepped once per epoch); for per-batch rates give the
 * optimizer a {@link nabla.optim.LearningRateSchedule} instead.
 *
 * <p>It needs a model that exposes its optimizer (checked in {@code onTrainBegin}) and an optimizer without a
 * schedule (setting the rate of one that follows a schedule is an IllegalStateException). A rate that is not a
 * positive finite float is an IllegalArgumentException naming the epoch.
 */
public final class LearningRateScheduler extends Callback {
    /** A learning rate from the epoch (0-based) and the current rate. */
    @FunctionalInterface
    public interface Schedule {
        /**
         * The learning rate of an epoch.
         *
         * @param epoch the epoch about to start, from 0
         * @param current the optimizer's rate now (the previous epoch's, or the initial one)
         * @return the rate for the epoch, &gt; 0
         */
        double learningRate(int epoch, double current);
    }

    private final Schedule schedule;
    private TrainingRun run;

    /**
     * A schedule of the epoch alone, e.g. {@code e -> 0.1 * Math.pow(0.5, e / 10)}.
     *
     * @param schedule the rate of each epoch (0-based)
     * @throws NullPointerException if {@code schedule} is null
     */
    public LearningRateScheduler(IntToDoubleFunction schedule) {
        Objects.requireNonNull(schedule, "schedule");
        this.schedule = (epoch, current) -> schedule.applyAsDouble(epoch);
    }

    /**
     * A schedule of the epoch and the current rate, e.g. {@code (e, lr) -> e < 10 ? lr : lr * 0.9}.
     *
     * @param schedule the rate of each epoch from the epoch (0-based) and the current rate
     * @throws NullPointerException if {@code schedule} is null
     */
    public LearningRateScheduler(Schedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        run.model().optimizer(); // fails now when the model has none
    }

    @Override
    public void onEpochBegin(int epoch) {
        var optimizer = run.model().optimizer();
        double lr = schedule.learningRate(epoch, optimizer.learningRate());
        if (!(lr > 0) || !Double.isFinite(lr) || !((float) lr > 0))
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave learning rate " + lr
                    + " for epoch " + (epoch + 1) + "; it must be a positive number");
        optimizer.setLearningRate((float) lr);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", (double) run.model().optimizer().learningRate());
    }
}
