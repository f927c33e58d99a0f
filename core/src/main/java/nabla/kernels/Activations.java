package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized loops for the {@link ActFn} activations, PReLU and the maxout group maximum, over contiguous
 * rows. Forward: {@code y = f(x)}; backward: {@code gx = g · f'(x)} (from the input x). One loop per
 * activation with its operators fixed in the code (see {@link Elementwise}); tails are scalar.
 */
public final class Activations {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;

    private Activations() {}

    /** {@code y[yo+i] = f(x[xo+i])} for i in [0, n). */
    public static void forward(ActFn f, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = switch (f) {
            case ELU -> eluForward(alpha, 1f, x, xo, y, yo, n);
            case SELU -> eluForward(ActFn.SELU_ALPHA, ActFn.SELU_SCALE, x, xo, y, yo, n);
            case SOFTPLUS -> softplusForward(x, xo, y, yo, n);
            case SOFTSIGN -> softsignForward(x, xo, y, yo, n);
            case HARD_SIGMOID -> hardSigmoidForward(x, xo, y, yo, n);
            case SWISH -> swishForward(x, xo, y, yo, n);
            case LEAKY_RELU -> leakyForward(alpha, x, xo, y, yo, n);
            case GELU -> geluForward(x, xo, y, yo, n);
        };
        for (; i < n; i++) y[yo + i] = f.apply(x[xo + i], alpha);
    }

    /** {@code gx[gxo+i] = g[go+i] · f'(x[xo+i])} for i in [0, n). */
    public static void backward(
            ActFn f, float alpha, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = switch (f) {
            case ELU -> eluBackward(alpha, 1f, x, xo, g, go, gx, gxo, n);
            case SELU -> eluBackward(ActFn.SELU_ALPHA, ActFn.SELU_SCALE, x, xo, g, go, gx, gxo, n);
            case SOFTPLUS -> softplusBackward(x, xo, g, go, gx, gxo, n);
            case SOFTSIGN -> softsignBackward(x, xo, g, go, gx, gxo, n);
            case HARD_SIGMOID -> hardSigmoidBackward(x, xo, g, go, gx, gxo, n);
            case SWISH -> swishBackward(x, xo, g, go, gx, gxo, n);
            case LEAKY_RELU -> leakyBackward(alpha, x, xo, g, go, gx, gxo, n);
            case GELU -> geluBackward(x, xo, g, go, gx, gxo, n);
        };
        for (; i < n; i++) gx[gxo + i] = g[go + i] * f.derivative(x[xo + i], alpha);
    }

    private static int eluForward(float alpha, float scale, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector neg = VMath.exp(v).sub(1f).mul(alpha);
            v.blend(neg, v.compare(VectorOperators.LE, 0f)).mul(scale).intoArray(y, yo + i);
        }
        return i;
    }

    private static int eluBackward(
            float alpha, float scale, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector vg = FloatVector.fromArray(S, g, go + i).mul(scale);
            FloatVector neg = vg.mul(VMath.exp(v).mul(alpha));
            vg.blend(neg, v.compare(VectorOperators.LE, 0f)).intoArray(gx, gxo + i);
        }
        return i;
    }

    private static int softplusForward(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector t = VMath.exp(v.abs().neg()).lanewise(VectorOperators.LOG1P);
            v.max(0f).add(t).intoArray(y, yo + i);
        }
        return i;
    }

    private static int softplusBackward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) {
            FloatVector e = VMath.exp(FloatVector.fromArray(S, x, xo + i).neg());
            FloatVector.fromArray(S, g, go + i).div(e.add(one)).intoArray(gx, gxo + i);
        }
        return i;
    }

    private static int softsignForward(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.div(v.abs().add(1f)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int softsignBackward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).abs().add(1f);
            FloatVector.fromArray(S, g, go + i).div(d.mul(d)).intoArray(gx, gxo + i);
        }
        return i;
    }

    private static int hardSigmoidForward(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            FloatVector.fromArray(S, x, xo + i)
                    .mul(1f / 6f)
                    .add(0.5f)
                    .max(0f)
                    .min(1f)
                    .intoArray(y, yo + i);
        return i;
    }

    private static int hardSigmoidBackward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> out = v.compare(VectorOperators.LE, -3f).or(v.compare(VectorOperators.GE, 3f));
            FloatVector.fromArray(S, g, go + i).mul(1f / 6f).blend(zero, out).intoArray(gx, gxo + i);
        }
        return i;
    }

    private static int swishForward(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.div(VMath.exp(v.neg()).add(one)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int swishBackward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector s = one.div(VMath.exp(v.neg()).add(one));
            FloatVector d = s.mul(v.mul(one.sub(s)).add(one)); // s·(1 + x·(1 − s))
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(gx, gxo + i);
        }
        return i;
    }

    private static int leakyForward(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.blend(v.mul(alpha), v.compare(VectorOperators.LE, 0f)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int leakyBackward(float alpha, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector vg = FloatVector.fromArray(S, g, go + i);
            vg.blend(vg.mul(alpha), v.compare(VectorOperators.LE, 0f)).intoArray(gx, gxo + i);
        }
        return i;
    }

    /** Φ(x) = (1 + erf(x/√2)) / 2, vectorized as {@link ActFn#erf}. */
    private static FloatVector phi(FloatVector v) {
        FloatVector u = v.mul(ActFn.INV_SQRT2);
        FloatVector z = u.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.mul(ActFn.ERF_P).add(1f));
        FloatVector poly = t.mul(ActFn.A5)
                .add(ActFn.A4)
                .mul(t)
                .add(ActFn.A3)
                .mul(t)
                .add(ActFn.A2)
                .mul(t)
                .add(ActFn.A1)
                .mul(t);
        FloatVector e = poly.mul(VMath.exp(z.mul(z).neg())).neg().add(1f);
        FloatVector erf = e.blend(e.neg(), u.compare(VectorOperators.LT, 0f));
        return erf.add(1f).mul(0.5f);
    }

    private static int geluForward(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(phi(v)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int geluBackward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector density = VMath.exp(v.mul(v).mul(-0.5f)).mul(ActFn.INV_SQRT_2PI);
            FloatVector d = phi(v).add(v.mul(density));
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(gx, gxo + i);
        }
        return i;
    }

    /** PReLU on one row of m: {@code y = x > 0 ? x : a·x} with a per-element slope row a. */
    public static void preluForward(float[] x, int xo, float[] a, int ao, float[] y, int yo, int m) {
        int i = 0, bound = S.loopBound(m);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.blend(v.mul(FloatVector.fromArray(S, a, ao + i)), v.compare(VectorOperators.LE, 0f))
                    .intoArray(y, yo + i);
        }
        for (; i < m; i++) {
            float v = x[xo + i];
            y[yo + i] = v > 0 ? v : a[ao + i] * v;
        }
    }

    /**
     * PReLU backward on one row of m: {@code gx = x > 0 ? g : a·g} and {@code ga += x > 0 ? 0 : g·x}.
     */
    public static void preluBackward(
            float[] x, int xo, float[] a, int ao, float[] g, int go, float[] gx, int gxo, float[] ga, int gao, int m) {
        int i = 0, bound = S.loopBound(m);
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector vg = FloatVector.fromArray(S, g, go + i);
            VectorMask<Float> neg = v.compare(VectorOperators.LE, 0f);
            vg.blend(vg.mul(FloatVector.fromArray(S, a, ao + i)), neg).intoArray(gx, gxo + i);
            FloatVector.fromArray(S, ga, gao + i)
                    .add(zero.blend(vg.mul(v), neg))
                    .intoArray(ga, gao + i);
        }
        for (; i < m; i++) {
            float v = x[xo + i], gv = g[go + i];
            if (v > 0) gx[gxo + i] = gv;
            else {
                gx[gxo + i] = a[ao + i] * gv;
                ga[gao + i] += gv * v;
            }
        }
    }

    /**
     * Maximum over consecutive groups of {@code pieces}: {@code y[r] = max_j x[r·pieces + j]} for r in [0, groups),
     * with the winning index (first on ties) in {@code arg[r]}.
     */
    public static void groupMax(float[] x, int xo, int groups, int pieces, float[] y, int[] arg) {
        for (int r = 0; r < groups; r++) {
            int base = xo + r * pieces;
            int best = 0;
            float m = x[base];
            for (int j = 1; j < pieces; j++) {
                if (x[base + j] > m) {
                    m = x[base + j];
                    best = j;
                }
            }
            y[r] = m;
            arg[r] = r * pieces + best;
        }
    }
}
