package nabla.metrics;

import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;

/** Shape checks and contiguous access shared by the metrics. */
final class MetricInputs {
    private MetricInputs() {}

    /** The array itself when its elements are contiguous (any offset), else a contiguous copy. */
    static NDArray dense(NDArray a) {
        return a.isContiguous() ? a : a.copy();
    }

    /** The number of classes (last axis) of predictions, 1 for a rank-0 or rank-1 array. */
    static int classes(NDArray pred) {
        return pred.rank() >= 2 ? pred.dim(-1) : 1;
    }

    /** Requires the same number of elements, e.g. (n,) against (n, 1). */
    static void requireSameSize(String metric, NDArray yTrue, NDArray yPred) {
        if (yTrue.size() != yPred.size())
            throw new IllegalArgumentException(metric + ": targets " + yTrue.shape() + " and predictions "
                    + yPred.shape() + " must have the same number of elements");
    }

    /** Requires one-hot targets of the predictions' shape (batch, classes). */
    static void requireOneHot(String metric, NDArray yTrue, NDArray yPred) {
        if (yPred.rank() < 2 || !yTrue.shape().equals(yPred.shape()))
            throw new IllegalArgumentException(metric + ": expected one-hot targets of the predictions' shape "
                    + yPred.shape() + ", got " + yTrue.shape() + "; use the sparse_ variant for class-index targets");
    }

    /** Requires one class index per row of the (batch, classes) predictions. */
    static void requireSparse(String metric, NDArray yTrue, NDArray yPred) {
        if (yPred.rank() < 2 || yTrue.size() * yPred.dim(-1) != yPred.size())
            throw new IllegalArgumentException(
                    metric + ": expected one class index per row of predictions " + yPred.shape() + ", got targets "
                            + yTrue.shape() + "; use the non-sparse variant for one-hot targets");
    }

    /**
     * The sample weights checked against the predictions, contiguous (read from its offset), or null for none: one
     * finite weight &gt;= 0 per index of the predictions' batch axis, shape (batch,) or (batch, 1).
     */
    static NDArray sampleWeights(String metric, NDArray w, NDArray yPred) {
        if (w == null) return null;
        int batch = yPred.rank() == 0 ? -1 : yPred.dim(0);
        boolean fits = batch >= 0 && (w.rank() == 1 || (w.rank() == 2 && w.dim(1) == 1)) && w.dim(0) == batch;
        if (!fits)
            throw new IllegalArgumentException(metric + ": sample weights " + w.shape() + " do not fit predictions "
                    + yPred.shape() + "; expected one weight per sample, shape (" + (batch < 0 ? "batch" : batch)
                    + ",)");
        NDArray d = dense(w);
        float[] wd = d.data();
        for (int i = 0, o = d.offset(); i < batch; i++)
            if (!(wd[o + i] >= 0) || !Float.isFinite(wd[o + i]))
                throw new InvalidRowException(
                        metric + ": sample weight " + wd[o + i] + " ",
                        i,
                        " is negative or not finite; weights must be finite and >= 0");
        return d;
    }

    /** The data of checked weights, null for none. */
    static float[] data(NDArray w) {
        return w == null ? null : w.data();
    }

    /** The offset of checked weights, 0 for none. */
    static int offset(NDArray w) {
        return w == null ? 0 : w.offset();
    }

    /**
     * How many of {@code units} consecutive units (elements or rows, in row-major order) belong to one sample of a
     * batch of {@code batch}; 1 when the batch is empty.
     */
    static int perSample(int units, int batch) {
        return batch == 0 ? 1 : units / batch;
    }

    /** The weight of unit {@code i} when each sample has {@code per} units: 1 without weights. */
    static double weight(float[] wd, int wo, int per, int i) {
        return wd == null ? 1 : wd[wo + i / per];
    }

    /** The class index stored as a float in row {@code row}, checked against the number of classes. */
    static int label(String metric, float v, int classes, int row) {
        int c = (int) v;
        if (c != v || c < 0 || c >= classes)
            throw new InvalidRowException(
                    metric + ": target " + v + " ",
                    row,
                    " is not a class index in [0, " + classes + ") (the predictions have " + classes + " classes)");
        return c;
    }

    static int argmax(float[] d, int off, int n) {
        int best = 0;
        float bv = d[off];
        for (int j = 1; j < n; j++) {
            if (d[off + j] > bv) {
                bv = d[off + j];
                best = j;
            }
        }
        return best;
    }

    /**
     * Whether class {@code target} is among the {@code k} highest scores of a row. As TensorFlow's
     * {@code in_top_k}, ties straddling the boundary all count as in: the target is in when fewer than k classes
     * score strictly higher.
     */
    static boolean inTopK(float[] d, int off, int n, int target, int k) {
        float v = d[off + target];
        int higher = 0;
        for (int j = 0; j < n; j++) if (d[off + j] > v) higher++;
        return higher < k;
    }
}
