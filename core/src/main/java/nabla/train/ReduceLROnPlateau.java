package nabla.train;

import java.util.Map;
import java.util.Objects;

/**
 * Multiplies the learning rate by {@code factor} when a monitored value has stopped improving, as Keras'
 * {@code ReduceLROnPlateau}. Defaults: monitor "val_loss", factor 0.1, patience 10, mode
 * {@link MonitorMode#AUTO}, minDelta 1e-4, cooldown 0, minLr 0.
 *
 * <p>At the end of each epoch: during a cooldown (the {@code cooldown} epochs after a reduction) the counter of
 * epochs without improvement stays at 0; a value that beats the best by more than minDelta becomes the best and
 * resets the counter; otherwise, outside a cooldown, the counter grows, and when it reaches {@code patience} the
 * rate becomes {@code max(rate * factor, minLr)} (when it is above minLr), the cooldown starts and the counter
 * restarts. The rate is recorded in the logs as "learning_rate" (before any reduction at that epoch, as Keras).
 * PyTorch's {@code ReduceLROnPlateau} differs: it reduces after more than {@code patience} epochs without
 * improvement (here, as in Keras, after {@code patience}), and its threshold is relative by default.
 *
 * <p>It needs a model that exposes its optimizer (checked in {@code onTrainBegin}) and an optimizer without a
 * {@link nabla.optim.LearningRateSchedule schedule}: reducing the rate of one that follows a schedule is an
 * IllegalStateException. A monitored key missing from the logs is an IllegalArgumentException that lists the
 * available keys.
 */
public final class ReduceLROnPlateau extends Callback {
    private final String monitor;
    private final double factor;
    private final int patience;
    private final MonitorMode mode;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private final boolean maximize;
    private TrainingRun run;
    private int wait;
    private int cooldownCounter;
    private double best;

    /** Keras' defaults: monitor "val_loss", factor 0.1, patience 10, auto mode, minDelta 1e-4, cooldown 0, minLr 0. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10, MonitorMode.AUTO, 1e-4, 0, 0);
    }

    /**
     * A plateau reducer with every setting given, in Keras' meaning.
     *
     * @param monitor the log key to watch, e.g. "val_loss"
     * @param factor the factor applied to the rate, in (0, 1)
     * @param patience the epochs without improvement before a reduction, &gt;= 0
     * @param mode whether the value should go down or up; AUTO decides from the name
     * @param minDelta the smallest change that counts as an improvement (its absolute value is used)
     * @param cooldown the epochs after a reduction during which no epoch counts as without improvement, &gt;= 0
     * @param minLr the rate is never reduced below this, &gt;= 0
     * @throws IllegalArgumentException if an argument is out of its range or not finite, or if {@code mode} is AUTO
     *     and the name {@code monitor} tells neither direction
     * @throws NullPointerException if {@code monitor} or {@code mode} is null
     */
    public ReduceLROnPlateau(
            String monitor,
            double factor,
            int patience,
            MonitorMode mode,
            double minDelta,
            int cooldown,
            double minLr) {
        if (!(factor > 0 && factor < 1))
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        if (patience < 0)
            throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        if (cooldown < 0)
            throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!(minLr >= 0) || !Double.isFinite(minLr))
            throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr);
        if (!Double.isFinite(minDelta))
            throw new IllegalArgumentException("ReduceLROnPlateau: minDelta must be finite, got " + minDelta);
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.factor = factor;
        this.patience = patience;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.minDelta = Math.abs(minDelta);
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.maximize = mode.maximizes("ReduceLROnPlateau", monitor);
    }

    /**
     * A copy with another monitored key, with a fresh state; the receiver is unchanged.
     *
     * @param monitor the log key to watch
     * @return the changed copy
     * @throws IllegalArgumentException if the mode is AUTO and the name tells neither direction
     */
    public ReduceLROnPlateau withMonitor(String monitor) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    /**
     * A copy with another factor, with a fresh state; the receiver is unchanged.
     *
     * @param factor the factor applied to the rate, in (0, 1)
     * @return the changed copy
     * @throws IllegalArgumentException if it is outside (0, 1)
     */
    public ReduceLROnPlateau withFactor(double factor) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    /**
     * A copy with another patience, with a fresh state; the receiver is unchanged.
     *
     * @param patience the epochs without improvement before a reduction, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if it is negative
     */
    public ReduceLROnPlateau withPatience(int patience) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    /**
     * A copy with another mode, with a fresh state; the receiver is unchanged.
     *
     * @param mode whether the value should go down or up
     * @return the changed copy
     * @throws IllegalArgumentException if it is AUTO and the monitored name tells neither direction
     */
    public ReduceLROnPlateau withMode(MonitorMode mode) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    /**
     * A copy with another minimum improvement, with a fresh state; the receiver is unchanged.
     *
     * @param minDelta the smallest change that counts as an improvement (its absolute value)
     * @return the changed copy
     * @throws IllegalArgumentException if it is not finite
     */
    public ReduceLROnPlateau withMinDelta(double minDelta) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    /**
     * A copy with another cooldown, with a fresh state; the receiver is unchanged.
     *
     * @param cooldown the epochs after a reduction without counting, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if it is negative
     */
    public ReduceLROnPlateau withCooldown(int cooldown) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    /**
     * A copy with another lower bound for the rate, with a fresh state; the receiver is unchanged.
     *
     * @param minLr the smallest rate a reduction gives, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public ReduceLROnPlateau withMinLr(double minLr) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        wait = 0;
        cooldownCounter = 0;
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        run.model().optimizer(); // fails now when the model has none
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        var optimizer = run.model().optimizer();
        logs.put("learning_rate", (double) optimizer.learningRate());
        double current = Monitors.value("ReduceLROnPlateau", monitor, logs);
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (Monitors.improves(current, best, minDelta, maximize)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                float old = optimizer.learningRate();
                if (old > (float) minLr) {
                    optimizer.setLearningRate((float) Math.max(old * factor, minLr));
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
