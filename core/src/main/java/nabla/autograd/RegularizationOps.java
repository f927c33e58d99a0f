package nabla.autograd;

import nabla.kernels.Elementwise;
import nabla.kernels.Norm;
import nabla.tensor.NDArray;

/**
 * The weight and activity penalties of regularizers (the {@code Regularizer}s of {@code nabla.nn.weights}), as
 * scalar differentiable primitives.
 */
public final class RegularizationOps {
    private RegularizationOps() {}

    /**
     * {@code l1·Σ|w| + l2·Σw²} as a scalar (Keras' L1L2, summed, not averaged). Its gradient
     * {@code l1·sign(w) + 2·l2·w} is added straight into w's gradient buffer. As in Keras, {@code l2} multiplies
     * Σw², so a PyTorch-style {@code weight_decay} λ that adds λ·w to the gradient corresponds to
     * {@code l2 = λ/2}.
     *
     * @param w the weight (or activation) to penalize, any shape
     * @param l1 the L1 factor (0 for none)
     * @param l2 the L2 factor (0 for none)
     * @return the penalty, a scalar tensor
     */
    public static Tensor l1l2(Tensor w, float l1, float l2) {
        NDArray wv = w.value().contiguous();
        float[] d = wv.data();
        int o = wv.offset(), n = wv.size();
        double v = 0;
        if (l1 != 0) v += (double) l1 * Norm.absSum(d, o, n);
        if (l2 != 0) v += (double) l2 * Elementwise.dot(d, o, d, o, n);
        return Tensor.fromOp(
                "l1l2",
                NDArray.scalar((float) v),
                g -> {
                    if (!w.requiresGrad()) return;
                    Norm.penaltyGradient(d, o, g.item(), l1, l2, w.gradBuffer().data(), 0, n);
                },
                w);
    }
}
