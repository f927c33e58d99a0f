package nabla.train;

import java.util.Map;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * Stops training once the accuracy on held-out data reaches a target, and measures the wall time it took (the
 * courses' "time to reach 99 %"). Two sources of the accuracy:
 *
 * <ul>
 *   <li>{@link #onData}: at the end of every epoch the callback predicts the held-out set (x, y) itself, batch by
 *       batch in evaluation mode, and computes the accuracy (argmax of the prediction against the label; for one
 *       output column, prediction &gt;= 0.5). Labels may be one-hot (n, k), class indices (n) or (n, 1). It is
 *       recorded in the logs as "heldout_accuracy".
 *   <li>{@link #onLogs}: reads a value the loop already computed, e.g. "val_accuracy" when fit has validation data.
 * </ul>
 *
 * <p><b>What the time counts.</b> The clock starts in {@code onTrainBegin} and is read at the end of the epoch in
 * which the target is reached, before this callback's own evaluation. {@link #secondsToTarget()} <em>excludes</em>
 * the time of the callback's own per-epoch evaluations (they exist only to measure; a run without the callback would
 * not spend it) and {@link #secondsToTargetWithEvaluation()} includes them. Everything else in the loop is included
 * in both: the training batches, the loop's own validation pass (so with {@link #onLogs} on "val_accuracy" the
 * validation time is part of the figure) and the callbacks that run before this one.
 *
 * <p>Reaching the target stops training through {@link TrainingRun#requestStop} (so {@link History#stopReason()}
 * names it); {@link #reached()} tells the outcome after fit.
 */
public final class TargetAccuracy extends Callback {
    private final double target;
    private final NDArray x, y;
    private final int batchSize;
    private final String monitor;

    private TrainingRun run;
    private long startNanos, evaluationNanos;
    private int epochReached;
    private double accuracyReached = Double.NaN, best = Double.NaN;
    private double secondsExcluding = Double.NaN, secondsIncluding = Double.NaN;

    private TargetAccuracy(double target, NDArray x, NDArray y, int batchSize, String monitor) {
        if (!(target > 0 && target <= 1))
            throw new IllegalArgumentException("TargetAccuracy: target must be in (0, 1], got " + target);
        this.target = target;
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.monitor = monitor;
    }

    /**
     * Evaluates the accuracy on (x, y) itself after every epoch, predicting {@code batchSize} samples at a time.
     *
     * @param target the accuracy to reach, in (0, 1]
     * @param x the held-out inputs, samples on axis 0
     * @param y the held-out labels: one-hot (n, k), class indices (n) or (n, 1), or 0/1 for one output column
     * @param batchSize the samples per prediction step, &gt; 0
     * @return the callback
     * @throws IllegalArgumentException if {@code target} is outside (0, 1], {@code batchSize} is not positive, or x and
     *     y do not have the same, non-zero number of samples
     * @throws NullPointerException if {@code x} or {@code y} is null
     */
    public static TargetAccuracy onData(double target, NDArray x, NDArray y, int batchSize) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (batchSize <= 0)
            throw new IllegalArgumentException("TargetAccuracy: batchSize must be positive, got " + batchSize);
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0) || x.dim(0) == 0)
            throw new IllegalArgumentException("TargetAccuracy: held-out inputs " + x.shape() + " and labels "
                    + y.shape() + " must have the same, non-zero number of samples");
        return new TargetAccuracy(target, x, y, batchSize, null);
    }

    /**
     * Watches the log value {@code key} (e.g. "val_accuracy"), which the loop must compute; an epoch whose logs lack it
     * is an IllegalStateException.
     *
     * @param target the accuracy to reach, in (0, 1]
     * @param key the log key to read
     * @return the callback
     * @throws IllegalArgumentException if {@code target} is outside (0, 1]
     * @throws NullPointerException if {@code key} is null
     */
    public static TargetAccuracy onLogs(double target, String key) {
        return new TargetAccuracy(target, null, null, 1, Objects.requireNonNull(key, "key"));
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        evaluationNanos = 0;
        epochReached = 0;
        best = accuracyReached = secondsExcluding = secondsIncluding = Double.NaN;
        startNanos = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        long now = System.nanoTime();
        long earlierEvaluations = evaluationNanos; // this callback's evaluations in the epochs before this one
        double acc;
        if (monitor != null) {
            Double v = logs.get(monitor);
            if (v == null)
                throw new IllegalStateException(
                        "TargetAccuracy: no '" + monitor + "' in the epoch's logs " + logs.keySet()
                                + "; give fit validation data (or a validation split) and an accuracy metric, or use TargetAccuracy.onData");
            acc = v;
        } else {
            acc = accuracy(Trainer.predict(run.model(), x, batchSize), y);
            evaluationNanos += System.nanoTime() - now;
            logs.put("heldout_accuracy", acc);
        }
        if (Double.isNaN(best) || acc > best) best = acc;
        if (epochReached == 0 && acc >= target) {
            epochReached = epoch + 1;
            accuracyReached = acc;
            secondsExcluding =
                    (now - startNanos - earlierEvaluations) / 1e9; // to the end of this epoch's training and validation
            secondsIncluding =
                    (now - startNanos + evaluationNanos - earlierEvaluations) / 1e9; // plus every evaluation of ours
            run.requestStop(String.format(
                    "reached the target accuracy %.4f (%s %.4f) after %d epochs",
                    target, monitor != null ? monitor : "held-out accuracy", acc, epochReached));
        }
    }

    /** Fraction of samples whose predicted class matches the label (see the class comment for the label forms). */
    static double accuracy(NDArray predictions, NDArray labels) {
        int n = predictions.dim(0);
        int k = predictions.size() / Math.max(1, n);
        float[] p = predictions.contiguous().toArray(), t = labels.contiguous().toArray();
        boolean oneHot = labels.size() == predictions.size() && k > 1;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int predicted, actual;
            if (k == 1) {
                predicted = p[i] >= 0.5f ? 1 : 0;
                actual = t[i] >= 0.5f ? 1 : 0;
            } else {
                predicted = argmax(p, i * k, k);
                actual = oneHot ? argmax(t, i * k, k) : Math.round(t[i]);
            }
            if (predicted == actual) correct++;
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    private static int argmax(float[] a, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) if (a[from + j] > a[from + best]) best = j;
        return best;
    }

    /**
     * The accuracy to reach.
     *
     * @return the target, in (0, 1]
     */
    public double target() {
        return target;
    }

    /**
     * Whether the target was reached in the last fit.
     *
     * @return true if it was
     */
    public boolean reached() {
        return epochReached > 0;
    }

    /**
     * The epoch in which the target was reached.
     *
     * @return the epoch, from 1; 0 if it was not reached
     */
    public int epochReached() {
        return epochReached;
    }

    /**
     * The accuracy that reached the target.
     *
     * @return the accuracy; NaN if it was not reached
     */
    public double accuracyReached() {
        return accuracyReached;
    }

    /**
     * The best accuracy seen in the last fit.
     *
     * @return the accuracy; NaN before the first epoch ended
     */
    public double bestAccuracy() {
        return best;
    }

    /**
     * Wall seconds from the start of training to the end of the epoch that reached the target, without this
     * callback's evaluations.
     *
     * @return the seconds; NaN if the target was not reached
     */
    public double secondsToTarget() {
        return secondsExcluding;
    }

    /**
     * As {@link #secondsToTarget()} but including this callback's evaluations (that of the reaching epoch too).
     *
     * @return the seconds; NaN if the target was not reached
     */
    public double secondsToTargetWithEvaluation() {
        return secondsIncluding;
    }

    /**
     * Total wall seconds this callback spent evaluating in the last fit.
     *
     * @return the seconds (0 for {@link #onLogs})
     */
    public double evaluationSeconds() {
        return evaluationNanos / 1e9;
    }
}
