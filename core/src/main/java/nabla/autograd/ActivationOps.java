package nabla.autograd;

import nabla.kernels.ActFn;
import nabla.kernels.Activations;
import nabla.kernels.Parallel;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Differentiable activations beyond relu/sigmoid/tanh ({@link ActFn}: ELU, SELU, softplus, softsign,
 * hard sigmoid, swish, leaky ReLU, GELU), PReLU with a learned slope, and the maxout group maximum. Forward and
 * backward run the vector loops of {@link Activations}, split over cores above {@value #GRAIN} elements.
 */
public final class ActivationOps {
    /** Elements per task when an elementwise activation is split over cores (smaller ones run on one core). */
    static final int GRAIN = 1 << 15;

    private ActivationOps() {}

    /** {@code f(x)} elementwise; {@code alpha} is the ELU / leaky ReLU parameter (ignored by the others). */
    static Tensor apply(ActFn f, float alpha, Tensor x) {
        NDArray xv = x.value().contiguous();
        float[] xd = xv.data();
        int xo = xv.offset(), n = xv.size();
        float[] y = new float[n];
        Parallel.forRange(n, GRAIN, (a, b) -> Activations.forward(f, alpha, xd, xo + a, y, a, b - a));
        return Tensor.fromOp(f.name().toLowerCase(), NDArray.wrap(y, x.shape()), g -> {
            NDArray gc = g.contiguous();
            float[] gd = gc.data();
            int go = gc.offset();
            float[] gx = new float[n];
            Parallel.forRange(n, GRAIN, (a, b) -> Activations.backward(f, alpha, xd, xo + a, gd, go + a, gx, a, b - a));
            x.accumulate(NDArray.wrap(gx, x.shape()), true);
        }, x);
    }

    /** ELU: x for x &gt; 0, alpha·(eˣ − 1) otherwise (Keras default alpha 1). */
    public static Tensor elu(Tensor x, float alpha) {
        return apply(ActFn.ELU, alpha, x);
    }

    public static Tensor selu(Tensor x) {
        return apply(ActFn.SELU, 0f, x);
    }

    public static Tensor softplus(Tensor x) {
        return apply(ActFn.SOFTPLUS, 0f, x);
    }

    public static Tensor softsign(Tensor x) {
        return apply(ActFn.SOFTSIGN, 0f, x);
    }

    /** Keras 3's hard sigmoid, relu6(x + 3) / 6. */
    public static Tensor hardSigmoid(Tensor x) {
        return apply(ActFn.HARD_SIGMOID, 0f, x);
    }

    /** x·sigmoid(x) (swish, SiLU). */
    public static Tensor swish(Tensor x) {
        return apply(ActFn.SWISH, 0f, x);
    }

    /** x for x &gt; 0, slope·x otherwise. */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return apply(ActFn.LEAKY_RELU, negativeSlope, x);
    }

    /** x·Φ(x), exact (erf) form. */
    public static Tensor gelu(Tensor x) {
        return apply(ActFn.GELU, 0f, x);
    }

    /**
     * PReLU: {@code x > 0 ? x : alpha·x} for x (batch, ...) and a slope alpha that broadcasts to x's per-sample
     * shape (e.g. the whole sample shape, or 1 on shared axes). The slope's gradient is summed over the batch
     * and over broadcast axes.
     */
    public static Tensor prelu(Tensor x, Tensor alpha) {
        Shape sample = x.shape().dropFirst();
        NDArray av = alpha.value().broadcastTo(sample).contiguous();
        NDArray xv = x.value().contiguous();
        float[] xd = xv.data(), ad = av.data();
        int xo = xv.offset(), ao = av.offset(), rows = x.dim(0), m = sample.size();
        float[] y = new float[rows * m];
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, m)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) Activations.preluForward(xd, xo + r * m, ad, ao, y, r * m, m);
        });
        return Tensor.fromOp("prelu", NDArray.wrap(y, x.shape()), g -> {
            NDArray gc = g.contiguous();
            float[] gx = new float[rows * m], ga = new float[m];
            for (int r = 0; r < rows; r++) Activations.preluBackward(xd, xo + r * m, ad, ao, gc.data(), gc.offset() + r * m, gx, r * m, ga, 0, m);
            x.accumulate(NDArray.wrap(gx, x.shape()), true);
            if (alpha.requiresGrad()) alpha.accumulate(NDArray.wrap(ga, sample), true);
        }, x, alpha);
    }

    /**
     * Maxout's maximum over groups: x (..., units·pieces) to (..., units), where unit u takes the maximum of
     * x[..., u·pieces .. u·pieces + pieces). The gradient goes to the winning piece only (the first on ties).
     */
    public static Tensor groupMax(Tensor x, int pieces) {
        int last = x.shape().last();
        if (pieces < 1 || last % pieces != 0)
            throw new IllegalArgumentException("groupMax: the last axis " + last + " of " + x.shape() + " is not a multiple of pieces=" + pieces);
        NDArray xv = x.value().contiguous();
        int groups = xv.size() / pieces;
        float[] y = new float[groups];
        int[] arg = new int[groups];
        Activations.groupMax(xv.data(), xv.offset(), groups, pieces, y, arg);
        Shape out = x.shape().with(-1, last / pieces);
        return Tensor.fromOp("groupMax", NDArray.wrap(y, out), g -> {
            float[] gd = g.contiguous().toArray();
            float[] gx = new float[groups * pieces];
            for (int r = 0; r < groups; r++) gx[arg[r]] = gd[r];
            x.accumulate(NDArray.wrap(gx, x.shape()), true);
        }, x);
    }
}
