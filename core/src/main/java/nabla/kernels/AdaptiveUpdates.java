package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized in-place updates of the adaptive optimizers (Adagrad, RMSprop, Adadelta, AMSGrad, Nadam) over the index
 * range [from, to) of contiguous weight, gradient and slot arrays, in Keras 3's formulas (callers split large
 * parameters over cores with {@link Parallel#forRange}). SGD and Adam are in {@link Updates}.
 */
public final class AdaptiveUpdates {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;

    private AdaptiveUpdates() {}

    /** Adagrad: {@code acc += g²; w −= lr·g / √(acc + ε)} (ε inside the root, as Keras). */
    public static void adagrad(float[] w, float[] g, float[] acc, int from, int to, float lr, float eps) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += L) {
            FloatVector vg = FloatVector.fromArray(S, g, i);
            FloatVector va = vg.fma(vg, FloatVector.fromArray(S, acc, i));
            va.intoArray(acc, i);
            FloatVector.fromArray(S, w, i)
                    .sub(vg.mul(lr).div(va.add(eps).sqrt()))
                    .intoArray(w, i);
        }
        for (; i < to; i++) {
            acc[i] += g[i] * g[i];
            w[i] -= lr * g[i] / (float) Math.sqrt(acc[i] + eps);
        }
    }

    /**
     * RMSprop: {@code v = ρv + (1−ρ)g²}; centered: {@code mg = ρ·mg + (1−ρ)g, den = v − mg² + ε}, else
     * {@code den = v + ε}; {@code inc = lr·g/√den}; with momentum ({@code mom != null}): {@code mom = μ·mom + inc;
     * w −= mom}, else {@code w −= inc}. {@code mg == null} means not centered.
     */
    public static void rmsprop(
            float[] w,
            float[] g,
            float[] v,
            float[] mg,
            float[] mom,
            int from,
            int to,
            float lr,
            float rho,
            float momentum,
            float eps) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        float c = 1 - rho;
        boolean centered = mg != null, withMomentum = mom != null;
        for (; i < bound; i += L) {
            FloatVector vg = FloatVector.fromArray(S, g, i);
            FloatVector vv =
                    FloatVector.fromArray(S, v, i).mul(rho).add(vg.mul(vg).mul(c));
            vv.intoArray(v, i);
            FloatVector den = vv;
            if (centered) {
                FloatVector vm = FloatVector.fromArray(S, mg, i).mul(rho).add(vg.mul(c));
                vm.intoArray(mg, i);
                den = den.sub(vm.mul(vm));
            }
            FloatVector inc = vg.mul(lr).div(den.add(eps).sqrt());
            if (withMomentum) {
                inc = FloatVector.fromArray(S, mom, i).mul(momentum).add(inc);
                inc.intoArray(mom, i);
            }
            FloatVector.fromArray(S, w, i).sub(inc).intoArray(w, i);
        }
        for (; i < to; i++) {
            v[i] = rho * v[i] + c * g[i] * g[i];
            float den = v[i];
            if (centered) {
                mg[i] = rho * mg[i] + c * g[i];
                den -= mg[i] * mg[i];
            }
            float inc = lr * g[i] / (float) Math.sqrt(den + eps);
            if (withMomentum) inc = mom[i] = momentum * mom[i] + inc;
            w[i] -= inc;
        }
    }

    /**
     * Adadelta: {@code ag = ρ·ag + (1−ρ)g²; d = −√(ad + ε)/√(ag + ε)·g; ad = ρ·ad + (1−ρ)d²; w += lr·d}.
     */
    public static void adadelta(
            float[] w, float[] g, float[] ag, float[] ad, int from, int to, float lr, float rho, float eps) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        float c = 1 - rho;
        for (; i < bound; i += L) {
            FloatVector vg = FloatVector.fromArray(S, g, i);
            FloatVector va =
                    FloatVector.fromArray(S, ag, i).mul(rho).add(vg.mul(vg).mul(c));
            va.intoArray(ag, i);
            FloatVector vd = FloatVector.fromArray(S, ad, i);
            FloatVector d = vd.add(eps).sqrt().div(va.add(eps).sqrt()).mul(vg).neg();
            vd.mul(rho).add(d.mul(d).mul(c)).intoArray(ad, i);
            FloatVector.fromArray(S, w, i).add(d.mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            ag[i] = rho * ag[i] + c * g[i] * g[i];
            float d = -(float) Math.sqrt(ad[i] + eps) / (float) Math.sqrt(ag[i] + eps) * g[i];
            ad[i] = rho * ad[i] + c * d * d;
            w[i] += lr * d;
        }
    }

    /**
     * Adam with AMSGrad, as Keras: {@code m = β1·m + (1−β1)g; v = β2·v + (1−β2)g²; vMax = max(vMax, v);
     * w −= lrT·m/(√vMax + ε)} with {@code lrT = lr·√(1−β2^t)/(1−β1^t)} from the caller.
     */
    public static void amsgrad(
            float[] w,
            float[] g,
            float[] m,
            float[] v,
            float[] vMax,
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
            FloatVector vx = FloatVector.fromArray(S, vMax, i).max(vv);
            vm.intoArray(m, i);
            vv.intoArray(v, i);
            vx.intoArray(vMax, i);
            FloatVector.fromArray(S, w, i)
                    .sub(vm.mul(lrT).div(vx.sqrt().add(eps)))
                    .intoArray(w, i);
        }
        for (; i < to; i++) {
            m[i] = beta1 * m[i] + c1 * g[i];
            v[i] = beta2 * v[i] + c2 * g[i] * g[i];
            vMax[i] = Math.max(vMax[i], v[i]);
            w[i] -= lrT * m[i] / ((float) Math.sqrt(vMax[i]) + eps);
        }
    }

    /**
     * Nadam in Keras 3's form: {@code m = β1·m + (1−β1)g; v = β2·v + (1−β2)g²;
     * w −= lr·(cM·m + cG·g)/(√(v·invBc2) + ε)}, where the caller computes {@code cM = μ(t+1)/(1−Πμ(1..t+1))},
     * {@code cG = (1−μ(t))/(1−Πμ(1..t))} and {@code invBc2 = 1/(1−β2^t)}.
     */
    public static void nadam(
            float[] w,
            float[] g,
            float[] m,
            float[] v,
            int from,
            int to,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float cM,
            float cG,
            float invBc2) {
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
            FloatVector num = vm.mul(cM).add(vg.mul(cG)).mul(lr);
            FloatVector.fromArray(S, w, i)
                    .sub(num.div(vv.mul(invBc2).sqrt().add(eps)))
                    .intoArray(w, i);
        }
        for (; i < to; i++) {
            m[i] = beta1 * m[i] + c1 * g[i];
            v[i] = beta2 * v[i] + c2 * g[i] * g[i];
            w[i] -= lr * (cM * m[i] + cG * g[i]) / ((float) Math.sqrt(v[i] * invBc2) + eps);
        }
    }
}
