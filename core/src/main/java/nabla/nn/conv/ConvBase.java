package nabla.nn.conv;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.Activation;
import nabla.autograd.ConvOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.nn.Parameter;
import nabla.nn.internal.Windows;
import nabla.nn.weights.Initializer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * What {@link Conv1D} and {@link Conv2D} share: the settings, the weights (kernel in Keras' layout
 * (k..., in, filters), bias (filters)), the output-size arithmetic and the saved form. Settings are immutable;
 * {@code withX} returns an unbuilt copy and leaves the receiver unchanged.
 *
 * @param <T> the concrete layer, which the {@code withX} methods return
 */
abstract sealed class ConvBase<T extends ConvBase<T>> extends Layer permits Conv1D, Conv2D {
    /** All settings of a convolution layer, copied as a unit by the {@code withX} methods. */
    record Settings(
            int filters,
            int[] kernel,
            int[] strides,
            int[] dilation,
            Padding padding,
            Activation activation,
            boolean useBias,
            Initializer kernelInit,
            Initializer biasInit) {}

    final Settings s;
    private Parameter kernel;
    private Parameter bias;

    ConvBase(Settings s) {
        super();
        String owner = getClass().getSimpleName();
        if (s.filters() < 1)
            throw new IllegalArgumentException(owner + ": filters must be positive, got " + s.filters());
        Windows.positive(owner, "kernel size", s.kernel());
        Windows.positive(owner, "strides", s.strides());
        Windows.positive(owner, "dilation", s.dilation());
        Objects.requireNonNull(s.padding(), "padding");
        Objects.requireNonNull(s.activation(), "activation");
        Objects.requireNonNull(s.kernelInit(), "kernelInit");
        Objects.requireNonNull(s.biasInit(), "biasInit");
        this.s = s;
    }

    static Settings defaults(int rank, int filters, int[] kernel, Activation act) {
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        return new Settings(
                filters,
                kernel,
                ones,
                ones.clone(),
                Padding.VALID,
                act,
                true,
                Initializer.glorotUniform(),
                Initializer.zeros());
    }

    abstract T copy(Settings s);

    /** The spatial rank: 1 or 2. */
    final int rank() {
        return s.kernel().length;
    }

