package nabla.autograd;

import java.util.function.Function;
import java.util.stream.Stream;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Gradient-check cases for {@link ConvOps}, run by {@link OpGradientTest}: convolutions with strides 1 and 2, odd
 * and even kernels, valid/same/explicit paddings, dilation 2, several channels, batch > 1; pooling on distinct
 * values (spaced 0.1, fewer than 200 of them, so the probe step never reorders a window's maximum).
 */
public final class ConvOpCases {
    private static final Rng RNG = new Rng(7);

    private ConvOpCases() {}

    private static NDArray u(int... dims) {
        return NDArray.uniform(Shape.of(dims), -1f, 1f, RNG);
    }

    private static NDArray distinct(int... dims) {
        int n = Shape.of(dims).size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        RNG.shuffle(perm);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = 0.1f * (perm[i] - n / 2);
        return NDArray.of(d, dims);
    }

    private static Arguments op(String name, Function<Tensor[], Tensor> f, NDArray... inputs) {
        return Arguments.of(Named.of(name, f), inputs);
    }

    public static Stream<Arguments> cases() {
        Activation none = Activation.LINEAR;
        return Stream.of(
                op(
                        "conv2d 3x3 valid s1",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 0, 0, 0, 0, none),
                        u(2, 5, 5, 3),
                        u(3, 3, 3, 4),
                        u(4)),
                op(
                        "conv2d 2x2 valid s2 (even kernel)",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 2, 2, 1, 1, 0, 0, 0, 0, none),
                        u(2, 6, 6, 2),
                        u(2, 2, 2, 3),
                        u(3)),
                op(
                        "conv2d 3x3 same s1",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 1, 1, 1, 1, none),
                        u(2, 4, 4, 2),
                        u(3, 3, 2, 3),
                        u(3)),
                op(
                        "conv2d 4x4 same s2 (pad 1/2)",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 2, 2, 1, 1, 1, 2, 1, 2, none),
                        u(2, 7, 7, 2),
                        u(4, 4, 2, 2),
                        u(2)),
                op(
                        "conv2d 3x3 explicit (2,0,1,2)",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 2, 0, 1, 2, none),
                        u(1, 4, 5, 2),
                        u(3, 3, 2, 2),
                        u(2)),
                op(
                        "conv2d 3x3 dilation 2",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 2, 2, 0, 0, 0, 0, none),
                        u(2, 7, 6, 2),
                        u(3, 3, 2, 3),
                        u(3)),
                op(
                        "conv2d 3x3 dilation 2 same s2",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 2, 2, 2, 2, 2, 2, 2, 2, none),
                        u(2, 6, 6, 2),
                        u(3, 3, 2, 2),
                        u(2)),
                op(
                        "conv2d 2x3 strides (2,1)",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 2, 1, 1, 1, 0, 0, 0, 0, none),
                        u(2, 5, 5, 3),
                        u(2, 3, 3, 2),
                        u(2)),
                op(
                        "conv2d 1x1 pointwise",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 0, 0, 0, 0, none),
                        u(3, 3, 3, 4),
                        u(1, 1, 4, 5),
                        u(5)),
                op(
                        "conv2d tanh no bias",
                        t -> ConvOps.conv2d(t[0], t[1], null, 1, 1, 1, 1, 0, 0, 0, 0, Activation.TANH),
                        u(2, 4, 4, 2),
                        u(3, 3, 2, 3)),
                op(
                        "conv2d sigmoid",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 1, 1, 1, 1, Activation.SIGMOID),
                        u(2, 3, 3, 1),
                        u(2, 2, 1, 2),
                        u(2)),
                op(
                        "conv2d 1 channel, 18 wide, same, tanh (direct kernel)",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 1, 1, 1, 1, Activation.TANH),
                        u(2, 4, 18, 1),
                        u(3, 3, 1, 3),
                        u(3)),
                op(
                        "conv2d 3x3, 6 channels (18-float patch runs)",
                        t -> ConvOps.conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 1, 0, 0, 1, none),
                        u(2, 4, 5, 6),
                        u(3, 3, 6, 2),
                        u(2)),
                op(
                        "conv1d k3 valid",
                        t -> ConvOps.conv1d(t[0], t[1], t[2], 1, 1, 0, 0, none),
                        u(2, 7, 3),
                        u(3, 3, 4),
                        u(4)),
                op(
                        "conv1d k4 same s2",
                        t -> ConvOps.conv1d(t[0], t[1], t[2], 2, 1, 1, 2, none),
                        u(2, 9, 2),
                        u(4, 2, 3),
                        u(3)),
                op(
                        "conv1d k3 dilation 2 explicit (1,2)",
                        t -> ConvOps.conv1d(t[0], t[1], t[2], 1, 2, 1, 2, none),
                        u(2, 6, 2),
                        u(3, 2, 2),
                        u(2)),
                op(
                        "conv1d k1 pointwise tanh",
                        t -> ConvOps.conv1d(t[0], t[1], t[2], 1, 1, 0, 0, Activation.TANH),
                        u(2, 5, 3),
                        u(1, 3, 2),
                        u(2)),
                op("maxPool2d 2x2 s2", t -> ConvOps.maxPool2d(t[0], 2, 2, 2, 2, 0, 0, 0, 0), distinct(2, 4, 4, 3)),
                op("maxPool2d 3x3 s2 same", t -> ConvOps.maxPool2d(t[0], 3, 3, 2, 2, 1, 1, 1, 1), distinct(2, 5, 5, 3)),
                op(
                        "maxPool2d 2x2 s1 overlapping, 18 channels",
                        t -> ConvOps.maxPool2d(t[0], 2, 2, 1, 1, 0, 0, 0, 0),
                        distinct(1, 3, 3, 18)),
                op("avgPool2d 2x2 s2", t -> ConvOps.avgPool2d(t[0], 2, 2, 2, 2, 0, 0, 0, 0), u(2, 4, 4, 3)),
                op(
                        "avgPool2d 2x2 s2, 6 channels, odd size (uncovered edge)",
                        t -> ConvOps.avgPool2d(t[0], 2, 2, 2, 2, 0, 0, 0, 0),
                        u(2, 5, 7, 6)),
                op(
                        "avgPool2d 3x2 s(1,1) overlapping, 5 channels",
                        t -> ConvOps.avgPool2d(t[0], 3, 2, 1, 1, 0, 0, 0, 0),
                        u(1, 4, 5, 5)),
                op(
                        "avgPool2d 3x3 s2 same (clipped windows)",
                        t -> ConvOps.avgPool2d(t[0], 3, 3, 2, 2, 1, 1, 1, 1),
                        u(2, 6, 6, 17)),
                op("maxPool1d 2 s2", t -> ConvOps.maxPool1d(t[0], 2, 2, 0, 0), distinct(2, 6, 3)),
                op("avgPool1d 3 s2 same", t -> ConvOps.avgPool1d(t[0], 3, 2, 1, 1), u(2, 7, 3)),
                op("globalMaxPool 2d", t -> ConvOps.globalMaxPool(t[0]), distinct(2, 3, 3, 4)),
                op("globalAvgPool 2d", t -> ConvOps.globalAvgPool(t[0]), u(2, 3, 4, 5)),
                op("globalMaxPool 1d", t -> ConvOps.globalMaxPool(t[0]), distinct(2, 5, 3)),
                op("globalAvgPool 1d", t -> ConvOps.globalAvgPool(t[0]), u(2, 5, 3)),
                op("zeroPad2d", t -> ConvOps.zeroPad2d(t[0], 1, 2, 0, 3), u(2, 3, 3, 2)));
    }
}
