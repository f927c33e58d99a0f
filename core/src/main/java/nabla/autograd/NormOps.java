package nabla.autograd;

import java.util.function.IntConsumer;
import nabla.kernels.Norm;
import nabla.kernels.Parallel;
import nabla.tensor.NDArray;

/**
 * Batch normalization in training mode as one primitive with a fused backward: statistics over every axis but
 * the last (features), normalization, scale and shift. The moving averages used at inference are the
 * {@code BatchNormalization} layer's business: this op only reports the batch statistics. Sums are taken in float
 * blocks of 512 rows added in double, in a fixed order, so results do not depend on the number of threads.
 * Layer normalization ({@link #layerNorm}) is the same kind of primitive with statistics per row.
 */
public final class NormOps {
    /** Rows per partial sum: each block sums in float lanes, the blocks are added in double. */
    private static final int BLOCK = 512;
    /** Below this many elements everything runs on one core. */
    private static final int PARALLEL_MIN = 1 << 15;

    private NormOps() {}

    /**
     * {@code γ·(x − μ)/√(σ² + ε) + β} for x (..., c) with μ, σ² the mean and biased variance of each feature over
     * all other axes (Keras' and PyTorch's training-mode forward). gamma and beta are (c) or null (1 and 0).
     * The batch mean and variance are written to {@code meanOut} / {@code varOut} when they are not null.
     * Backward: with x̂ the normalized input and N the rows, dβ = Σg, dγ = Σg·x̂,
     * dx = γ/σ·(g − dβ/N − x̂·dγ/N), computed as one pass {@code g·a + x·b + k} per feature.
     *
     * @param x the input (..., c), channels last; every row (all leading axes together) is one observation
     * @param gamma the scale (c elements), or null for 1
     * @param beta the shift (c elements), or null for 0
     * @param epsilon added to the variance before the square root (the Keras layer's default is 1e-3, PyTorch's
     *     1e-5)
     * @param meanOut receives the batch mean of each feature (at least c elements), or null
     * @param varOut receives the biased batch variance of each feature (at least c elements), or null
     * @return the normalized input, x's shape
     * @throws IllegalArgumentException when gamma or beta does not have c elements, or x has no rows
     */
    public static Tensor batchNorm(
            Tensor x, Tensor gamma, Tensor beta, float epsilon, float[] meanOut, float[] varOut) {
        int c = x.shape().last();
        if (gamma != null && gamma.value().size() != c
                || beta != null && beta.value().size() != c)
            throw new IllegalArgumentException(
                    "batchNorm: gamma/beta must have " + c + " elements for input " + x.shape());
        NDArray xv = x.value().contiguous();
        float[] xd = xv.data();
        int xo = xv.offset(), rows = xv.size() / c;
        if (rows < 1) throw new IllegalArgumentException("batchNorm: empty input " + x.shape());
        float[] mean = new float[c], var = new float[c];
        columnStats(xd, xo, rows, c, null, mean);
        for (int j = 0; j < c; j++) mean[j] /= rows;
        columnStats(xd, xo, rows, c, mean, var);
        for (int j = 0; j < c; j++) var[j] /= rows;
        float[] invStd = new float[c], scale = new float[c], shift = new float[c];
        float[] gv = gamma == null ? null : gamma.value().contiguous().toArray();
        float[] bv = beta == null ? null : beta.value().contiguous().toArray();
        for (int j = 0; j < c; j++) {
            invStd[j] = (float) (1.0 / Math.sqrt((double) var[j] + epsilon));
            scale[j] = (gv == null ? 1f : gv[j]) * invStd[j];
            shift[j] = (bv == null ? 0f : bv[j]) - mean[j] * scale[j];
        }
        if (meanOut != null) System.arraycopy(mean, 0, meanOut, 0, c);
        if (varOut != null) System.arraycopy(var, 0, varOut, 0, c);
        float[] y = new float[rows * c];
        forBlocks(rows, c, (r0, r1) -> Norm.affine(xd, xo + r0 * c, r1 - r0, c, scale, shift, y, r0 * c));
        return Tensor.fromOp(
                "batchNorm",
                NDArray.wrap(y, x.shape()),
                g -> {
                    NDArray gc = g.contiguous();
                    float[] gd = gc.data();
                    int go = gc.offset();
                    float[] sumG = new float[c], sumGX = new float[c];
                    gradientSums(gd, go, xd, xo, rows, c, mean, sumG, sumGX);
                    if (beta != null && beta.requiresGrad())
                        beta.accumulate(NDArray.wrap(sumG.clone(), beta.shape()), true);
                    if (gamma != null && gamma.requiresGrad()) {
                        float[] dg = new float[c];
                        for (int j = 0; j < c; j++) dg[j] = sumGX[j] * invStd[j];
                        gamma.accumulate(NDArray.wrap(dg, gamma.shape()), true);
                    }
                    if (!x.requiresGrad()) return;
                    float[] a = new float[c], b = new float[c], k = new float[c];
                    for (int j = 0; j < c; j++) {
                        a[j] = scale[j];
                        b[j] = -scale[j] * invStd[j] * invStd[j] * sumGX[j] / rows;
                        k[j] = -scale[j] * sumG[j] / rows - b[j] * mean[j];
                    }
                    float[] dx = new float[rows * c];
                    forBlocks(
                            rows,
                            c,
                            (r0, r1) ->
                                    Norm.threeTerm(gd, go + r0 * c, xd, xo + r0 * c, r1 - r0, c, a, b, k, dx, r0 * c));
                    x.accumulate(NDArray.wrap(dx, x.shape()), true);
                },
                x,
                gamma,
                beta);
    }

