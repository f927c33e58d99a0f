package nabla.nn.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Reorders the per-sample axes (Keras' {@code Permute}): {@code new Permute(2, 1)} turns (batch, steps, features)
 * into (batch, features, steps); {@code new Permute(2, 3, 1)} turns a channels-first image (batch, c, h, w) into
 * channels-last (batch, h, w, c). The batch axis stays first. Axes are numbered from 1, as Keras counts them. No
 * weights. Saved config key: "dims".
 */
public final class Permute extends Layer {
    private final int[] dims;

    /**
     * A permutation of the per-sample axes.
     *
     * @param dims output axis i is input axis {@code dims[i - 1]}: a permutation of 1..n
     * @throws IllegalArgumentException if {@code dims} is empty or not a permutation of 1..n
     */
    public Permute(int... dims) {
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d])
                throw new IllegalArgumentException(
                        "Permute: dims must be a permutation of 1.." + dims.length + ", got " + Arrays.toString(dims));
            seen[d] = true;
        }
        if (dims.length == 0) throw new IllegalArgumentException("Permute: give at least one axis");
        super();
        this.dims = dims.clone();
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "dims" (required)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Permute fromConfig(ConfigMap c) {
        return new Permute(c.allowOnly("dims").intList("dims"));
    }

    /**
     * The permutation.
     *
     * @return a copy of the axes, numbered from 1
     */
    public int[] dims() {
        return dims.clone();
    }

    @Override
    protected void create(Shape in, Rng rng) {
        outputShape(in);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] order = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) order[i + 1] = dims[i];
        return x.permute(order);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != dims.length)
            throw new IllegalArgumentException(describe() + ": dims " + Arrays.toString(dims) + " permute "
                    + dims.length + " axes, but the input " + withBatch(in) + " has " + in.rank());
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = in.dim(dims[i] - 1);
        return Shape.of(out);
    }

    @Override
    public Map<String, Object> config() {
        List<Object> l = new ArrayList<>();
        for (int d : dims) l.add(d);
        return Map.of("dims", l);
    }
}
