package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized elementwise loops over one row of {@code n} elements. Input strides may be 0 (broadcast) or any
 * step; the output is always contiguous. The op is switched on once per row, never per element.
 */
public final class Elementwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * The sum of {@code v}'s lanes in lane order. {@code reduceLanes(ADD)} leaves the order of the float additions to
     * the implementation, and HotSpot's interpreted and compiled code use different orders, so a result would depend
     * on when the JIT compiled the caller: runs would not repeat bit for bit. Reductions here are once per row, so
     * the fixed order costs nothing measurable.
     */
    static float addLanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < L; l++) s += v.lane(l);
        return s;
    }

    private Elementwise() {}

    /**
     * {@code o[oo+i] = op(a[ao+i*as], b[bo+i*bs])} for i in [0, n). Each vectorized op has its own loop with
     * the operator fixed in the code: C2 only intrinsifies Vector API calls whose operator is a constant, and
     * a loop over a variable operator runs the (boxing, ~100x slower) Java fallback.
     */
    public static void binary(
            BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0;
        if ((as == 1 || as == 0) && (bs == 1 || bs == 0) && n >= L) {
            i = switch (op) {
                case ADD -> addRows(a, ao, as, b, bo, bs, o, oo, n);
                case SUB -> subRows(a, ao, as, b, bo, bs, o, oo, n);
                case MUL -> mulRows(a, ao, as, b, bo, bs, o, oo, n);
                case DIV -> divRows(a, ao, as, b, bo, bs, o, oo, n);
                case MAX -> maxRows(a, ao, as, b, bo, bs, o, oo, n);
                case MIN -> minRows(a, ao, as, b, bo, bs, o, oo, n);
                default -> 0;
            };
        }
        for (; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    private static int addRows(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i)
                        .add(FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).add(vb).intoArray(o, oo + i);
        } else if (bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L)
                va.add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int subRows(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i)
                        .sub(FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).sub(vb).intoArray(o, oo + i);
        } else if (bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L)
                va.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int mulRows(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i)
                        .mul(FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).mul(vb).intoArray(o, oo + i);
        } else if (bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L)
                va.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int divRows(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i)
                        .div(FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).div(vb).intoArray(o, oo + i);
        } else if (bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L)
                va.div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int maxRows(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i)
                        .max(FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).max(vb).intoArray(o, oo + i);
        } else if (bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L)
                va.max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int minRows(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i)
                        .min(FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).min(vb).intoArray(o, oo + i);
        } else if (bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L)
                va.min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    /** {@code o[oo+i] = op(x[xo+i*xs])} for i in [0, n). */
    public static void unary(UnaryOp op, float[] x, int xo, int xs, float[] o, int oo, int n) {
        int i = 0;
        if (xs == 1) {
            int bound = S.loopBound(n);
            switch (op) {
                case NEG -> {
                    for (; i < bound; i += L)
                        FloatVector.fromArray(S, x, xo + i).neg().intoArray(o, oo + i);
                }
                case ABS -> {
                    for (; i < bound; i += L)
                        FloatVector.fromArray(S, x, xo + i).abs().intoArray(o, oo + i);
                }
                case SQRT -> {
                    for (; i < bound; i += L)
                        FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(o, oo + i);
                }
                case SQUARE -> {
                    for (; i < bound; i += L) {
                        FloatVector v = FloatVector.fromArray(S, x, xo + i);
                        v.mul(v).intoArray(o, oo + i);
                    }
                }
                case RELU -> {
                    for (; i < bound; i += L)
                        FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(o, oo + i);
                }
                case EXP -> {
                    for (; i < bound; i += L)
                        VMath.exp(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
                }
                case TANH -> {
                    for (; i < bound; i += L)
                        VMath.tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
                }
                case SIGMOID -> {
                    for (; i < bound; i += L)
                        VMath.sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
                }
                default -> {}
            }
        }
        for (; i < n; i++) o[oo + i] = op.apply(x[xo + i * xs]);
    }

    /**
     * Accumulating reduction of a row: if {@code os == 0}, {@code o[oo] = op(o[oo], x[...])} over the row;
     * otherwise {@code o[oo+i*os] = op(o[oo+i*os], x[xo+i*xs])} elementwise. (One loop per operator, as in
     * {@link #binary}.)
     */
    public static void reduce(ReduceOp op, float[] x, int xo, int xs, float[] o, int oo, int os, int n) {
        int i = 0;
        if (os == 0) {
            float acc = o[oo];
            if (xs == 1 && n >= 2 * L) {
                int bound = S.loopBound(n);
                switch (op) {
                    case SUM -> {
                        FloatVector v = FloatVector.zero(S);
                        for (; i < bound; i += L) v = v.add(FloatVector.fromArray(S, x, xo + i));
                        acc += addLanes(v);
                    }
                    case MAX -> {
                        FloatVector v = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                        for (; i < bound; i += L) v = v.max(FloatVector.fromArray(S, x, xo + i));
                        acc = Math.max(acc, v.reduceLanes(VectorOperators.MAX));
                    }
                    case MIN -> {
                        FloatVector v = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                        for (; i < bound; i += L) v = v.min(FloatVector.fromArray(S, x, xo + i));
                        acc = Math.min(acc, v.reduceLanes(VectorOperators.MIN));
                    }
                }
            }
            for (; i < n; i++) acc = op.apply(acc, x[xo + i * xs]);
            o[oo] = acc;
            return;
        }
        if (xs == 1 && os == 1) {
            i = switch (op) {
                case SUM -> addRows(o, oo, 1, x, xo, 1, o, oo, n);
                case MAX -> maxRows(o, oo, 1, x, xo, 1, o, oo, n);
                case MIN -> minRows(o, oo, 1, x, xo, 1, o, oo, n);
            };
        }
        for (; i < n; i++) o[oo + i * os] = op.apply(o[oo + i * os], x[xo + i * xs]);
    }

    /** {@code y[yo+i] += alpha * x[xo+i]}. */
    public static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += L)
            FloatVector.fromArray(S, x, xo + i)
                    .fma(va, FloatVector.fromArray(S, y, yo + i))
                    .intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    /** {@code x[xo+i] *= alpha}. */
    public static void scale(int n, float alpha, float[] x, int xo) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
        for (; i < n; i++) x[xo + i] *= alpha;
    }

    /** Sum of {@code x[xo .. xo+n)}, accumulated in float lanes. */
    public static float sum(float[] x, int xo, int n) {
        float[] acc = {0f};
        reduce(ReduceOp.SUM, x, xo, 1, acc, 0, 0, n);
        return acc[0];
    }

    /** Dot product of two contiguous rows. */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += L)
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        float s = addLanes(acc);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }
}