    /**
     * Layer normalization over the last axis: {@code γ·(x − μ)/√(σ² + ε) + β} with μ, σ² the mean and biased
     * variance of each row (all leading axes are rows), as Keras' {@code LayerNormalization} and PyTorch's
     * {@code layer_norm}. One fused pass per row forward and one backward ({@link Norm#layerNormRows},
     * {@link Norm#layerNormBackwardRows}); large inputs are split by rows over the cores. The parameter gradients
     * are summed in float over blocks of 512 rows and the blocks added in double, in a fixed order, so results do
     * not depend on the number of threads. Backward: with x̂ the normalized row and ĝ = g·γ,
     * dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/σ, dγ = Σ g·x̂, dβ = Σ g.
     *
     * @param x the input (..., c); each row of c features is normalized on its own
     * @param gamma the scale (c elements), or null for 1
     * @param beta the shift (c elements), or null for 0
     * @param epsilon added to the variance before the square root (Keras' default 1e-3, PyTorch's 1e-5), &gt; 0
     * @return the normalized input, x's shape
     * @throws IllegalArgumentException when gamma or beta does not have c elements, x is a scalar or epsilon is not
     *     positive
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon) {
        if (x.rank() < 1) throw new IllegalArgumentException("layerNorm: expected at least one axis, got a scalar");
        if (!(epsilon > 0)) throw new IllegalArgumentException("layerNorm: epsilon must be positive, got " + epsilon);
        int c = x.shape().last();
        if (gamma != null && gamma.value().size() != c
                || beta != null && beta.value().size() != c)
            throw new IllegalArgumentException("layerNorm: gamma/beta must have " + c + " elements for input "
                    + x.shape() + ", got " + (gamma == null ? "none" : gamma.shape()) + " and "
                    + (beta == null ? "none" : beta.shape()));
        NDArray xv = x.value().contiguous();
        float[] xd = xv.data();
        int xo = xv.offset(), rows = c == 0 ? 0 : xv.size() / c;
        float[] gv = gamma == null ? filled(c, 1f) : gamma.value().contiguous().toArray();
        float[] bv = beta == null ? new float[c] : beta.value().contiguous().toArray();
        float[] mean = new float[rows], invStd = new float[rows], y = new float[rows * c];
        forBlocks(
                rows,
                c,
                (r0, r1) ->
                        Norm.layerNormRows(xd, xo + r0 * c, r1 - r0, c, epsilon, gv, bv, y, r0 * c, mean, invStd, r0));
        return Tensor.fromOp(
                "layerNorm",
                NDArray.wrap(y, x.shape()),
                g -> {
                    NDArray gc = g.contiguous();
                    float[] gd = gc.data();
                    int go = gc.offset();
                    boolean wantG = gamma != null && gamma.requiresGrad(), wantB = beta != null && beta.requiresGrad();
                    float[] dx = x.requiresGrad() ? new float[rows * c] : null;
                    int blocks = (rows + BLOCK - 1) / BLOCK;
                    float[][] pg = wantG ? new float[blocks][c] : null, pb = wantB ? new float[blocks][c] : null;
                    IntConsumer body = t -> {
                        int r0 = t * BLOCK, r1 = Math.min(rows, r0 + BLOCK);
                        Norm.layerNormBackwardRows(
                                gd,
                                go + r0 * c,
                                xd,
                                xo + r0 * c,
                                r1 - r0,
                                c,
                                gv,
                                mean,
                                invStd,
                                r0,
                                dx,
                                r0 * c,
                                wantG ? pg[t] : null,
                                wantB ? pb[t] : null);
                    };
                    if (parallel(rows, c)) Parallel.run(blocks, body);
                    else for (int t = 0; t < blocks; t++) body.accept(t);
                    if (wantG) gamma.accumulate(NDArray.wrap(blockSum(pg, c), gamma.shape()), true);
                    if (wantB) beta.accumulate(NDArray.wrap(blockSum(pb, c), beta.shape()), true);
                    if (dx != null) x.accumulate(NDArray.wrap(dx, x.shape()), true);
                },
                x,
                gamma,
                beta);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static float[] blockSum(float[][] partial, int c) {
        float[] out = new float[c];
        for (int j = 0; j < c; j++) {
            double s = 0;
            for (float[] p : partial) s += p[j];
            out[j] = (float) s;
        }
        return out;
    }

    /** out[j] = Σ x[r, j] (mean == null) or Σ (x[r, j] − mean[j])², in float blocks added in double. */
    private static void columnStats(float[] x, int xo, int rows, int c, float[] mean, float[] out) {
        int blocks = (rows + BLOCK - 1) / BLOCK;
        float[][] partial = new float[blocks][c];
        if (parallel(rows, c)) Parallel.run(blocks, t -> block(x, xo, rows, c, mean, partial[t], t));
        else for (int t = 0; t < blocks; t++) block(x, xo, rows, c, mean, partial[t], t);
        for (int j = 0; j < c; j++) {
            double s = 0;
            for (float[] p : partial) s += p[j];
            out[j] = (float) s;
        }
    }

