package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-column loops for batch normalization over a contiguous rows×c block (features last): column sums,
 * centred squares, the affine map {@code x·scale + shift}, and the backward's three-term map. All accumulate
 * in float lanes over at most the rows given; callers split long columns into blocks and add the blocks in
 * double. Per-row loops for layer normalization ({@link #layerNormRows}, {@link #layerNormBackwardRows}): each
 * row of c features is normalized by its own mean and variance in one fused pass per step.
 */
public final class Norm {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;

    private Norm() {}

    /** {@code sum[j] += Σ_r x[r, j]}. */
    public static void columnSums(float[] x, int xo, int rows, int c, float[] sum) {
        for (int r = 0; r < rows; r++) Elementwise.reduce(ReduceOp.SUM, x, xo + r * c, 1, sum, 0, 1, c);
    }

    /** {@code sq[j] += Σ_r (x[r, j] − mean[j])²}. */
    public static void centredSquareSums(float[] x, int xo, int rows, int c, float[] mean, float[] sq) {
        int bound = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int base = xo + r * c, j = 0;
            for (; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, x, base + j).sub(FloatVector.fromArray(S, mean, j));
                d.fma(d, FloatVector.fromArray(S, sq, j)).intoArray(sq, j);
            }
            for (; j < c; j++) {
                float d = x[base + j] - mean[j];
                sq[j] += d * d;
            }
        }
    }

    /** {@code y[r, j] = x[r, j]·scale[j] + shift[j]}. */
    public static void affine(float[] x, int xo, int rows, int c, float[] scale, float[] shift, float[] y, int yo) {
        int bound = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int xb = xo + r * c, yb = yo + r * c, j = 0;
            for (; j < bound; j += L)
                FloatVector.fromArray(S, x, xb + j)
                        .fma(FloatVector.fromArray(S, scale, j), FloatVector.fromArray(S, shift, j))
                        .intoArray(y, yb + j);
            for (; j < c; j++) y[yb + j] = x[xb + j] * scale[j] + shift[j];
        }
    }

    /** {@code sumG[j] += Σ_r g[r, j]} and {@code sumGX[j] += Σ_r g[r, j]·(x[r, j] − mean[j])}. */
    public static void gradientSums(
            float[] g, int go, float[] x, int xo, int rows, int c, float[] mean, float[] sumG, float[] sumGX) {
        int bound = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int gb = go + r * c, xb = xo + r * c, j = 0;
            for (; j < bound; j += L) {
                FloatVector vg = FloatVector.fromArray(S, g, gb + j);
                FloatVector d = FloatVector.fromArray(S, x, xb + j).sub(FloatVector.fromArray(S, mean, j));
                vg.add(FloatVector.fromArray(S, sumG, j)).intoArray(sumG, j);
                vg.fma(d, FloatVector.fromArray(S, sumGX, j)).intoArray(sumGX, j);
            }
            for (; j < c; j++) {
                float gv = g[gb + j];
                sumG[j] += gv;
                sumGX[j] += gv * (x[xb + j] - mean[j]);
            }
        }
    }

    /** {@code dx[r, j] = g[r, j]·a[j] + x[r, j]·b[j] + k[j]}. */
    public static void threeTerm(
            float[] g,
            int go,
            float[] x,
            int xo,
            int rows,
            int c,
            float[] a,
            float[] b,
            float[] k,
            float[] dx,
            int dxo) {
        int bound = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int gb = go + r * c, xb = xo + r * c, db = dxo + r * c, j = 0;
            for (; j < bound; j += L) {
                FloatVector t = FloatVector.fromArray(S, x, xb + j)
                        .fma(FloatVector.fromArray(S, b, j), FloatVector.fromArray(S, k, j));
                FloatVector.fromArray(S, g, gb + j)
                        .fma(FloatVector.fromArray(S, a, j), t)
                        .intoArray(dx, db + j);
            }
            for (; j < c; j++) dx[db + j] = g[gb + j] * a[j] + x[xb + j] * b[j] + k[j];
        }
    }

    /**
     * Layer normalization of each of {@code rows} contiguous rows of c features: with μ and σ² the row's mean and
     * biased variance (two passes, float lanes), {@code y = (x − μ)·invStd·gamma + beta}, invStd = 1/√(σ² + ε)
     * computed in double. The row's μ and invStd are written to {@code mean[so + r]} and {@code invStd[so + r]}
     * for the backward pass.
     *
     * @param x the input
     * @param xo offset of the first row in x
     * @param rows the number of rows
     * @param c the features per row
     * @param epsilon added to the variance
     * @param gamma the scale (c; ones for none)
     * @param beta the shift (c; zeros for none)
     * @param y the output
     * @param yo offset of the first row in y
     * @param mean receives each row's mean
     * @param invStd receives each row's 1/√(σ² + ε)
     * @param so offset of the first row in {@code mean} and {@code invStd}
     */
    public static void layerNormRows(
            float[] x,
            int xo,
            int rows,
            int c,
            float epsilon,
            float[] gamma,
            float[] beta,
            float[] y,
            int yo,
            float[] mean,
            float[] invStd,
            int so) {
        int bound = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int xb = xo + r * c, yb = yo + r * c, j = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; j < bound; j += L) acc = acc.add(FloatVector.fromArray(S, x, xb + j));
            float s = Elementwise.addLanes(acc);
            for (; j < c; j++) s += x[xb + j];
            float m = s / c;
            FloatVector vm = FloatVector.broadcast(S, m);
            acc = FloatVector.zero(S);
            for (j = 0; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, x, xb + j).sub(vm);
                acc = d.fma(d, acc);
            }
            float q = Elementwise.addLanes(acc);
            for (; j < c; j++) {
                float d = x[xb + j] - m;
                q += d * d;
            }
            float inv = (float) (1.0 / Math.sqrt((double) q / c + epsilon));
            mean[so + r] = m;
            invStd[so + r] = inv;
            FloatVector vi = FloatVector.broadcast(S, inv);
            for (j = 0; j < bound; j += L)
                FloatVector.fromArray(S, x, xb + j)
                        .sub(vm)
                        .mul(vi)
                        .fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j))
                        .intoArray(y, yb + j);
            for (; j < c; j++) y[yb + j] = (x[xb + j] - m) * inv * gamma[j] + beta[j];
        }
    }

    /**
     * The backward of {@link #layerNormRows} for {@code rows} rows: with x̂ = (x − μ)·invStd and
     * ĝ = g·gamma, {@code dx = invStd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))} (row means over the c features), and the
     * parameter gradients {@code dGamma[j] += Σ_r g·x̂}, {@code dBeta[j] += Σ_r g} accumulated in float.
     *
     * @param g the output gradient
     * @param go offset of the first row in g
     * @param x the forward input
     * @param xo offset of the first row in x
     * @param rows the number of rows
     * @param c the features per row
     * @param gamma the scale (c; ones for none)
     * @param mean each row's mean, from the forward pass
     * @param invStd each row's 1/√(σ² + ε), from the forward pass
     * @param so offset of the first row in {@code mean} and {@code invStd}
     * @param dx receives the input gradient (overwritten), or null when it is not needed
     * @param dxo offset of the first row in dx
     * @param dGamma accumulates the scale's gradient (c), or null
     * @param dBeta accumulates the shift's gradient (c), or null
     */
    public static void layerNormBackwardRows(
            float[] g,
            int go,
            float[] x,
            int xo,
            int rows,
            int c,
            float[] gamma,
            float[] mean,
            float[] invStd,
            int so,
            float[] dx,
            int dxo,
            float[] dGamma,
            float[] dBeta) {
        int bound = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int gb = go + r * c, xb = xo + r * c, j = 0;
            float m = mean[so + r], inv = invStd[so + r];
            FloatVector vm = FloatVector.broadcast(S, m), vi = FloatVector.broadcast(S, inv);
            FloatVector a1 = FloatVector.zero(S), a2 = FloatVector.zero(S);
            for (; j < bound; j += L) {
                FloatVector vg = FloatVector.fromArray(S, g, gb + j);
                FloatVector xh = FloatVector.fromArray(S, x, xb + j).sub(vm).mul(vi);
                FloatVector gh = vg.mul(FloatVector.fromArray(S, gamma, j));
                a1 = a1.add(gh);
                a2 = gh.fma(xh, a2);
                if (dGamma != null)
                    vg.fma(xh, FloatVector.fromArray(S, dGamma, j)).intoArray(dGamma, j);
                if (dBeta != null) vg.add(FloatVector.fromArray(S, dBeta, j)).intoArray(dBeta, j);
            }
            float s1 = Elementwise.addLanes(a1), s2 = Elementwise.addLanes(a2);
            for (; j < c; j++) {
                float gv = g[gb + j], xh = (x[xb + j] - m) * inv, gh = gv * gamma[j];
                s1 += gh;
                s2 += gh * xh;
                if (dGamma != null) dGamma[j] += gv * xh;
                if (dBeta != null) dBeta[j] += gv;
            }
            if (dx == null) continue;
            float k1 = s1 / c, k2 = s2 / c;
            FloatVector v1 = FloatVector.broadcast(S, k1), v2 = FloatVector.broadcast(S, k2);
            int db = dxo + r * c;
            for (j = 0; j < bound; j += L) {
                FloatVector xh = FloatVector.fromArray(S, x, xb + j).sub(vm).mul(vi);
                FloatVector gh = FloatVector.fromArray(S, g, gb + j).mul(FloatVector.fromArray(S, gamma, j));
                gh.sub(v1).sub(xh.mul(v2)).mul(vi).intoArray(dx, db + j);
            }
            for (; j < c; j++) {
                float xh = (x[xb + j] - m) * inv;
                dx[db + j] = (g[gb + j] * gamma[j] - k1 - xh * k2) * inv;
            }
        }
    }

    /** Σ|x| over a contiguous range. */
    public static float absSum(float[] x, int xo, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += L)
            acc = acc.add(FloatVector.fromArray(S, x, xo + i).abs());
        float s = Elementwise.addLanes(acc);
        for (; i < n; i++) s += Math.abs(x[xo + i]);
        return s;
    }

    /** {@code gw[i] += g·(l1·sign(w[i]) + 2·l2·w[i])}, the gradient of an L1/L2 penalty scaled by g. */
    public static void penaltyGradient(float[] w, int wo, float g, float l1, float l2, float[] gw, int gwo, int n) {
        int i = 0, bound = S.loopBound(n);
        float a = g * l1, b = 2 * g * l2;
        FloatVector zero = FloatVector.zero(S);
        FloatVector pos = FloatVector.broadcast(S, a), neg = FloatVector.broadcast(S, -a);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, w, wo + i);
            FloatVector sign =
                    zero.blend(pos, v.compare(VectorOperators.GT, 0f)).blend(neg, v.compare(VectorOperators.LT, 0f));
            v.fma(FloatVector.broadcast(S, b), sign)
                    .add(FloatVector.fromArray(S, gw, gwo + i))
                    .intoArray(gw, gwo + i);
        }
        for (; i < n; i++) gw[gwo + i] += a * Math.signum(w[wo + i]) + b * w[wo + i];
    }
}
