package nabla.metrics;

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

    /** A class index stored as a float, checked against the number of classes. */
    static int label(String metric, float v, int classes) {
        int c = (int) v;
        if (c != v || c < 0 || c >= classes)
            throw new IllegalArgumentException(
                    metric + ": target " + v + " is not a class index in [0, " + classes + ")");
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
