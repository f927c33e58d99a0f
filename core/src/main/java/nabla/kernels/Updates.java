package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized in-place optimizer updates over the index range [from, to) of contiguous weight, gradient and
 * slot arrays (callers split large parameters over cores with {@link Parallel#forRange}).
 */
public final class Updates {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;

    private Updates() {}

    /**
     * SGD with (optionally Nesterov) momentum in Keras' form: {@code v = μ·v − lr·g; w += v} or, for Nesterov,
     * {@code w += μ·v − lr·g}. With {@code v == null}, plain {@code w −= lr·g}.
     */
    public static void sgd(
            float[] w, float[] g, float[] v, int from, int to, float lr, float momentum, boolean nesterov) {
        if (v == null) {
            Elementwise.axpy(to - from, -lr, g, from, w, from);
            return;
        }
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += L) {
            FloatVector vg = FloatVector.fromArray(S, g, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(momentum).sub(vg.mul(lr));
            vv.intoArray(v, i);
            FloatVector step = nesterov ? vv.mul(momentum).sub(vg.mul(lr)) : vv;
            FloatVector.fromArray(S, w, i).add(step).intoArray(w, i);
        }
        for (; i < to; i++) {
            v[i] = momentum * v[i] - lr * g[i];
            w[i] += nesterov ? momentum * v[i] - lr * g[i] : v[i];
        }
    }

    /**
     * Adam (Kingma and Ba 2015) as Keras writes it: {@code m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
     * w −= lrT · m / (√v + ε)} with {@code lrT = lr·√(1−β2^t)/(1−β1^t)} computed by the caller.
     */
    public static void adam(
            float[] w,
            float[] g,
            float[] m,
            float[] v,
            int from,
            int to,
            float lrT,
            float beta1,
            float beta2,
            float eps) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        float c1 = 1 - beta1, c2 = 1 - beta2;
        for (; i < bound; i += L) {
            FloatVector vg = FloatVector.fromArray(S, g, i);
            FloatVector vm = FloatVector.fromArray(S, m, i).mul(beta1).add(vg.mul(c1));
            FloatVector vv =
                    FloatVector.fromArray(S, v, i).mul(beta2).add(vg.mul(vg).mul(c2));
            vm.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector.fromArray(S, w, i)
                    .sub(vm.mul(lrT).div(vv.sqrt().add(eps)))
                    .intoArray(w, i);
        }
        for (; i < to; i++) {
            m[i] = beta1 * m[i] + c1 * g[i];
            v[i] = beta2 * v[i] + c2 * g[i] * g[i];
            w[i] -= lrT * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
