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

    public ReduceLROnPlateau(String monitor, double factor, int patience, MonitorMode mode, double minDelta, int cooldown, double minLr) {
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!(minLr >= 0) || !Double.isFinite(minLr)) throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr);
        if (!Double.isFinite(minDelta)) throw new IllegalArgumentException("ReduceLROnPlateau: minDelta must be finite, got " + minDelta);
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.factor = factor;
        this.patience = patience;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.minDelta = Math.abs(minDelta);
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.maximize = mode.maximizes("ReduceLROnPlateau", monitor);
    }

    public ReduceLROnPlateau withMonitor(String monitor) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau withFactor(double factor) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau withPatience(int patience) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau withMode(MonitorMode mode) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau withMinDelta(double minDelta) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

    public ReduceLROnPlateau withCooldown(int cooldown) {
        return new ReduceLROnPlateau(monitor, factor, patience, mode, minDelta, cooldown, minLr);
    }

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
