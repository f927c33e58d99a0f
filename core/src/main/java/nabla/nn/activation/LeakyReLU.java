package nabla.nn.activation;

import nabla.nn.ConfigMap;
import nabla.autograd.Activation;
import nabla.nn.SameShapeLayer;
import java.util.Map;
import nabla.autograd.ActivationOps;
import nabla.autograd.Tensor;

/**
 * Leaky ReLU as a layer: {@code x > 0 ? x : negativeSlope·x}, any input shape, output the same shape. Default
 * slope 0.3 as Keras' layer (Keras' {@code leaky_relu} activation, {@link Activation#LEAKY_RELU}, uses 0.2).
 */
public final class LeakyReLU extends SameShapeLayer {
    private final float negativeSlope;

    public LeakyReLU() {
        this(0.3f);
    }

    public LeakyReLU(float negativeSlope) {
        if (!(negativeSlope >= 0) || !Float.isFinite(negativeSlope))
            throw new IllegalArgumentException("LeakyReLU: negative slope must be a finite number >= 0, got " + negativeSlope);
        super();
        this.negativeSlope = negativeSlope;
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static LeakyReLU fromConfig(ConfigMap c) {
        return new LeakyReLU(c.allowOnly("negative_slope").floatValue("negative_slope", 0.3f));
    }

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
