package nabla.nn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.io.LayerRegistry;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.nn.core.Reshape;
import nabla.nn.pool.AveragePooling1D;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.GlobalAveragePooling2D;
import nabla.nn.pool.GlobalMaxPooling1D;
import nabla.nn.pool.GlobalMaxPooling2D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.weights.Initializer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Output sizes against the formula, shape errors, parameter counts and config round trips of the conv layers. */
public class ConvLayersTest {
    private static int valid(int in, int k, int s, int d) {
        return Math.floorDiv(in - (d * (k - 1) + 1), s) + 1;
    }

    private static int same(int in, int s) {
        return (in + s - 1) / s;
    }

    private static Shape run(Layer l, int... sample) {
        int[] dims = new int[sample.length + 1];
        dims[0] = 2;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        Tensor y = l.apply(Tensor.of(NDArray.uniform(Shape.of(dims), -1, 1, new Rng(1))), false);
        Shape predicted = l.outputShape(Shape.of(sample));
        assertEquals(predicted, y.shape().dropFirst(), l.describe() + " outputShape vs actual");
        return predicted;
    }

    @Test
    void outputSizesFollowTheFormula() {
        for (int in : new int[] {9, 10, 13}) {
            for (int k : new int[] {3, 4}) {
                for (int s : new int[] {1, 2}) {
                    for (int d : new int[] {1, 2}) {
                        assertEquals(
                                Shape.of(valid(in, k, s, d), valid(in + 1, k, s, d), 5),
                                run(new Conv2D(5, k).withStride(s).withDilation(d), in, in + 1, 2),
                                "conv2d valid in=" + in + " k=" + k + " s=" + s + " d=" + d);
                        assertEquals(
                                Shape.of(same(in, s), same(in + 1, s), 5),
                                run(
                                        new Conv2D(5, k)
                                                .withStride(s)
                                                .withDilation(d)
                                                .withPadding(Padding.SAME),
                                        in,
                                        in + 1,
                                        2));
                        assertEquals(
                                Shape.of(valid(in, k, s, d), 3),
                                run(new Conv1D(3, k).withStride(s).withDilation(d), in, 2));
                        assertEquals(
                                Shape.of(same(in, s), 3),
                                run(
                                        new Conv1D(3, k)
                                                .withStride(s)
                                                .withDilation(d)
                                                .withPadding(Padding.SAME),
                                        in,
                                        2));
                    }
                    // Explicit padding P on both sides: floor((W − K + 2P) / S) + 1, as the courses teach.
                    int p = 2;
                    assertEquals(
                            Shape.of((in - k + 2 * p) / s + 1, (in - k + 2 * p) / s + 1, 4),
                            run(new Conv2D(4, k).withStride(s).withPadding(Padding.explicit(p)), in, in, 1));
                    for (Layer pool :
                            List.<Layer>of(new MaxPooling2D(k).withStride(s), new AveragePooling2D(k).withStride(s)))
                        assertEquals(Shape.of(valid(in, k, s, 1), valid(in, k, s, 1), 3), run(pool, in, in, 3));
                    for (Layer pool : List.<Layer>of(
                            new MaxPooling2D(k).withStride(s).withPadding(Padding.SAME),
                            new AveragePooling2D(k).withStride(s).withPadding(Padding.SAME)))
                        assertEquals(Shape.of(same(in, s), same(in, s), 3), run(pool, in, in, 3));
                    assertEquals(Shape.of(valid(in, k, s, 1), 3), run(new MaxPooling1D(k).withStride(s), in, 3));
                    assertEquals(
                            Shape.of(same(in, s), 3),
                            run(new AveragePooling1D(k).withStride(s).withPadding(Padding.SAME), in, 3));
                }
            }
        }
        assertEquals(Shape.of(14, 14, 3), run(new MaxPooling2D(2), 28, 28, 3)); // stride defaults to the pool size
        assertEquals(Shape.of(3), run(new GlobalAveragePooling2D(), 4, 5, 3));
        assertEquals(Shape.of(3), run(new GlobalMaxPooling1D(), 7, 3));
        assertEquals(Shape.of(32, 32, 1), run(new ZeroPadding2D(2), 28, 28, 1));
        assertEquals(Shape.of(28, 28, 1), run(new Reshape(28, -1, 1), 784));
    }

