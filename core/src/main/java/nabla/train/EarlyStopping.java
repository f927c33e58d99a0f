package nabla.train;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;

/**
 * Stops training when a monitored value has stopped improving, as Keras' {@code EarlyStopping}. Defaults: monitor
 * "val_loss", minDelta 0, patience 0, mode {@link MonitorMode#AUTO}, no baseline, restoreBestWeights false.
 *
 * <p>At the end of each epoch the value counts as an improvement when it beats the best so far by more than
 * {@code minDelta} (in the monitored direction). After {@code patience} epochs without improvement (and never on
 * the first epoch) training stops. With a baseline, the patience counter only restarts on an improvement that
 * also beats the baseline. With {@code restoreBestWeights}, the weights of the best epoch are copied (into buffers
 * reused from epoch to epoch) and put back when training ends; unlike Keras 3.6, which restores them only when it
 * stops early, they are also restored when all epochs ran. A monitored key missing from the logs is an error
 * that lists the available keys. The state is reset at the start of each fit.
 */
public final class EarlyStopping extends Callback {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final MonitorMode mode;
    private final boolean restoreBestWeights;
    private final double baseline;
    private final boolean maximize;

    private TrainingRun run;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private double best;
    private NDArray[] bestWeights;

    /** Keras' defaults: monitor "val_loss", no min delta, patience 0, auto mode, no baseline, weights not restored. */
    public EarlyStopping() {
        this("val_loss", 0, 0, MonitorMode.AUTO, false, Double.NaN);
    }

    /**
     * Early stopping with every setting given, in Keras' meaning.
     *
     * @param monitor            the log key to watch, e.g. "val_loss" or "val_accuracy"
     * @param minDelta           the smallest change that counts as an improvement (its absolute value is used)
     * @param patience           epochs without improvement before stopping (>= 0)
     * @param mode               whether the value should go down or up; AUTO decides from the name
     * @param restoreBestWeights put the best epoch's weights back when training ends
     * @param baseline           a value to beat before the patience counter restarts; NaN for none
     * @throws IllegalArgumentException if {@code patience} is negative or {@code minDelta} not finite, or if
     *     {@code mode} is AUTO and the name {@code monitor} tells neither direction
     * @throws NullPointerException if {@code monitor} or {@code mode} is null
     */
    public EarlyStopping(
            String monitor,
            double minDelta,
            int patience,
            MonitorMode mode,
            boolean restoreBestWeights,
            double baseline) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        if (!Double.isFinite(minDelta))
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite, got " + minDelta);
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.restoreBestWeights = restoreBestWeights;
        this.baseline = baseline;
        this.maximize = mode.maximizes("EarlyStopping", monitor);
    }

    /**
     * A copy with another monitored key, with a fresh state; the receiver is unchanged.
     *
     * @param monitor the log key to watch
     * @return the changed copy
     * @throws IllegalArgumentException if the mode is AUTO and the monitored name tells neither direction
     */
    public EarlyStopping withMonitor(String monitor) {
        return new EarlyStopping(monitor, minDelta, patience, mode, restoreBestWeights, baseline);
    }

    /**
     * A copy with another minimum improvement, with a fresh state; the receiver is unchanged.
     *
     * @param minDelta the smallest change that counts as an improvement (its absolute value)
     * @return the changed copy
     * @throws IllegalArgumentException if it is not finite
     */
    public EarlyStopping withMinDelta(double minDelta) {
        return new EarlyStopping(monitor, minDelta, patience, mode, restoreBestWeights, baseline);
    }

    /**
     * A copy with another patience, with a fresh state; the receiver is unchanged.
     *
     * @param patience the epochs without improvement before stopping, &gt;= 0
     * @return the changed copy
     * @throws IllegalArgumentException if it is negative
     */
    public EarlyStopping withPatience(int patience) {
        return new EarlyStopping(monitor, minDelta, patience, mode, restoreBestWeights, baseline);
    }

    /**
     * A copy with another mode, with a fresh state; the receiver is unchanged.
     *
     * @param mode whether the value should go down or up
     * @return the changed copy
     * @throws IllegalArgumentException if the mode is AUTO and the monitored name tells neither direction
     */
    public EarlyStopping withMode(MonitorMode mode) {
        return new EarlyStopping(monitor, minDelta, patience, mode, restoreBestWeights, baseline);
    }

    /**
     * A copy with weight restoring on or off, with a fresh state; the receiver is unchanged.
     *
     * @param restore put the best epoch's weights back when training ends
     * @return the changed copy
     */
    public EarlyStopping withRestoreBestWeights(boolean restore) {
        return new EarlyStopping(monitor, minDelta, patience, mode, restore, baseline);
    }

    /**
     * A copy with another baseline, with a fresh state; the receiver is unchanged.
     *
     * @param baseline the value to beat before the patience counter restarts; NaN for none
     * @return the changed copy
     */
    public EarlyStopping withBaseline(double baseline) {
        return new EarlyStopping(monitor, minDelta, patience, mode, restoreBestWeights, baseline);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestWeights = null;
        if (restoreBestWeights) run.model().parameters(); // fails now, not after the first epoch, when unsupported
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double current = Monitors.value("EarlyStopping", monitor, logs);
        if (restoreBestWeights && bestWeights == null) { // if it never improves, the first epoch's weights are the best
            snapshot();
            bestEpoch = epoch;
        }
        wait++;
        if (Monitors.improves(current, best, minDelta, maximize)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) snapshot();
            if (Double.isNaN(baseline) || Monitors.improves(current, baseline, minDelta, maximize)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            run.requestStop("early stopping at epoch " + (epoch + 1) + ": " + monitor + " did not improve for " + wait
                    + " epochs (best " + best + (bestEpoch >= 0 ? " at epoch " + (bestEpoch + 1) : "") + ")");
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run, History history) {
        if (restoreBestWeights && bestWeights != null) {
            List<Parameter> params = run.model().parameters();
            for (int i = 0; i < params.size(); i++) params.get(i).value().assign(bestWeights[i]);
        }
    }

    private void snapshot() {
        List<Parameter> params = run.model().parameters();
        if (bestWeights == null) {
            bestWeights = new NDArray[params.size()];
            for (int i = 0; i < params.size(); i++)
                bestWeights[i] = params.get(i).value().copy();
        } else {
            for (int i = 0; i < params.size(); i++)
                bestWeights[i].assign(params.get(i).value());
        }
    }

    /**
     * The epoch at which this callback stopped training in the current (or last) fit.
     *
     * @return the epoch (0-based), or -1 when it did not stop training
     */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /**
     * The epoch with the best monitored value in the current (or last) fit.
     *
     * @return the epoch (0-based), or -1 before any
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The best monitored value seen in the current (or last) fit.
     *
     * @return the value; ±infinity (the worst value for the mode) while no epoch has improved
     */
    public double best() {
        return best;
    }
}
