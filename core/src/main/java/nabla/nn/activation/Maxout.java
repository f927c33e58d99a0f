package nabla.nn.activation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.ActivationOps;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Maxout (Goodfellow et al. 2013): {@code units} outputs, each the maximum of {@code pieces} learned linear
 * functions of the input, a learnable convex piecewise-linear activation. Computed as a dense product to
 * units·pieces columns (unit u's pieces are columns u·pieces .. u·pieces + pieces − 1) followed by a maximum
 * over each group; the gradient flows to the winning piece. Input (batch, ..., in), output (batch, ..., units).
 * Weights: kernel (in, units·pieces) Glorot-uniform, bias (units·pieces) zeros. Saved config keys: "units",
 * "pieces", "kernel_initializer", "bias_initializer".
 */
public final class Maxout extends Layer {
    private final int units;
    private final int pieces;
    private final Initializer kernelInit;
    private final Initializer biasInit;
    private Parameter kernel;
    private Parameter bias;

    /**
     * A maxout layer with a Glorot-uniform kernel and a zero bias.
     *
     * @param units the number of outputs, &gt; 0
     * @param pieces the linear pieces per output, &gt; 0 (1 makes it a linear Dense layer)
     * @throws IllegalArgumentException if {@code units} or {@code pieces} is not positive
     */
    public Maxout(int units, int pieces) {
        this(units, pieces, Initializer.glorotUniform(), Initializer.zeros());
    }

    /**
     * A maxout layer with every setting given.
     *
     * @param units the number of outputs, &gt; 0
     * @param pieces the linear pieces per output, &gt; 0
     * @param kernelInit the kernel's initializer
     * @param biasInit the bias's initializer
     * @throws IllegalArgumentException if {@code units} or {@code pieces} is not positive
     * @throws NullPointerException if an initializer is null
     */
    public Maxout(int units, int pieces, Initializer kernelInit, Initializer biasInit) {
        if (units <= 0 || pieces <= 0)
            throw new IllegalArgumentException(
                    "Maxout: units and pieces must be positive integers, got units=" + units + ", pieces=" + pieces);
        super();
        this.units = units;
        this.pieces = pieces;
        this.kernelInit = Objects.requireNonNull(kernelInit, "kernelInit");
        this.biasInit = Objects.requireNonNull(biasInit, "biasInit");
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "units" and "pieces" (required), "kernel_initializer", "bias_initializer"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Maxout fromConfig(ConfigMap c) {
        c.allowOnly("units", "pieces", "kernel_initializer", "bias_initializer");
        return new Maxout(
                c.intValue("units"),
                c.intValue("pieces"),
                Initializer.byName(c.string("kernel_initializer", "glorot_uniform")),
                Initializer.byName(c.string("bias_initializer", "zeros")));
    }

    /**
     * The number of outputs.
     *
     * @return the units
     */
    public int units() {
        return units;
    }

    /**
     * The linear pieces per output.
     *
     * @return the pieces
     */
    public int pieces() {
        return pieces;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        if (in.rank() < 1)
            throw new IllegalArgumentException(
                    describe() + ": expected input (batch, ..., features), got a batch of scalars");
        kernel = addWeight("kernel", Shape.of(in.last(), units * pieces), kernelInit, rng, true);
        bias = addWeight("bias", Shape.of(units * pieces), biasInit, rng, true);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor z = NNOps.linear(x, kernel.tensor(), bias.tensor());
        return pieces == 1 ? z : ActivationOps.groupMax(z, pieces);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in.with(-1, units);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("units", units);
        c.put("pieces", pieces);
        c.put("kernel_initializer", kernelInit.name());
        c.put("bias_initializer", biasInit.name());
        return c;
    }
}
