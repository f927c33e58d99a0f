package nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op, in one table: analytic gradients against central finite differences
 * ({@link GradCheck}), on random shapes including broadcast cases.
 */
class OpGradientTest {
    private static final Rng RNG = new Rng(42);

    /** Uniform in [-1, 1). */
    private static NDArray u(int... dims) {
        return NDArray.uniform(Shape.of(dims), -1f, 1f, RNG);
    }

    /** Uniform in [lo, hi). */
    private static NDArray u(float lo, float hi, int... dims) {
        return NDArray.uniform(Shape.of(dims), lo, hi, RNG);
    }

    /** Values kept at least 0.1 away from 0, so kinks (relu, abs) are not straddled by the finite difference. */
    private static NDArray awayFromZero(int... dims) {
        NDArray a = u(0.1f, 1f, dims);
        NDArray s = u(dims).gt(0f).mul(2f).sub(1f);
        return a.mul(s);
    }

    /** Distinct values spaced 0.1 apart in random order, so a max or min never changes under the probe step. */
    private static NDArray distinct(int... dims) {
        int n = Shape.of(dims).size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        RNG.shuffle(perm);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = 0.1f * (perm[i] - n / 2);
        return NDArray.of(d, dims);
    }

    private static NDArray oneHot(int rows, int classes) {
        NDArray y = NDArray.zeros(rows, classes);
        for (int r = 0; r < rows; r++) y.set(1f, r, RNG.nextInt(classes));
        return y;
    }

    private static Arguments op(String name, Function<Tensor[], Tensor> f, NDArray... inputs) {
        return Arguments.of(Named.of(name, f), inputs);
    }

