package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-column loops for batch normalization over a contiguous rows×c block (features last): column sums,
 * centred squares, the affine map {@code x·scale + shift}, and the backward's three-term map. All accumulate
 * in float lanes over at most the rows given; callers split long columns into blocks and add the blocks in
 * double.
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
