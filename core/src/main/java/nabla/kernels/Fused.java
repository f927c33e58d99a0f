package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Fused loops for layers: bias + activation after a GEMM, activation derivatives, column sums, softmax. */
public final class Fused {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;

    private Fused() {}

    /**
     * {@code y[r, :] = act(y[r, :] + bias)} for a contiguous rows×cols block at yOff; bias may be null. The bias is
     * added row by row, the activation applied once over the whole block: with few columns (a convolution's 6
     * filters) a per-row activation never fills a vector and falls back to scalar tanh.
     */
    public static void biasActivation(float[] y, int yOff, int rows, int cols, float[] bias, int bOff, ActKind act) {
        if (bias != null && act == ActKind.RELU && cols >= L) {
            // one pass, max(y + b, 0) per vector (the same float operations as the two passes below)
            FloatVector zero = FloatVector.zero(S);
            int bound = S.loopBound(cols);
            for (int r = 0; r < rows; r++) {
                int base = yOff + r * cols, j = 0;
                for (; j < bound; j += L)
                    FloatVector.fromArray(S, y, base + j)
                            .add(FloatVector.fromArray(S, bias, bOff + j))
                            .max(zero)
                            .intoArray(y, base + j);
                for (; j < cols; j++) y[base + j] = Math.max(y[base + j] + bias[bOff + j], 0f);
            }
            return;
        }
        if (bias != null) {
            if (cols >= Elementwise.L) {
                for (int r = 0; r < rows; r++)
                    Elementwise.binary(BinaryOp.ADD, y, yOff + r * cols, 1, bias, bOff, 1, y, yOff + r * cols, cols);
            } else {
                for (int r = 0; r < rows; r++) {
                    int base = yOff + r * cols;
                    for (int j = 0; j < cols; j++) y[base + j] += bias[bOff + j];
                }
            }
        }
        int n = rows * cols;
        switch (act) {
            case NONE -> {}
            case RELU -> Elementwise.unary(UnaryOp.RELU, y, yOff, 1, y, yOff, n);
            case SIGMOID -> Elementwise.unary(UnaryOp.SIGMOID, y, yOff, 1, y, yOff, n);
            case TANH -> Elementwise.unary(UnaryOp.TANH, y, yOff, 1, y, yOff, n);
        }
    }

    /**
     * {@code gz[i] = g[i] * act'(x) } written in terms of the activation's output {@code y}: relu' = y &gt; 0,
     * sigmoid' = y(1-y), tanh' = 1-y². All contiguous, n elements.
     */
    public static void activationBackward(
            ActKind act, float[] y, int yOff, float[] g, int gOff, float[] gz, int gzOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        switch (act) {
            case NONE -> System.arraycopy(g, gOff, gz, gzOff, n);
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    FloatVector vy = FloatVector.fromArray(S, y, yOff + i);
                    FloatVector vg = FloatVector.fromArray(S, g, gOff + i);
                    vg.blend(zero, vy.compare(VectorOperators.LE, 0f)).intoArray(gz, gzOff + i);
                }
                for (; i < n; i++) gz[gzOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0f;
            }
            case SIGMOID -> {
                for (; i < bound; i += L) {
                    FloatVector vy = FloatVector.fromArray(S, y, yOff + i);
                    FloatVector vg = FloatVector.fromArray(S, g, gOff + i);
                    vg.mul(vy).mul(vy.neg().add(1f)).intoArray(gz, gzOff + i);
                }
                for (; i < n; i++) gz[gzOff + i] = g[gOff + i] * y[yOff + i] * (1 - y[yOff + i]);
            }
            case TANH -> {
                for (; i < bound; i += L) {
                    FloatVector vy = FloatVector.fromArray(S, y, yOff + i);
                    FloatVector vg = FloatVector.fromArray(S, g, gOff + i);
                    vg.mul(vy.mul(vy).neg().add(1f)).intoArray(gz, gzOff + i);
                }
                for (; i < n; i++) gz[gzOff + i] = g[gOff + i] * (1 - y[yOff + i] * y[yOff + i]);
            }
        }
    }

    /**
     * {@code out[j] += sum over rows of x[r, j]} for a contiguous rows×cols block. With fewer columns than a vector
     * (a convolution's 6 filters), the block is summed as flat vectors instead: L rows make cols whole vectors,
     * and lane e of the j-th of them always belongs to column (j·L + e) mod cols.
     */
    public static void columnSumAccumulate(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        if (cols >= L || rows < 2 * L) {
            for (int r = 0; r < rows; r++)
                Elementwise.reduce(ReduceOp.SUM, x, xOff + r * cols, 1, out, outOff, 1, cols);
            return;
        }
        int chunk = cols * L, chunks = rows / L;
        float[] lanes = new float[chunk];
        for (int j = 0; j < cols; j++) {
            FloatVector acc = FloatVector.zero(S);
            for (int b = 0, o = xOff + j * L; b < chunks; b++, o += chunk)
                acc = acc.add(FloatVector.fromArray(S, x, o));
            acc.intoArray(lanes, j * L);
        }
        for (int e = 0; e < chunk; e++) out[outOff + e % cols] += lanes[e];
        for (int r = chunks * L; r < rows; r++)
            Elementwise.reduce(ReduceOp.SUM, x, xOff + r * cols, 1, out, outOff, 1, cols);
    }

    /**
     * Row-wise softmax of a contiguous rows×cols block into {@code p}, and each row's log-sum-exp into
     * {@code lse} when it is not null. Each row is shifted by its max before exponentiation so large logits do
     * not overflow.
     */
    public static void softmaxRows(float[] x, int xOff, int rows, int cols, float[] p, int pOff, float[] lse) {
        float[] m = new float[1];
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols, pb = pOff + r * cols;
            m[0] = Float.NEGATIVE_INFINITY;
            Elementwise.reduce(ReduceOp.MAX, x, xb, 1, m, 0, 0, cols);
            float max = m[0];
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[xb + j] - max);
                p[pb + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            Elementwise.scale(cols, inv, p, pb);
            if (lse != null) lse[r] = max + (float) Math.log(sum);
        }
    }
}
