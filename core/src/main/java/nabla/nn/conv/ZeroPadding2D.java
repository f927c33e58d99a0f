package nabla.nn.conv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.ConvOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.internal.Windows;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Adds rows and columns of zeros around each image (Keras' {@code ZeroPadding2D}, PyTorch's
 * {@code nn.ZeroPad2d}): input (batch, height, width, channels), output (batch, top + height + bottom, left +
 * width + right, channels). No weights. LeNet-5 uses it to turn 28×28 MNIST into its 32×32 input. Saved config
 * key: "padding", as Keras' {@code ((top, bottom), (left, right))}.
 */
public final class ZeroPadding2D extends Layer {
    private final int top, bottom, left, right;

    /**
     * The same amount on every side.
     *
     * @param padding rows and columns added on each side, &gt;= 0
     * @throws IllegalArgumentException if {@code padding} is negative
     */
    public ZeroPadding2D(int padding) {
        this(padding, padding, padding, padding);
    }

    /**
     * {@code vertical} rows above and below, {@code horizontal} columns left and right.
     *
     * @param vertical rows added on each of top and bottom, &gt;= 0
     * @param horizontal columns added on each of left and right, &gt;= 0
     * @throws IllegalArgumentException if an amount is negative
     */
    public ZeroPadding2D(int vertical, int horizontal) {
        this(vertical, vertical, horizontal, horizontal);
    }

    /**
     * Each side's amount.
     *
     * @param top rows added above, &gt;= 0
     * @param bottom rows added below, &gt;= 0
     * @param left columns added on the left, &gt;= 0
     * @param right columns added on the right, &gt;= 0
     * @throws IllegalArgumentException if an amount is negative
     */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new IllegalArgumentException("ZeroPadding2D: paddings must be >= 0, got (" + top + ", " + bottom
                    + ", " + left + ", " + right + ")");
        super();
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        Windows.checkInput(this, 2, in);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return ConvOps.zeroPad2d(x, top, bottom, left, right);
    }

    @Override
    public Shape outputShape(Shape in) {
        Windows.checkInput(this, 2, in);
        return Shape.of(in.dim(0) + top + bottom, in.dim(1) + left + right, in.dim(2));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("padding", List.of(List.of(top, bottom), List.of(left, right))); // Keras' ((top, bottom), (left, right))
        return c;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "padding" (required): one integer, or four integers in (nested) lists, top, bottom, left, right
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static ZeroPadding2D fromConfig(ConfigMap c) {
        int[] p = c.allowOnly("padding").intArray("padding", 4, null);
        return new ZeroPadding2D(p[0], p[1], p[2], p[3]);
    }
}
