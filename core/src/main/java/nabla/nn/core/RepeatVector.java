package nabla.nn.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Repeats each sample's feature vector n times (Keras' {@code RepeatVector}): (batch, features) becomes
 * (batch, n, features), e.g. to feed an encoder's summary to every step of a decoder. Only inputs of one
 * per-sample axis are accepted, as in Keras. The gradient of the output is summed over the n copies. No weights.
 * A padding mask stops here (the layer does not pass masks on, as Keras). Saved config key: "n".
 */
public final class RepeatVector extends Layer {
    private final int n;

    /**
     * A layer repeating its input {@code n} times along a new axis 1.
     *
     * @param n the number of repetitions, &gt;= 1
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public RepeatVector(int n) {
        if (n < 1) throw new IllegalArgumentException("RepeatVector: n must be at least 1, got " + n);
        super();
        this.n = n;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "n" (required)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static RepeatVector fromConfig(ConfigMap c) {
        return new RepeatVector(c.allowOnly("n").intValue("n"));
    }

    /**
     * The number of repetitions.
     *
     * @return n
     */
    public int n() {
        return n;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        outputShape(in);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Ops.stack(1, Collections.nCopies(n, x));
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 1)
            throw new IllegalArgumentException(describe() + ": expected input (batch, features), got " + withBatch(in)
                    + "; add a Flatten layer before it");
        return Shape.of(n, in.dim(0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("n", n);
        return c;
    }
}
