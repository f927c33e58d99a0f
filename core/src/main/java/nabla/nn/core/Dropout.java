package nabla.nn.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Inverted dropout (Srivastava et al. 2014; Keras' Dropout, PyTorch's {@code nn.Dropout}): in training each
 * element is zeroed with probability {@code rate} and the survivors are scaled by 1/(1 − rate), so evaluation and
 * prediction are the identity. Any input shape; output of the same shape; no weights. The masks come from the
 * layer's seeded {@link Rng} (its model seed), so the same seed gives the same masks; a new mask is drawn on every
 * training call. An optional noise shape (batch axis included, as Keras) draws one mask value per broadcast
 * group: e.g. {@code (-1, 1, 1, -1)} on (batch, h, w, c) drops whole channels (PyTorch's {@code Dropout2d});
 * -1 means "as the input". Saved config keys: "rate", "noise_shape" (only when set).
 */
public final class Dropout extends SameShapeLayer {
    private final float rate;
    private final int[] noiseShape;

    /**
     * Dropout with one mask value per element.
     *
     * @param rate the probability of dropping an element, in [0, 1)
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1)
     */
    public Dropout(float rate) {
        this(rate, null);
    }

    private Dropout(float rate, int[] noiseShape) {
        if (!(rate >= 0 && rate < 1))
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        super();
        this.rate = rate;
        this.noiseShape = noiseShape == null ? null : noiseShape.clone();
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "rate" (required), "noise_shape"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Dropout fromConfig(ConfigMap c) {
        Dropout d = new Dropout(c.allowOnly("rate", "noise_shape").floatValue("rate", Float.NaN));
        int[] noise = c.intList("noise_shape", null);
        return noise == null ? d : d.withNoiseShape(noise);
    }

    /**
     * A copy with a noise shape (this layer is unchanged). Entries equal to 1 share one mask value along their
     * axis; the shape is checked against the input when the layer is built.
     *
     * @param dims one entry per input axis, the batch axis included; each 1, the input's size along that axis,
     *     or -1
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Dropout withNoiseShape(int... dims) {
        return keepOptions(new Dropout(rate, dims));
    }

    /**
     * The drop probability.
     *
     * @return the rate, in [0, 1)
     */
    public float rate() {
        return rate;
    }

    @Override
    protected void checkInput(Shape in) {
        if (noiseShape != null) {
            if (noiseShape.length != in.rank() + 1)
                throw new IllegalArgumentException(
                        describe() + ": noise shape has " + noiseShape.length + " axes but the input " + withBatch(in)
                                + " has " + (in.rank() + 1) + "; give one entry per axis, batch included");
            for (int i = 1; i < noiseShape.length; i++)
                if (noiseShape[i] != -1 && noiseShape[i] != 1 && noiseShape[i] != in.dim(i - 1))
                    throw new IllegalArgumentException(describe() + ": noise shape entry " + noiseShape[i] + " at axis "
                            + i + " must be 1, -1 or " + in.dim(i - 1) + " for input " + withBatch(in));
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        int[] d = x.shape().dims();
        if (noiseShape != null) for (int i = 0; i < d.length; i++) if (noiseShape[i] == 1) d[i] = 1;
        Shape maskShape = Shape.of(d);
        return x.mul(Tensor.of(mask(maskShape)));
    }

    /** Values 0 (probability rate) or 1/(1 − rate), two 24-bit uniform draws per 64-bit random number. */
    private NDArray mask(Shape s) {
        float[] m = new float[s.size()];
        Rng rng = rng();
        float keep = 1f / (1f - rate);
        int threshold = (int) Math.ceil(rate * (double) (1 << 24)); // keep when u >= rate (u uniform on 24 bits)
        int i = 0;
        for (; i + 1 < m.length; i += 2) {
            long r = rng.nextLong();
            m[i] = (int) (r >>> 40) >= threshold ? keep : 0f;
            m[i + 1] = (int) (r & 0xFFFFFF) >= threshold ? keep : 0f;
        }
        if (i < m.length) m[i] = (int) (rng.nextLong() >>> 40) >= threshold ? keep : 0f;
        return NDArray.wrap(m, s);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = config("rate", rate);
        if (noiseShape != null) {
            List<Object> l = new ArrayList<>();
            for (int v : noiseShape) l.add(v);
            c.put("noise_shape", l);
        }
        return c;
    }
}
