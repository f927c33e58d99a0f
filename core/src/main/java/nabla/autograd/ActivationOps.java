package nabla.autograd;

import nabla.kernels.ActFn;
import nabla.kernels.Activations;
import nabla.kernels.Parallel;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Differentiable activations beyond relu/sigmoid/tanh (ELU, SELU, softplus, softsign, hard sigmoid, swish, leaky
 * ReLU, GELU), PReLU with a learned slope, and the maxout group maximum. Each is one graph node, elementwise on
 * any shape unless stated; the results are new arrays. Forward and backward run vectorized kernels, split over
 * cores above {@value #GRAIN} elements. {@link Activation#apply} calls these for the activations it names.
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
        return Tensor.fromOp(
                f.name().toLowerCase(),
                NDArray.wrap(y, x.shape()),
                g -> {
                    NDArray gc = g.contiguous();
                    float[] gd = gc.data();
                    int go = gc.offset();
                    float[] gx = new float[n];
                    Parallel.forRange(
                            n, GRAIN, (a, b) -> Activations.backward(f, alpha, xd, xo + a, gd, go + a, gx, a, b - a));
                    x.accumulate(NDArray.wrap(gx, x.shape()), true);
                },
                x);
    }

    /**
     * ELU: x for x &gt; 0, alpha·(eˣ − 1) otherwise (Keras' and PyTorch's default alpha is 1).
     *
     * @param x the input
     * @param alpha the negative-side scale: elu(x) tends to −alpha as x → −∞
     * @return elu(x)
     */
    public static Tensor elu(Tensor x, float alpha) {
        return apply(ActFn.ELU, alpha, x);
    }

    /**
     * SELU: scale·elu(x, alpha) with the self-normalizing constants of Klambauer et al. (2017), alpha ≈ 1.6733 and
     * scale ≈ 1.0507, as Keras' and PyTorch's {@code selu}.
     *
     * @param x the input
     * @return selu(x)
     */
    public static Tensor selu(Tensor x) {
        return apply(ActFn.SELU, 0f, x);
    }

    /**
     * Softplus: log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so that it never overflows.
     *
     * @param x the input
     * @return softplus(x)
     */
    public static Tensor softplus(Tensor x) {
        return apply(ActFn.SOFTPLUS, 0f, x);
    }

    /**
     * Softsign: x / (1 + |x|).
     *
     * @param x the input
     * @return softsign(x)
     */
    public static Tensor softsign(Tensor x) {
        return apply(ActFn.SOFTSIGN, 0f, x);
    }

    /**
     * Keras 3's hard sigmoid, relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1), as PyTorch's {@code hardsigmoid} (Keras 2
     * used clip(0.2·x + 0.5, 0, 1)).
     *
     * @param x the input
     * @return the hard sigmoid of x
     */
    public static Tensor hardSigmoid(Tensor x) {
        return apply(ActFn.HARD_SIGMOID, 0f, x);
    }

    /**
     * x·sigmoid(x) (swish, SiLU), as Keras' {@code swish}/{@code silu} and PyTorch's {@code silu}.
     *
     * @param x the input
     * @return swish(x)
     */
    public static Tensor swish(Tensor x) {
        return apply(ActFn.SWISH, 0f, x);
    }

    /**
     * Leaky ReLU: x for x &gt; 0, negativeSlope·x otherwise.
     *
     * @param x the input
     * @param negativeSlope the slope for x ≤ 0 (Keras' {@code leaky_relu} activation uses 0.2, its {@code LeakyReLU}
     *     layer 0.3, PyTorch 0.01)
     * @return the leaky ReLU of x
     */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return apply(ActFn.LEAKY_RELU, negativeSlope, x);
    }

    /**
     * GELU, x·Φ(x) with Φ the standard normal CDF, in the exact (erf) form rather than the tanh approximation,
     * as Keras' default ({@code approximate=False}) and PyTorch's {@code gelu}. erf is evaluated by a polynomial
     * (Abramowitz-Stegun 7.1.26, absolute error below 1.5e-7).
     *
     * @param x the input
     * @return gelu(x)
     */
    public static Tensor gelu(Tensor x) {
        return apply(ActFn.GELU, 0f, x);
    }

    /**
     * PReLU: {@code x > 0 ? x : alpha·x} for x (batch, ...) and a slope alpha that broadcasts to x's per-sample
     * shape (e.g. the whole sample shape, or 1 on shared axes). The slope's gradient is summed over the batch
     * and over broadcast axes.
     *
     * @param x the input (batch, ...)
     * @param alpha the learned slopes, broadcastable to x's shape without the batch axis (as Keras' {@code PReLU}
     *     weight: the sample shape, with 1 on shared axes)
     * @return prelu(x), x's shape
     * @throws IllegalArgumentException when alpha does not broadcast to the per-sample shape
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
        return Tensor.fromOp(
                "prelu",
                NDArray.wrap(y, x.shape()),
                g -> {
                    NDArray gc = g.contiguous();
                    float[] gx = new float[rows * m], ga = new float[m];
                    for (int r = 0; r < rows; r++)
                        Activations.preluBackward(
                                xd, xo + r * m, ad, ao, gc.data(), gc.offset() + r * m, gx, r * m, ga, 0, m);
                    x.accumulate(NDArray.wrap(gx, x.shape()), true);
                    if (alpha.requiresGrad()) alpha.accumulate(NDArray.wrap(ga, sample), true);
                },
                x,
                alpha);
    }

    /**
     * Maxout's maximum over groups: x (..., units·pieces) to (..., units), where unit u takes the maximum of
     * x[..., u·pieces .. u·pieces + pieces). The gradient goes to the winning piece only (the first on ties).
     *
     * @param x the input (..., units·pieces)
     * @param pieces the group size, at least 1
     * @return the group maxima (..., units)
     * @throws IllegalArgumentException when pieces is below 1 or does not divide the last axis
     */
    public static Tensor groupMax(Tensor x, int pieces) {
        int last = x.shape().last();
        if (pieces < 1 || last % pieces != 0)
            throw new IllegalArgumentException(
                    "groupMax: the last axis " + last + " of " + x.shape() + " is not a multiple of pieces=" + pieces);
        NDArray xv = x.value().contiguous();
        int groups = xv.size() / pieces;
        float[] y = new float[groups];
        int[] arg = new int[groups];
        Activations.groupMax(xv.data(), xv.offset(), groups, pieces, y, arg);
        Shape out = x.shape().with(-1, last / pieces);
        return Tensor.fromOp(
                "groupMax",
                NDArray.wrap(y, out),
                g -> {
                    float[] gd = g.contiguous().toArray();
                    float[] gx = new float[groups * pieces];
                    for (int r = 0; r < groups; r++) gx[arg[r]] = gd[r];
                    x.accumulate(NDArray.wrap(gx, x.shape()), true);
                },
                x);
    }
}
