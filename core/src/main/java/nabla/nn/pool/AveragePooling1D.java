package nabla.nn.pool;

import nabla.nn.ConfigMap;
import nabla.nn.Padding;

/**
 * Average pooling over windows of steps (Keras' {@code AveragePooling1D}): input (batch, steps, channels), output (batch, outSteps, channels). Stride defaults to the pool size; padding VALID
 * (out = floor((in − pool) / stride) + 1) or SAME (out = ceil(in / stride); padded taps are ignored). Channels-last,
 * vectorized over the channel axis ({@link nabla.kernels.Pool}).
 */
public final class AveragePooling1D extends PoolBase<AveragePooling1D> {
    /**
     * Windows of {@code pool} steps with stride {@code pool} (non-overlapping), VALID padding.
     *
     * @param pool the window length in steps, &gt; 0
     * @throws IllegalArgumentException if {@code pool} is not positive
     */
    public AveragePooling1D(int pool) {
        this(new int[] {pool}, new int[] {pool}, Padding.VALID);
    }

    /**
     * A copy with another stride (this layer is unchanged).
     *
     * @param stride the step between windows, &gt; 0
     * @return the changed copy
     * @throws IllegalArgumentException if {@code stride} is not positive
     * @throws IllegalStateException if this layer is built
     */
    public AveragePooling1D withStride(int stride) {
        return withStrides(new int[] {stride});
    }

    AveragePooling1D(int[] pool, int[] strides, Padding padding) {
        if (pool.length != 1 || strides.length != 1)
            throw new IllegalArgumentException("AveragePooling1D: pool size and strides need 1 value(s) each");
        super(pool, strides, padding);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "pool_size" (required), "strides" (default: the pool size), "padding" ("valid" or "same")
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static AveragePooling1D fromConfig(ConfigMap c) {
        PoolBase.Window w = PoolBase.fromConfig(c, 1);
        return new AveragePooling1D(w.pool(), w.strides(), w.padding());
    }

    @Override
    AveragePooling1D copy(int[] pool, int[] strides, Padding padding) {
        return new AveragePooling1D(pool, strides, padding);
    }

    @Override
    boolean isMax() {
        return false;
    }
}
