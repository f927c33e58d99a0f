package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector exp, tanh and sigmoid built only from IEEE-exact operations (+, ×, fma, compares, bit shifts), so
 * every JIT tier gives the same bits. {@code VectorOperators.EXP/TANH} give an SVML result once C2 has
 * compiled the loop and a Java fallback before, which differ by an ulp: the same seed then did not always
 * give the same run. Accuracy: about 2 ulp (Cephes' expf and tanhf polynomials).
 */
public final class VMath {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** exp overflows float above this and underflows to denormals below the lower bound. */
    private static final float MAX_X = 88.3762626647949f, MIN_X = -87.3365447505f;

    private VMath() {}

    /** e^x lanewise; inputs are clamped to [-87.34, 88.38], so it never returns inf or 0. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(MIN_X).min(MAX_X);
        // x = n·ln2 + r with n = floor(x·log2(e) + 1/2), |r| <= ln2/2
        FloatVector fx = x.fma(LOG2E, 0.5f);
        FloatVector t = (FloatVector) fx.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
        t = t.sub(1f, t.compare(VectorOperators.GT, fx)); // truncation rounds up for negatives: floor
        FloatVector r = x.sub(t.mul(LN2_HI)).sub(t.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = madd(p, r, 1.3981999507e-3f);
        p = madd(p, r, 8.3334519073e-3f);
        p = madd(p, r, 4.1665795894e-2f);
        p = madd(p, r, 1.6666665459e-1f);
        p = madd(p, r, 5.0000001201e-1f);
        FloatVector y = p.mul(r).fma(r, r).add(1f);
        IntVector n = (IntVector) t.convert(VectorOperators.F2I, 0);
        FloatVector pow2 = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(pow2);
    }

    /** tanh lanewise: an odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) with the sign restored otherwise. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector q = FloatVector.broadcast(S, -5.70498872745e-3f);
        q = madd(q, z, 2.06390887954e-2f);
        q = madd(q, z, -5.37397155531e-2f);
        q = madd(q, z, 1.33314422036e-1f);
        q = madd(q, z, -3.33332819422e-1f);
        FloatVector small = q.mul(z).fma(x, x);
        FloatVector e = exp(ax.mul(2f));
        FloatVector large =
                FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        VectorMask<Float> useSmall = ax.compare(VectorOperators.LT, 0.625f);
        return large.blend(small, useSmall);
    }

    /** p·r + c. */
    private static FloatVector madd(FloatVector p, FloatVector r, float c) {
        return p.fma(r, FloatVector.broadcast(S, c));
    }

    /** 1 / (1 + e^{−x}) lanewise. */
    public static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }
}