    static Stream<Arguments> ops() {
        int[] labels = {2, 0, 1, 2};
        NDArray sparse = NDArray.of(new float[] {2, 0, 1, 2});
        NDArray oneHot = oneHot(4, 3);
        NDArray probs = u(0f, 1f, 6, 1);
        return Stream.of(
                op("add", t -> t[0].add(t[1]), u(3, 4), u(3, 4)),
                op("add broadcast row", t -> t[0].add(t[1]), u(3, 4), u(4)),
                op("add broadcast both", t -> t[0].add(t[1]), u(3, 1), u(1, 4)),
                op("sub broadcast", t -> t[0].sub(t[1]), u(2, 3, 4), u(3, 1)),
                op("mul", t -> t[0].mul(t[1]), u(5), u(5)),
                op("mul broadcast scalar", t -> t[0].mul(t[1]), u(2, 3), u()),
                op("div", t -> t[0].div(t[1]), u(3, 4), u(0.5f, 2f, 3, 4)),
                op("div broadcast", t -> t[0].div(t[1]), u(3, 4), u(0.5f, 2f, 4)),
                op("neg", t -> t[0].neg(), u(2, 3)),
                op("pow tensor", t -> t[0].pow(t[1]), u(0.5f, 2f, 3, 2), u(2)),
                op("pow scalar", t -> t[0].pow(3f), u(4, 2)),
                op("exp", t -> t[0].exp(), u(3, 3)),
                op("log", t -> t[0].log(), u(0.5f, 3f, 6)),
                op("sqrt", t -> t[0].sqrt(), u(0.5f, 3f, 2, 5)),
                op("abs", t -> t[0].abs(), awayFromZero(3, 4)),
                op("tanh", t -> t[0].tanh(), u(2, 7)),
                op("sigmoid", t -> t[0].sigmoid(), u(-3f, 3f, 20)),
                op("relu", t -> t[0].relu(), awayFromZero(4, 5)),
                op(
                        "maximum",
                        t -> t[0].maximum(t[1]),
                        distinct(3, 4),
                        distinct(3, 4).add(0.05f)),
                op(
                        "minimum broadcast",
                        t -> t[0].minimum(t[1]),
                        distinct(3, 4),
                        distinct(4).add(0.05f)),
                op("where", t -> Ops.where(t[0].value().gt(0f), t[0], t[1]), awayFromZero(3, 4), u(4)),
                op("sum all", t -> t[0].sum(), u(3, 4)),
                op("sum axis 0", t -> t[0].sum(false, 0), u(3, 4)),
                op("sum axes keepdims", t -> t[0].sum(true, 0, 2), u(2, 3, 4)),
                op("mean axis -1", t -> t[0].mean(false, -1), u(3, 5)),
                op("mean all", t -> t[0].mean(), u(2, 2, 2)),
                op("max axis 1", t -> t[0].max(false, 1), distinct(4, 6)),
                op("min all keepdims", t -> t[0].min(true), distinct(3, 3)),
                op("var axis 0", t -> t[0].var(false, 0), u(5, 3)),
                op("var all", t -> t[0].var(true), u(4, 2)),
                op("matmul 2d", t -> t[0].matmul(t[1]), u(3, 4), u(4, 5)),
                op("matmul batched", t -> t[0].matmul(t[1]), u(2, 3, 4), u(2, 4, 2)),
                op("matmul broadcast batch", t -> t[0].matmul(t[1]), u(2, 3, 4), u(4, 3)),
                op("matmul vector", t -> t[0].matmul(t[1]), u(3, 4), u(4)),
                op("matmul vector-left", t -> t[0].matmul(t[1]), u(4), u(4, 3)),
                op("matmul transposed operand", t -> t[0].transpose().matmul(t[1]), u(4, 3), u(4, 2)),
                op("reshape", t -> t[0].reshape(4, -1).mul(t[1]), u(2, 3, 2), u(4, 3)),
                op("permute", t -> t[0].permute(2, 0, 1).mul(t[1]), u(2, 3, 4), u(4, 2, 3)),
                op("transpose", t -> t[0].transpose().matmul(t[1]), u(3, 2), u(3, 3)),
                op("slice", t -> t[0].slice(1, 1, 4).mul(t[0].slice(1, 0, 3)), u(2, 5)),
                op("slice step", t -> t[0].slice(0, 0, 6, 2), u(6, 2)),
                op("concat", t -> Ops.concat(1, List.of(t[0], t[1], t[0])), u(2, 3), u(2, 1)),
                op("stack", t -> Ops.stack(0, List.of(t[0], t[1])).mul(t[0]), u(2, 3), u(2, 3)),
                op("indexSelect repeats", t -> t[0].indexSelect(0, new int[] {2, 0, 2, 1}), u(3, 4)),
                op("softmax", t -> t[0].softmax(-1), u(-2f, 2f, 3, 5)),
                op("logSoftmax axis 0", t -> t[0].logSoftmax(0), u(-2f, 2f, 4, 3)),
                op(
                        "linear relu",
                        t -> NNOps.linear(t[0], t[1], t[2], Activation.RELU),
                        awayFromZero(4, 3),
                        u(3, 5),
                        u(5)),
                op("linear sigmoid", t -> NNOps.linear(t[0], t[1], t[2], Activation.SIGMOID), u(4, 3), u(3, 2), u(2)),
                op(
                        "linear tanh 3d input",
                        t -> NNOps.linear(t[0], t[1], t[2], Activation.TANH),
                        u(2, 3, 3),
                        u(3, 2),
                        u(2)),
                op("linear no bias", t -> NNOps.linear(t[0], t[1], null, Activation.LINEAR), u(5, 4), u(4, 3)),
                op("softmax cross-entropy", t -> NNOps.softmaxCrossEntropy(t[0], oneHot), u(-3f, 3f, 4, 3)),
                op(
                        "sparse softmax cross-entropy",
                        t -> NNOps.sparseSoftmaxCrossEntropy(t[0], sparse),
                        u(-3f, 3f, labels.length, 3)),
                op(
                        "binary cross-entropy with logits",
                        t -> NNOps.binaryCrossEntropyWithLogits(t[0], probs),
                        u(-4f, 4f, 6, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({
        "ops",
        "nabla.autograd.RecurrentOpCases#cases",
        "nabla.autograd.ConvOpCases#cases",
        "nabla.autograd.LayerOpCases#cases"
    })
    void gradientMatchesFiniteDifferences(Function<Tensor[], Tensor> f, NDArray[] inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.ok(), r.toString());
    }
}