    private static void block(float[] x, int xo, int rows, int c, float[] mean, float[] acc, int t) {
        int r0 = t * BLOCK, r1 = Math.min(rows, r0 + BLOCK);
        if (mean == null) Norm.columnSums(x, xo + r0 * c, r1 - r0, c, acc);
        else Norm.centredSquareSums(x, xo + r0 * c, r1 - r0, c, mean, acc);
    }

    private static void gradientSums(
            float[] g, int go, float[] x, int xo, int rows, int c, float[] mean, float[] sumG, float[] sumGX) {
        int blocks = (rows + BLOCK - 1) / BLOCK;
        float[][] pg = new float[blocks][c], pgx = new float[blocks][c];
        IntConsumer body = t -> {
            int r0 = t * BLOCK, r1 = Math.min(rows, r0 + BLOCK);
            Norm.gradientSums(g, go + r0 * c, x, xo + r0 * c, r1 - r0, c, mean, pg[t], pgx[t]);
        };
        if (parallel(rows, c)) Parallel.run(blocks, body);
        else for (int t = 0; t < blocks; t++) body.accept(t);
        for (int j = 0; j < c; j++) {
            double s = 0, sx = 0;
            for (int t = 0; t < blocks; t++) {
                s += pg[t][j];
                sx += pgx[t][j];
            }
            sumG[j] = (float) s;
            sumGX[j] = (float) sx;
        }
    }

    private static boolean parallel(int rows, int c) {
        return (long) rows * c >= PARALLEL_MIN && rows > BLOCK;
    }

    private static void forBlocks(int rows, int c, Parallel.RangeBody body) {
        if ((long) rows * c < PARALLEL_MIN) body.run(0, rows);
        else Parallel.forRange(rows, Math.max(1, PARALLEL_MIN / (2 * c)), body);
    }
}