    int[] fill(int v) {
        int[] a = new int[rank()];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * A copy with another padding (this layer is unchanged).
     *
     * @param padding {@link Padding#VALID} (the default), {@link Padding#SAME} or an explicit amount (1-D layers
     *     use its left and right)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code padding} is null
     */
    public T withPadding(Padding padding) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                s.strides(),
                s.dilation(),
                padding,
                s.activation(),
                s.useBias(),
                s.kernelInit(),
                s.biasInit())));
    }

    /**
     * A copy with another activation, applied after the bias (this layer is unchanged).
     *
     * @param activation the activation (default linear)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code activation} is null
     */
    public T withActivation(Activation activation) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                s.strides(),
                s.dilation(),
                s.padding(),
                activation,
                s.useBias(),
                s.kernelInit(),
                s.biasInit())));
    }

    /**
     * A copy with or without bias (this layer is unchanged).
     *
     * @param useBias whether to add a bias (default true)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public T withBias(boolean useBias) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                s.strides(),
                s.dilation(),
                s.padding(),
                s.activation(),
                useBias,
                s.kernelInit(),
                s.biasInit())));
    }

    /**
     * A copy with another kernel initializer (this layer is unchanged).
     *
     * @param init the kernel's initializer (default Glorot uniform, with Keras' fans: kh·kw·in and kh·kw·filters)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code init} is null
     */
    public T withKernelInitializer(Initializer init) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                s.strides(),
                s.dilation(),
                s.padding(),
                s.activation(),
                s.useBias(),
                init,
                s.biasInit())));
    }

    /**
     * A copy with another bias initializer (this layer is unchanged).
     *
     * @param init the bias's initializer (default zeros)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code init} is null
     */
    public T withBiasInitializer(Initializer init) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                s.strides(),
                s.dilation(),
                s.padding(),
                s.activation(),
                s.useBias(),
                s.kernelInit(),
                init)));
    }

    T withStrides(int[] strides) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                strides,
                s.dilation(),
                s.padding(),
                s.activation(),
                s.useBias(),
                s.kernelInit(),
                s.biasInit())));
    }

    T withDilations(int[] dilation) {
        return keepOptions(copy(new Settings(
                s.filters(),
                s.kernel(),
                s.strides(),
                dilation,
                s.padding(),
                s.activation(),
                s.useBias(),
                s.kernelInit(),
                s.biasInit())));
    }

    /**
     * The number of output channels.
     *
     * @return the filters
     */
    public int filters() {
        return s.filters();
    }

    /**
     * The padding.
     *
     * @return VALID, SAME or the explicit amounts
     */
    public Padding padding() {
        return s.padding();
    }

    /**
     * The activation applied after the bias.
     *
     * @return the activation
     */
    public Activation activation() {
        return s.activation();
    }

    @Override
    protected void create(Shape in, Rng rng) {
        Windows.outputShape(this, in, s.kernel(), s.strides(), s.dilation(), s.padding(), s.filters()); // validates
        int[] kdims = new int[rank() + 2];
        System.arraycopy(s.kernel(), 0, kdims, 0, rank());
        kdims[rank()] = in.last();
        kdims[rank() + 1] = s.filters();
        kernel = addWeight("kernel", Shape.of(kdims), s.kernelInit(), rng, true);
        if (s.useBias()) bias = addWeight("bias", Shape.of(s.filters()), s.biasInit(), rng, true);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Shape in = x.shape().dropFirst();
        Activation act = s.activation();
        Tensor b = s.useBias() ? bias.tensor() : null;
        if (rank() == 2) {
            int[] v = Windows.resolve(s.padding(), 2, 0, in.dim(0), s.kernel()[0], s.strides()[0], s.dilation()[0]);
            int[] h = Windows.resolve(s.padding(), 2, 1, in.dim(1), s.kernel()[1], s.strides()[1], s.dilation()[1]);
            return ConvOps.conv2d(
                    x,
                    kernel.tensor(),
                    b,
                    s.strides()[0],
                    s.strides()[1],
                    s.dilation()[0],
                    s.dilation()[1],
                    v[0],
                    v[1],
                    h[0],
                    h[1],
                    act);
        } else {
            int[] h = Windows.resolve(s.padding(), 1, 0, in.dim(0), s.kernel()[0], s.strides()[0], s.dilation()[0]);
            return ConvOps.conv1d(x, kernel.tensor(), b, s.strides()[0], s.dilation()[0], h[0], h[1], act);
        }
    }

    @Override
    public Shape outputShape(Shape in) {
        return Windows.outputShape(this, in, s.kernel(), s.strides(), s.dilation(), s.padding(), s.filters());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("filters", s.filters());
        c.put("kernel_size", Windows.list(s.kernel()));
        c.put("strides", Windows.list(s.strides()));
        c.put("padding", s.padding().configValue());
        c.put("dilation_rate", Windows.list(s.dilation()));
        c.put("activation", s.activation().kerasName());
        c.put("use_bias", s.useBias());
        c.put("kernel_initializer", s.kernelInit().name());
        c.put("bias_initializer", s.biasInit().name());
        return c;
    }

    /** Rebuilds the settings saved by {@link #config()} for a rank-{@code rank} layer. */
    static Settings fromConfig(ConfigMap c, int rank) {
        c.allowOnly(
                "filters",
                "kernel_size",
                "strides",
                "padding",
                "dilation_rate",
                "activation",
                "use_bias",
                "kernel_initializer",
                "bias_initializer");
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        return new Settings(
                c.intValue("filters"),
                c.intArray("kernel_size", rank, null),
                c.intArray("strides", rank, ones),
                c.intArray("dilation_rate", rank, ones),
                Padding.fromConfig(c.string("padding", "valid")),
                Activation.byName(c.string("activation", "linear")),
                c.boolValue("use_bias", true),
                Initializer.byName(c.string("kernel_initializer", "glorot_uniform")),
                Initializer.byName(c.string("bias_initializer", "zeros")));
    }
}
