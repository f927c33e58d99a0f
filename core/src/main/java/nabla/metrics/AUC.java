package nabla.metrics;

import java.util.Arrays;
import nabla.tensor.NDArray;

/**
 * Area under the ROC curve, computed as Keras' {@code AUC} does by default: {@code numThresholds} (default 200)
 * thresholds, {@code -1e-7, 1/(N-1), 2/(N-1), ..., (N-2)/(N-1), 1+1e-7}; at each, true and false positives count the
 * elements whose prediction is greater than it; the area is the trapezoidal sum over the (false-positive rate,
 * true-positive rate) points. Targets are positive when non-zero; every element counts (for one-hot multi-class
 * data this is Keras' default {@code multi_label=false}, the micro-average). With sample weights each element
 * counts with its sample's weight.
 *
 * <p>It is an approximation of the exact area (the Mann–Whitney statistic, which needs all scores kept and
 * sorted): predictions that fall between the same two thresholds are treated as ties (half credit), so the value
 * can differ from the exact one when a positive and a negative score are closer than 1/(N-1). Predictions are
 * expected in [0, 1] (probabilities). Memory is two histograms of N + 1 counts; an update costs O(1) per element
 * (each prediction's bucket is found from its value, then checked against the stored float thresholds so the
 * comparison is exactly "prediction > threshold").
 */
public final class AUC implements Metric {
    private static final double EPSILON = 1e-7; // Keras' backend.epsilon()
    private final int numThresholds;
    private final String name;
    private final float[] thresholds;
    // positives[b]: positive elements greater than exactly b thresholds (their weights' sum with sample weights)
    private final double[] positives;
    private final double[] negatives;

    /** 200 thresholds, reported as "auc". */
    public AUC() {
        this(200);
    }

    /**
     * AUC with another number of thresholds, reported as "auc".
     *
     * @param numThresholds N, the number of thresholds (Keras' {@code num_thresholds}), &gt; 1; more is closer to
     *     the exact area
     * @throws IllegalArgumentException if {@code numThresholds} is not &gt; 1
     */
    public AUC(int numThresholds) {
        this(numThresholds, "auc");
    }

    private AUC(int numThresholds, String name) {
        if (numThresholds <= 1)
            throw new IllegalArgumentException("auc: numThresholds must be > 1, got " + numThresholds);
        this.numThresholds = numThresholds;
        this.name = name;
        thresholds = new float[numThresholds];
        thresholds[0] = (float) (0.0 - EPSILON);
        for (int i = 1; i < numThresholds - 1; i++) thresholds[i] = (float) ((double) i / (numThresholds - 1));
        thresholds[numThresholds - 1] = (float) (1.0 + EPSILON);
        positives = new double[numThresholds + 1];
        negatives = new double[numThresholds + 1];
    }

    /**
     * A new, empty AUC with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public AUC withName(String name) {
        return new AUC(numThresholds, name);
    }

    /**
     * The number of thresholds.
     *
     * @return N
     */
    public int numThresholds() {
        return numThresholds;
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        update(yTrue, yPred, null);
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        NDArray w = MetricInputs.sampleWeights(name, sampleWeight, yPred);
        float[] td = t.data(), pd = p.data(), wd = MetricInputs.data(w);
        int to = t.offset(), po = p.offset(), n = t.size(), wo = MetricInputs.offset(w);
        int per = MetricInputs.perSample(n, p.rank() == 0 ? 1 : p.dim(0));
        for (int i = 0; i < n; i++) {
            int b = bucket(pd[po + i]);
            double wi = MetricInputs.weight(wd, wo, per, i);
            if (td[to + i] != 0) positives[b] += wi;
            else negatives[b] += wi;
        }
    }

    /** The number of thresholds strictly below {@code p} (0 for NaN). */
    private int bucket(float p) {
        int n = numThresholds;
        double guess = Math.ceil(p * (double) (n - 1));
        int b = Double.isNaN(guess)
                ? 0
                : (int) Math.max(0, Math.min(n, guess)); // thresholds below p are about ceil(p(N-1))
        while (b > 0 && !(p > thresholds[b - 1])) b--;
        while (b < n && p > thresholds[b]) b++;
        return b;
    }

    @Override
    public double result() {
        double totalPos = 0, totalNeg = 0;
        for (int b = 0; b <= numThresholds; b++) {
            totalPos += positives[b];
            totalNeg += negatives[b];
        }
        // tp(i) = positives with more than i thresholds below them = sum of positives[b] for b > i
        double tp = totalPos - positives[0], fp = totalNeg - negatives[0];
        double prevTpr = rate(tp, totalPos), prevFpr = rate(fp, totalNeg), area = 0;
        for (int i = 1; i < numThresholds; i++) {
            tp -= positives[i];
            fp -= negatives[i];
            double tpr = rate(tp, totalPos), fpr = rate(fp, totalNeg);
            area += (prevFpr - fpr) * (prevTpr + tpr) / 2;
            prevTpr = tpr;
            prevFpr = fpr;
        }
        return area;
    }

    private static double rate(double count, double total) {
        return total == 0 ? 0 : count / total;
    }

    @Override
    public void reset() {
        Arrays.fill(positives, 0);
        Arrays.fill(negatives, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AUC copy() {
        return new AUC(numThresholds, name);
    }
}
