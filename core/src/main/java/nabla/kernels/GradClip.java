package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Gradient-clipping loops over the index range [from, to) of a contiguous gradient array. */
public final class GradClip {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;
    /** Elements summed in float lanes before the partial sum moves to double (64 per lane: float error ~1e-6 relative). */
    private static final int BLOCK = 1024;

    private GradClip() {}

    /** Σ x[i]² over [from, to), returned in double: float lanes within blocks of 1024, blocks added in double. */
    public static double sumOfSquares(float[] x, int from, int to) {
        double total = 0;
        int i = from;
        while (to - i >= BLOCK) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = i + BLOCK; i < end; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                acc = v.fma(v, acc);
            }
            total += Elementwise.addLanes(acc);
        }
        for (; i < to; i++) total += (double) x[i] * x[i];
        return total;
    }

    /** Clamps x[from, to) to [−limit, limit] in place. */
    public static void clamp(float[] x, int from, int to, float limit) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        float lo = -limit;
        for (; i < bound; i += L)
            FloatVector.fromArray(S, x, i).max(lo).min(limit).intoArray(x, i);
        for (; i < to; i++) x[i] = Math.max(lo, Math.min(limit, x[i]));
    }
}