    @Test
    void shapeErrorsNameTheLayerAndTheFix() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Conv2D(32, 3).named("conv2d").build(Shape.of(784)));
        assertEquals(
                "Conv2D 'conv2d': expected input (batch, height, width, channels), got (batch, 784); add a Reshape((28, 28, 1)) layer before it",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(8, 3).build(Shape.of(50)));
        assertTrue(
                e.getMessage().contains("Conv1D 'conv1d'") && e.getMessage().contains("Reshape((50, 1))"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(8, 5).build(Shape.of(3, 3, 1)));
        assertTrue(
                e.getMessage().contains("too small for window 5x5")
                        && e.getMessage().contains("SAME"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2).build(Shape.of(10, 3)));
        assertTrue(
                e.getMessage().contains("MaxPooling2D") && e.getMessage().contains("Reshape((10, 3, 1))"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Reshape(5, 5).build(Shape.of(24)));
        assertTrue(
                e.getMessage().contains("Reshape 'reshape'") && e.getMessage().contains("24 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertTrue(e.getMessage().contains("filters must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2).withPadding(Padding.explicit(1)));
        assertTrue(e.getMessage().contains("VALID or SAME"), e.getMessage());
        Layer built = new Conv2D(4, 3);
        built.build(Shape.of(8, 8, 2));
        e = assertThrows(
                IllegalArgumentException.class, () -> built.apply(Tensor.of(NDArray.zeros(1, 8, 8, 3)), false));
        assertTrue(
                e.getMessage().contains("(batch, 8, 8, 2)") && e.getMessage().contains("(1, 8, 8, 3)"), e.getMessage());
    }

    @Test
    void weightsUseKerasLayoutAndCounts() {
        Conv2D c = new Conv2D(32, 3, Activation.RELU);
        c.build(Shape.of(28, 28, 1));
        assertEquals(Shape.of(3, 3, 1, 32), c.parameters().get(0).value().shape());
        assertEquals(320, c.parameterCount());
        Conv1D c1 = new Conv1D(16, 5).withBias(false);
        c1.build(Shape.of(100, 8));
        assertEquals(5 * 8 * 16, c1.parameterCount());
    }

    /** Every conv-family layer, with non-default settings, for the config round trip in LayersTest. */
    public static List<Layer> samples() {
        return List.of(
                new Conv2D(8, 3, 2, Activation.RELU)
                        .withStride(2, 1)
                        .withPadding(Padding.SAME)
                        .withDilation(1, 2)
                        .withBias(false)
                        .withKernelInitializer(Initializer.heNormal()),
                new Conv2D(4, 5).withPadding(new Padding.Explicit(1, 2, 3, 4)),
                new Conv1D(6, 3, Activation.TANH)
                        .withStride(2)
                        .withDilation(2)
                        .withPadding(Padding.SAME)
                        .withBiasInitializer(Initializer.constant(0.5f)),
                new MaxPooling2D(3, 2).withStride(1).withPadding(Padding.SAME),
                new MaxPooling1D(2),
                new AveragePooling2D(2),
                new AveragePooling1D(3).withStride(1).withPadding(Padding.SAME),
                new GlobalAveragePooling2D(),
                new GlobalAveragePooling1D(),
                new GlobalMaxPooling2D(),
                new GlobalMaxPooling1D(),
                new ZeroPadding2D(1, 2, 3, 4),
                new Reshape(7, -1, 2));
    }

    @Test
    void configsRoundTrip() {
        for (Layer l : samples()) {
            Layer back = LayerRegistry.fromConfig(l.type(), l.config());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.config(), back.config());
        }
        // Keras-style scalars are accepted where a pair is stored.
        Layer c = LayerRegistry.fromConfig("Conv2D", Map.of("filters", 3, "kernel_size", 5, "strides", 2));
        assertEquals(List.of(5, 5), c.config().get("kernel_size"));
        assertEquals(List.of(2, 2), c.config().get("strides"));
    }
}
