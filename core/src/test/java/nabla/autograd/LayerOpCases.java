package nabla.autograd;

import java.util.function.Function;
import java.util.stream.Stream;
import nabla.kernels.ActFn;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Gradient-check cases for the activation, normalization and regularization primitives (ActivationOps, NormOps,
 * RegularizationOps), run by {@link OpGradientTest}. Inputs stay away from kinks (0 for the ReLU family, ±3 for
 * the hard sigmoid). Sizes above one vector (16 floats) exercise the vector loops, small ones the scalar tails.
 */
final class LayerOpCases {
    /** Who may attend in the masked-softmax cases: causal (j <= i) and the last key of sample 1 padded. */
    private static final nabla.tensor.NDArray ATTENTION_KEEP = attentionKeep();

    private static nabla.tensor.NDArray attentionKeep() {
        float[] k = new float[2 * 4 * 5];
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 5; j++) k[(b * 4 + i) * 5 + j] = j <= i && !(b == 1 && j == 4) ? 1f : 0f;
        return nabla.tensor.NDArray.of(k, 2, 4, 5);
    }

    private static final Rng RNG = new Rng(7);

    private LayerOpCases() {}

    private static NDArray u(float lo, float hi, int... dims) {
        return NDArray.uniform(Shape.of(dims), lo, hi, RNG);
    }

    /** |values| in [0.1, 2], random signs. */
    private static NDArray awayFromZero(int... dims) {
        NDArray a = u(0.1f, 2f, dims);
        NDArray s = u(-1f, 1f, dims).gt(0f).mul(2f).sub(1f);
        return a.mul(s);
    }

    private static Arguments op(String name, Function<Tensor[], Tensor> f, NDArray... inputs) {
        return Arguments.of(Named.of(name, f), inputs);
    }

    static Stream<Arguments> cases() {
        NDArray mask =
                NDArray.uniform(Shape.of(4, 5), 0f, 1f, new Rng(3)).gt(0.3f).mul(1f / 0.7f);
        return Stream.of(
                op("elu", t -> ActivationOps.elu(t[0], 1f), awayFromZero(5, 7)),
                op("elu alpha 0.5, vector loop", t -> ActivationOps.elu(t[0], 0.5f), awayFromZero(40)),
                op("selu", t -> ActivationOps.selu(t[0]), awayFromZero(3, 13)),
                op("softplus", t -> ActivationOps.softplus(t[0]), u(-4f, 4f, 37)),
                op("softsign", t -> ActivationOps.softsign(t[0]), awayFromZero(2, 19)),
                op("hard sigmoid inside (-3, 3)", t -> ActivationOps.hardSigmoid(t[0]), u(-2.7f, 2.7f, 35)),
                op(
                        "hard sigmoid saturated",
                        t -> ActivationOps.hardSigmoid(t[0]),
                        u(3.3f, 5f, 3, 6).mul(u(-1f, 1f, 3, 6).gt(0f).mul(2f).sub(1f))),
                op("swish", t -> ActivationOps.swish(t[0]), u(-4f, 4f, 3, 11)),
                op("leaky relu 0.2", t -> ActivationOps.leakyRelu(t[0], 0.2f), awayFromZero(33)),
                op("gelu", t -> ActivationOps.gelu(t[0]), u(-3f, 3f, 2, 17)),
                op(
                        "apply (enum path) leaky relu",
                        t -> ActivationOps.apply(ActFn.LEAKY_RELU, 0.3f, t[0]),
                        awayFromZero(5)),
                op("prelu per feature", t -> ActivationOps.prelu(t[0], t[1]), awayFromZero(4, 20), u(0f, 0.5f, 20)),
                op(
                        "prelu shared over h, w",
                        t -> ActivationOps.prelu(t[0], t[1]),
                        awayFromZero(2, 3, 3, 4),
                        u(0f, 0.5f, 1, 1, 4)),
                op("group max (maxout)", t -> ActivationOps.groupMax(t[0], 3), distinctValues(4, 6)),
                op(
                        "maxout dense + group max",
                        t -> ActivationOps.groupMax(NNOps.linear(t[0], t[1], t[2], Activation.LINEAR), 2),
                        u(-1f, 1f, 3, 4),
                        u(-1f, 1f, 4, 6),
                        distinctValues(6)),
                op(
                        "batch norm (batch, features)",
                        t -> NormOps.batchNorm(t[0], t[1], t[2], 1e-3f, null, null),
                        u(-1f, 1f, 6, 5),
                        u(0.5f, 1.5f, 5),
                        u(-1f, 1f, 5)),
                op(
                        "batch norm (batch, h, w, channels)",
                        t -> NormOps.batchNorm(t[0], t[1], t[2], 1e-3f, null, null),
                        u(-1f, 1f, 2, 3, 3, 4),
                        u(0.5f, 1.5f, 4),
                        u(-1f, 1f, 4)),
                op(
                        "batch norm 20 features, no gamma/beta",
                        t -> NormOps.batchNorm(t[0], null, null, 1e-3f, null, null)
                                .mul(t[0]),
                        u(-1f, 1f, 5, 20)),
                op(
                        "batch norm over axis 1 via permute",
                        t -> NormOps.batchNorm(t[0].permute(0, 2, 1), t[1], null, 1e-3f, null, null)
                                .permute(0, 2, 1),
                        u(-1f, 1f, 3, 4, 2),
                        u(0.5f, 1.5f, 4)),
                op(
                        "layer norm (batch, steps, 37 features): vector loop and tail",
                        t -> NormOps.layerNorm(t[0], t[1], t[2], 1e-3f),
                        u(-2f, 2f, 2, 3, 37),
                        u(0.5f, 1.5f, 37),
                        u(-1f, 1f, 37)),
                op(
                        "layer norm 5 features, gamma only",
                        t -> NormOps.layerNorm(t[0], t[1], null, 1e-3f),
                        u(-1f, 1f, 4, 5),
                        u(0.5f, 1.5f, 5)),
                op(
                        "layer norm 20 features, no gamma/beta, times x",
                        t -> NormOps.layerNorm(t[0], null, null, 1e-3f).mul(t[0]),
                        u(-1f, 1f, 3, 20)),
                op(
                        "layer norm of a permuted view",
                        t -> NormOps.layerNorm(t[0].permute(0, 2, 1), null, t[1], 1e-3f),
                        u(-1f, 1f, 2, 6, 3),
                        u(-1f, 1f, 6)),
                op(
                        "masked softmax (batch, heads, Tq, Tv), causal and padding, hidden set to 0",
                        t -> AttentionOps.maskedSoftmax(t[0], ATTENTION_KEEP, 1e9f, true),
                        u(-2f, 2f, 2, 3, 4, 5)),
                op(
                        "masked softmax (batch, Tq, Tv), hidden left as softmax gives them",
                        t -> AttentionOps.maskedSoftmax(t[0], ATTENTION_KEEP, 1e9f, false),
                        u(-2f, 2f, 2, 4, 5)),
                op(
                        "masked softmax of a transposed view, no mask",
                        t -> AttentionOps.maskedSoftmax(t[0].transpose(), null, 1e9f, true),
                        u(-2f, 2f, 2, 5, 4)),
                op("l1 + l2 penalty", t -> RegularizationOps.l1l2(t[0], 0.3f, 0.7f), awayFromZero(3, 7)),
                op(
                        "l2 penalty of an activation",
                        t -> RegularizationOps.l1l2(t[0].tanh(), 0f, 0.5f).add(t[0].sum()),
                        u(-1f, 1f, 19)),
                op("dropout mask (inverted, fixed)", t -> t[0].mul(Tensor.of(mask)), u(-1f, 1f, 4, 5)));
    }

    /** Values 0.1 apart in random order (a maximum never changes under the probe step). */
    private static NDArray distinctValues(int... dims) {
        int n = Shape.of(dims).size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        RNG.shuffle(perm);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = 0.1f * (perm[i] - n / 2);
        return NDArray.of(d, dims);
    }
}
