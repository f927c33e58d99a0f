package nabla.nn.pool;

import nabla.nn.ConfigMap;
import nabla.nn.Padding;

/**
 * Max pooling over 2-D windows (Keras' {@code MaxPooling2D}): input (batch, height, width, channels), output (batch, outH, outW, channels). Stride defaults to the pool size; padding VALID
 * (out = floor((in − pool) / stride) + 1) or SAME (out = ceil(in / stride); padded taps are ignored). Channels-last,
 * vectorized over the channel axis ({@link nabla.kernels.Pool}).
 */
public final class MaxPooling2D extends PoolBase<MaxPooling2D> {
    /**
     * A square {@code pool}×{@code pool} window with stride {@code pool} (non-overlapping), VALID padding.
     *
     * @param pool the window's height and width, &gt; 0
     * @throws IllegalArgumentException if {@code pool} is not positive
     */
    public MaxPooling2D(int pool) {
        this(pool, pool);
    }

    /**
     * A poolH×poolW window with strides equal to it, VALID padding.
     *
     * @param poolH the window's height, &gt; 0
     * @param poolW the window's width, &gt; 0
     * @throws IllegalArgumentException if a size is not positive
     */
    public MaxPooling2D(int poolH, int poolW) {
        this(new int[] {poolH, poolW}, new int[] {poolH, poolW}, Padding.VALID);
    }

    /**
     * A copy with the same stride along both axes (this layer is unchanged).
     *
     * @param stride the step between windows, &gt; 0
     * @return the changed copy
     * @throws IllegalArgumentException if {@code stride} is not positive
     * @throws IllegalStateException if this layer is built
     */
    public MaxPooling2D withStride(int stride) {
        return withStrides(new int[] {stride, stride});
    }

    /**
     * A copy with strides (vertical, horizontal) (this layer is unchanged).
     *
     * @param strideH the step between windows down the rows, &gt; 0
     * @param strideW the step between windows along a row, &gt; 0
     * @return the changed copy
     * @throws IllegalArgumentException if a stride is not positive
     * @throws IllegalStateException if this layer is built
     */
    public MaxPooling2D withStride(int strideH, int strideW) {
        return withStrides(new int[] {strideH, strideW});
    }

    MaxPooling2D(int[] pool, int[] strides, Padding padding) {
        if (pool.length != 2 || strides.length != 2)
            throw new IllegalArgumentException("MaxPooling2D: pool size and strides need 2 value(s) each");
        super(pool, strides, padding);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "pool_size" (required; two integers, or one for both axes), "strides" (default: the pool size), "padding" ("valid" or "same")
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static MaxPooling2D fromConfig(ConfigMap c) {
        PoolBase.Window w = PoolBase.fromConfig(c, 2);
        return new MaxPooling2D(w.pool(), w.strides(), w.padding());
    }

    @Override
    MaxPooling2D copy(int[] pool, int[] strides, Padding padding) {
        return new MaxPooling2D(pool, strides, padding);
    }

    @Override
    boolean isMax() {
        return true;
    }
}
