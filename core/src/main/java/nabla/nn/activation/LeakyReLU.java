package nabla.nn.activation;

import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.ActivationOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;

/**
 * Leaky ReLU as a layer: {@code x > 0 ? x : negativeSlope·x}, any input shape, output the same shape, no
 * weights. Default slope 0.3 as Keras' layer (Keras' {@code leaky_relu} activation, {@link Activation#LEAKY_RELU},
 * uses 0.2; PyTorch's {@code nn.LeakyReLU} 0.01). Saved config key: "negative_slope".
 */
public final class LeakyReLU extends SameShapeLayer {
    private final float negativeSlope;

    /** Slope 0.3 (Keras' layer default). */
    public LeakyReLU() {
        this(0.3f);
    }

    /**
     * A leaky ReLU with another slope.
     *
     * @param negativeSlope the slope for negative inputs, finite and &gt;= 0
     * @throws IllegalArgumentException if the slope is negative, infinite or NaN
     */
    public LeakyReLU(float negativeSlope) {
        if (!(negativeSlope >= 0) || !Float.isFinite(negativeSlope))
            throw new IllegalArgumentException(
                    "LeakyReLU: negative slope must be a finite number >= 0, got " + negativeSlope);
        super();
        this.negativeSlope = negativeSlope;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "negative_slope" (default 0.3)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static LeakyReLU fromConfig(ConfigMap c) {
        return new LeakyReLU(c.allowOnly("negative_slope").floatValue("negative_slope", 0.3f));
    }

    /**
     * The slope for negative inputs.
     *
     * @return the negative slope
     */
    public float negativeSlope() {
        return negativeSlope;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return ActivationOps.leakyRelu(x, negativeSlope);
    }

    @Override
    public Map<String, Object> config() {
        return config("negative_slope", negativeSlope);
    }
}
