package nabla.autograd;

import nabla.kernels.Parallel;
import nabla.tensor.NDArray;

/**
 * The masked softmax of attention as one primitive: forward and backward in one pass over each row of scores,
 * allocating only the output (and, in backward, the gradient), whatever the number of heads.
 */
public final class AttentionOps {
    /** Rows per parallel chunk. */
    private static final int MIN_ROWS = 256;

    private AttentionOps() {}

    /**
     * Softmax over the last axis of attention scores (batch, [heads, ...,] Tq, Tv) with a mask of the pairs that may
     * attend: where {@code keep} (batch, Tq, Tv), broadcast over the axes between the batch and Tq, is 0, the score
     * has {@code large} subtracted before the softmax (in float32, as Keras: {@code s − 1e9}), and with
     * {@code zeroMasked} the result is set to 0 there (Keras' {@code Softmax} layer with a mask, which
     * {@code MultiHeadAttention} uses; a row with nothing to attend to is then all zeros) or left as the softmax
     * gives it (Keras' {@code Attention}: a row with nothing to attend to gets about equal weights). Exponentials
     * are computed in double from the row's max, so a hidden score's weight is exactly 0 when the row has a visible
     * one. Backward: {@code dx = y·(g − Σ y·g)} per row, y the output (the softmax's gradient; a hidden
     * position, whose y is 0, gets none).
     *
     * @param scores the scores, rank 3 or more: (batch, ..., Tq, Tv)
     * @param keep nonzero where a query may attend to a key, (batch, Tq, Tv); null for a plain softmax
     * @param large what a hidden score has subtracted (Keras: 1e9 for float32)
     * @param zeroMasked whether hidden positions are set to 0 after the softmax
     * @return the weights, scores' shape
     * @throws IllegalArgumentException if the scores have rank below 3 or the mask does not fit them
     */
    public static Tensor maskedSoftmax(Tensor scores, NDArray keep, float large, boolean zeroMasked) {
        int rank = scores.rank();
        if (rank < 3)
            throw new IllegalArgumentException(
                    "maskedSoftmax: scores must be (batch, ..., Tq, Tv), got " + scores.shape());
        int batch = scores.dim(0), tq = scores.dim(rank - 2), tv = scores.dim(rank - 1);
        if (keep != null && (keep.rank() != 3 || keep.dim(0) != batch || keep.dim(1) != tq || keep.dim(2) != tv))
            throw new IllegalArgumentException("maskedSoftmax: the mask " + keep.shape() + " does not fit the scores "
                    + scores.shape() + "; expected (" + batch + ", " + tq + ", " + tv + ")");
        NDArray sv = scores.value().contiguous();
        float[] s = sv.data();
        int so = sv.offset();
        int rows = sv.size() / Math.max(1, tv), groups = rows / Math.max(1, batch * tq);
        float[] k = keep == null ? null : keep.contiguous().toArray();
        float[] y = new float[sv.size()];
        Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
            double[] e = new double[tv];
            for (int r = r0; r < r1; r++) {
                int base = r * tv;
                // row r is (b, group, i): its mask row is (b, i)
                int b = r / (groups * tq), i = r % tq, kb = (b * tq + i) * tv;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tv; j++) {
                    float z = s[so + base + j];
                    if (k != null && k[kb + j] == 0f) z -= large;
                    e[j] = z;
                    if (z > max) max = z;
                }
                double sum = 0;
                for (int j = 0; j < tv; j++) sum += e[j] = Math.exp(e[j] - max);
                double inv = 1 / sum;
                for (int j = 0; j < tv; j++)
                    y[base + j] = zeroMasked && k != null && k[kb + j] == 0f ? 0f : (float) (e[j] * inv);
            }
        });
        NDArray out = NDArray.wrap(y, scores.shape());
        return Tensor.fromOp(
                "maskedSoftmax",
                out,
                g -> {
                    NDArray gc = g.contiguous();
                    float[] gd = gc.data();
                    int go = gc.offset();
                    float[] dx = new float[y.length];
                    Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
                        for (int r = r0; r < r1; r++) {
                            int base = r * tv;
                            double dot = 0;
                            for (int j = 0; j < tv; j++) dot += (double) y[base + j] * gd[go + base + j];
                            for (int j = 0; j < tv; j++)
                                dx[base + j] = (float) (y[base + j] * (gd[go + base + j] - dot));
                        }
                    });
                    scores.accumulate(NDArray.wrap(dx, scores.shape()), true);
                },
                scores);
    }
}
