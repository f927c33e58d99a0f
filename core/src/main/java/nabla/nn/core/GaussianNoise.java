package nabla.nn.core;

import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;

/**
 * Adds zero-mean Gaussian noise of standard deviation {@code stddev} in training only (Keras' GaussianNoise, a
 * regularizer); the identity in evaluation and prediction. Any input shape; output of the same shape; no
 * weights. The noise comes from the layer's seeded {@link Rng}, new on every training call. Saved config key:
 * "stddev".
 */
public final class GaussianNoise extends SameShapeLayer {
    private final float stddev;

    /**
     * A noise layer.
     *
     * @param stddev the noise's standard deviation, finite and &gt;= 0 (0: the identity)
     * @throws IllegalArgumentException if {@code stddev} is negative, infinite or NaN
     */
    public GaussianNoise(float stddev) {
        if (!(stddev >= 0) || !Float.isFinite(stddev))
            throw new IllegalArgumentException("GaussianNoise: stddev must be a finite number >= 0, got " + stddev);
        super();
        this.stddev = stddev;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "stddev" (required)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GaussianNoise fromConfig(ConfigMap c) {
        return new GaussianNoise(c.allowOnly("stddev").floatValue("stddev", Float.NaN));
    }

    /**
     * The noise's standard deviation.
     *
     * @return the stddev
     */
    public float stddev() {
        return stddev;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || stddev == 0) return x;
        return x.add(Tensor.of(NDArray.normal(x.shape(), 0f, stddev, rng())));
    }

    @Override
    public Map<String, Object> config() {
        return config("stddev", stddev);
    }
}
