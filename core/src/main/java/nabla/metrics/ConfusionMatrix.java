package nabla.metrics;

import java.util.Arrays;
import nabla.tensor.NDArray;

/**
 * Counts of (true class, predicted class) pairs, accumulated batch by batch: row = true class, column = predicted
 * class (as scikit-learn and {@code tf.math.confusion_matrix}). Targets may be one-hot (batch, classes), class
 * indices (batch,) or (batch, 1), or, for two classes, 0/1 values with one probability per sample (thresholded at
 * 0.5); predictions are (batch, classes) scores (argmax, first on ties) or one probability per sample for two
 * classes. Not a scalar {@link Metric}: read it with {@link #count}, the per-class and macro precision and
 * recall, or {@link #toString()}. Like the metrics, it is not thread-safe.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[] counts;

    /**
     * An empty matrix.
     *
     * @param classes the number of classes, &gt;= 2
     * @throws IllegalArgumentException if {@code classes} is less than 2
     */
    public ConfusionMatrix(int classes) {
        if (classes < 2)
            throw new IllegalArgumentException("confusion matrix: needs at least 2 classes, got " + classes);
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    /**
     * The number of classes.
     *
     * @return the side of the matrix
     */
    public int classes() {
        return classes;
    }

    /**
     * Adds one batch: one count per sample.
     *
     * @param yTrue the targets: one-hot (batch, classes), class indices (batch,) or (batch, 1), or, for two classes
     *     with one probability per sample, values thresholded at 0.5
     * @param yPred the predictions: (batch, classes) scores, or for two classes one probability per sample
     * @throws IllegalArgumentException if the predictions have another number of classes, the shapes do not fit
     *     together, or a class index is not an integer in [0, classes)
     */
    public void update(NDArray yTrue, NDArray yPred) {
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset();
        int c = MetricInputs.classes(p);
        String who = "confusion matrix";
        if (c > 1 && c != classes)
            throw new IllegalArgumentException(
                    who + ": predictions " + yPred.shape() + " have " + c + " classes, the matrix " + classes);
        if (c > 1 && t.shape().equals(p.shape())) {
            int rows = p.size() / c;
            for (int r = 0; r < rows; r++)
                counts[MetricInputs.argmax(td, to + r * c, c) * classes + MetricInputs.argmax(pd, po + r * c, c)]++;
        } else if (c > 1 && t.size() * c == p.size()) {
            for (int r = 0, rows = t.size(); r < rows; r++)
                counts[
                        MetricInputs.label(who, td[to + r], classes, r) * classes
                                + MetricInputs.argmax(pd, po + r * c, c)]++;
        } else if (classes == 2 && t.size() == p.size()) {
            for (int i = 0, n = t.size(); i < n; i++)
                counts[(td[to + i] > 0.5f ? 2 : 0) + (pd[po + i] > 0.5f ? 1 : 0)]++;
        } else {
            throw new IllegalArgumentException(who + ": cannot compare targets " + yTrue.shape() + " with predictions "
                    + yPred.shape() + " for " + classes + " classes");
        }
    }

    /**
     * The number of samples of class {@code trueClass} predicted as {@code predictedClass}.
     *
     * @param trueClass the row, in [0, classes)
     * @param predictedClass the column, in [0, classes)
     * @return the count
     * @throws IllegalArgumentException if a class is outside [0, classes)
     */
    public long count(int trueClass, int predictedClass) {
        return counts[checkClass(trueClass) * classes + checkClass(predictedClass)];
    }

    private int checkClass(int c) {
        if (c < 0 || c >= classes)
            throw new IllegalArgumentException(
                    "confusion matrix: class " + c + " is not in [0, " + classes + ") for " + classes + " classes");
        return c;
    }

    /**
     * A copy of the counts.
     *
     * @return a new {@code classes × classes} array indexed [true][predicted]
     */
    public long[][] counts() {
        long[][] m = new long[classes][];
        for (int i = 0; i < classes; i++) m[i] = Arrays.copyOfRange(counts, i * classes, (i + 1) * classes);
        return m;
    }

    /**
     * The number of samples added since the last reset.
     *
     * @return the sum of all counts
     */
    public long total() {
        long s = 0;
        for (long v : counts) s += v;
        return s;
    }

    /**
     * The fraction of samples on the diagonal: the accuracy of the argmax predictions.
     *
     * @return the accuracy, 0 when empty
     */
    public double accuracy() {
        long diag = 0;
        for (int i = 0; i < classes; i++) diag += count(i, i);
        long total = total();
        return total == 0 ? 0 : (double) diag / total;
    }

    /**
     * Of the samples predicted as class c, the fraction that are c.
     *
     * @param c a class, in [0, classes)
     * @return the precision of class c, 0 when no sample is predicted c
     * @throws IllegalArgumentException if {@code c} is outside [0, classes)
     */
    public double precision(int c) {
        long col = 0;
        for (int i = 0; i < classes; i++) col += count(i, c);
        return col == 0 ? 0 : (double) count(c, c) / col;
    }

    /**
     * Of the samples of class c, the fraction predicted c.
     *
     * @param c a class, in [0, classes)
     * @return the recall of class c, 0 when there are no samples of class c
     * @throws IllegalArgumentException if {@code c} is outside [0, classes)
     */
    public double recall(int c) {
        long row = 0;
        for (int j = 0; j < classes; j++) row += count(c, j);
        return row == 0 ? 0 : (double) count(c, c) / row;
    }

    /**
     * The unweighted mean of the per-class precisions (scikit-learn's {@code average="macro"} with
     * {@code zero_division=0}).
     *
     * @return the macro precision
     */
    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < classes; c++) s += precision(c);
        return s / classes;
    }

    /**
     * The unweighted mean of the per-class recalls (scikit-learn's {@code average="macro"} with
     * {@code zero_division=0}).
     *
     * @return the macro recall
     */
    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < classes; c++) s += recall(c);
        return s / classes;
    }

    /** Sets every count back to 0. */
    public void reset() {
        Arrays.fill(counts, 0);
    }

    /** The table with a header of predicted classes, one row per true class, columns right-aligned. */
    @Override
    public String toString() {
        int w = Math.max(String.valueOf(classes - 1).length(), 1);
        for (long v : counts) w = Math.max(w, String.valueOf(v).length());
        String corner = "true\\pred";
        StringBuilder sb = new StringBuilder(String.format("%" + corner.length() + "s", corner));
        for (int j = 0; j < classes; j++) sb.append(' ').append(String.format("%" + w + "d", j));
        sb.append('\n');
        for (int i = 0; i < classes; i++) {
            sb.append(String.format("%" + corner.length() + "d", i));
            for (int j = 0; j < classes; j++) sb.append(' ').append(String.format("%" + w + "d", count(i, j)));
            sb.append('\n');
        }
        return sb.toString();
    }
}
