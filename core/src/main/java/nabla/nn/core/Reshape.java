package nabla.nn.core;

import java.util.Arrays;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.internal.Windows;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Reshapes each sample to {@code targetShape} (Keras' {@code Reshape}); the batch axis is kept and the values keep
 * their row-major order. One entry may be −1 and is inferred. E.g. {@code new Reshape(28, 28, 1)} turns flat
 * MNIST rows (784) into images for Conv2D. No weights. Saved config key: "target_shape".
 */
public final class Reshape extends Layer {
    private final int[] target;

    /**
     * A reshape to {@code targetShape}; the input must hold the same number of values per sample, which is
     * checked when the layer is built.
     *
     * @param targetShape the per-sample output shape (batch axis excluded): positive sizes, at most one -1
     * @throws IllegalArgumentException if the shape is empty, has an entry &lt; 1 other than -1, or more than one
     *     -1
     */
    public Reshape(int... targetShape) {
        int inferred = 0;
        for (int d : targetShape) {
            if (d == -1) inferred++;
            else if (d < 1)
                throw new IllegalArgumentException(
                        "Reshape: target dimensions must be positive or -1, got " + Shape.of(nonNegative(targetShape)));
        }
        if (targetShape.length == 0 || inferred > 1)
            throw new IllegalArgumentException("Reshape: give at least one target dimension with at most one -1, got "
                    + Arrays.toString(targetShape));
        super();
        this.target = targetShape.clone();
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "target_shape" (required)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Reshape fromConfig(ConfigMap c) {
        return new Reshape(c.allowOnly("target_shape").intList("target_shape"));
    }

    private static int[] nonNegative(int[] d) {
        int[] c = d.clone();
        for (int i = 0; i < c.length; i++) c[i] = Math.max(c[i], 0);
        return c;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        outputShape(in);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] dims = new int[target.length + 1];
        dims[0] = x.dim(0);
        System.arraycopy(outputShape(x.shape().dropFirst()).dims(), 0, dims, 1, target.length);
        return x.reshape(dims);
    }

    @Override
    public Shape outputShape(Shape in) {
        try {
            return in.reshapeTarget(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": cannot reshape input " + withBatch(in) + " (" + in.size()
                    + " values per sample) to " + Arrays.toString(target)
                    + "; the target must hold the same number of values");
        }
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("target_shape", Windows.list(target));
    }
}
