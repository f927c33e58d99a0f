package nabla.nn.core;

import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Inverted dropout (Srivastava et al. 2014; Keras' Dropout): in training each element is zeroed with
 * probability {@code rate} and the survivors are scaled by 1/(1 − rate), so evaluation and prediction are the
 * identity. The masks come from the layer's seeded {@link Rng} (its model seed), so the same seed gives the
 * same masks. An optional noise shape (batch axis included, as Keras) draws one mask value per broadcast
 * group: e.g. {@code (-1, 1, 1, -1)} on (batch, h, w, c) drops whole channels; -1 means "as the input".
 */
public final class Dropout extends SameShapeLayer {
    private final float rate;
    private final int[] noiseShape;

    public Dropout(float rate) {
        this(rate, null);
    }

    private Dropout(float rate, int[] noiseShape) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        super();
        this.rate = rate;
        this.noiseShape = noiseShape == null ? null : noiseShape.clone();
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static Dropout fromConfig(ConfigMap c) {
        Dropout d = new Dropout(c.allowOnly("rate", "noise_shape").floatValue("rate", Float.NaN));
        int[] noise = c.intList("noise_shape", null);
        return noise == null ? d : d.withNoiseShape(noise);
    }

    /** A copy with a noise shape (rank of the input including the batch axis; each entry 1, the input's size, or -1). */
    public Dropout withNoiseShape(int... dims) {
        return keepOptions(new Dropout(rate, dims));
    }

    public float rate() {
        return rate;
    }

    @Override
    protected void checkInput(Shape in) {
        if (noiseShape != null) {
            if (noiseShape.length != in.rank() + 1)
                throw new IllegalArgumentException(describe() + ": noise shape has " + noiseShape.length + " axes but the input " + withBatch(in)
                        + " has " + (in.rank() + 1) + "; give one entry per axis, batch included");
            for (int i = 1; i < noiseShape.length; i++)
                if (noiseShape[i] != -1 && noiseShape[i] != 1 && noiseShape[i] != in.dim(i - 1))
                    throw new IllegalArgumentException(describe() + ": noise shape entry " + noiseShape[i] + " at axis " + i + " must be 1, -1 or "
                            + in.dim(i - 1) + " for input " + withBatch(in));
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
