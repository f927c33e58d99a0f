package nabla.nn.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A layer that applies a function written with {@link Tensor} operations (Keras' {@code Lambda}): e.g. the absolute
 * difference of two embeddings, a scaling, a custom activation. Keras saves a Lambda's Python bytecode; Nabla saves
 * the function's registered name, so a function is registered once with {@link #register} (under a name, with how it
 * maps per-sample shapes) and the layer refers to it by that name; a model file holding the layer loads wherever
 * the function is registered under the same name. It has no weights. Saved config key: "function".
 *
 * <pre>{@code
 * Lambda.register("square", x -> x.mul(x));
 * model.add(new Lambda("square"));
 * }</pre>
 */
public final class Lambda extends Layer {
    private record Fn(UnaryOperator<Tensor> function, UnaryOperator<Shape> outputShape) {}

    private static final Map<String, Fn> FUNCTIONS = new ConcurrentHashMap<>();

    private final String function;

    /**
     * Registers {@code function}, which keeps the per-sample shape, under {@code name}. Registering the same
     * function object again does nothing. Thread-safe.
     *
     * @param name the name layers and files refer to it by
     * @param function the computation on a batch, from differentiable tensor operations
     * @throws IllegalArgumentException if another function is registered under {@code name}
     * @throws NullPointerException if an argument is null
     */
    public static void register(String name, UnaryOperator<Tensor> function) {
        register(name, function, UnaryOperator.identity());
    }

    /**
     * Registers {@code function} under {@code name}, with the per-sample output shape it gives for a per-sample
     * input shape (models call it to infer shapes without data).
     *
     * @param name the name layers and files refer to it by
     * @param function the computation on a batch, from differentiable tensor operations
     * @param outputShape the per-sample output shape for a per-sample input shape
     * @throws IllegalArgumentException if another function is registered under {@code name}
     * @throws NullPointerException if an argument is null
     */
    public static void register(String name, UnaryOperator<Tensor> function, UnaryOperator<Shape> outputShape) {
        Objects.requireNonNull(name, "name");
        Fn fn = new Fn(
                Objects.requireNonNull(function, "function"), Objects.requireNonNull(outputShape, "outputShape"));
        Fn old = FUNCTIONS.putIfAbsent(name, fn);
        if (old != null && old.function != function)
            throw new IllegalArgumentException(
                    "Lambda.register: another function is already registered as '" + name + "'");
    }

    /**
     * A layer applying the function registered as {@code function}.
     *
     * @param function the registered name
     * @throws IllegalArgumentException if no function is registered under that name (the message lists those that
     *     are)
     */
    public Lambda(String function) {
        this.function = Objects.requireNonNull(function, "function");
        fn();
    }

    private Fn fn() {
        Fn f = FUNCTIONS.get(function);
        if (f == null)
            throw new IllegalArgumentException("Lambda: no function is registered as '" + function
                    + "'; call Lambda.register(\"" + function + "\", fn) first (registered: "
                    + new TreeSet<>(FUNCTIONS.keySet()) + ")");
        return f;
    }

    /**
     * Rebuilds a Lambda layer from its saved config.
     *
     * @param c the config: "function" (required), the registered name
     * @return the layer
     * @throws IllegalArgumentException if the name is not registered or the config has other keys
     */
    public static Lambda fromConfig(ConfigMap c) {
        c.allowOnly("function");
        return new Lambda(c.string("function"));
    }

    /**
     * The registered name of the function.
     *
     * @return the name
     */
    public String function() {
        return function;
    }

    @Override
    protected void create(Shape sampleShape, Rng rng) {
        outputShape(sampleShape);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = fn().function().apply(x);
        Shape want = outputShape(x.shape().dropFirst());
        if (y.rank() < 1 || y.dim(0) != x.dim(0) || !y.shape().dropFirst().equals(want))
            throw new IllegalArgumentException(describe() + ": function '" + function + "' gave " + y.shape()
                    + " for input " + x.shape() + ", its registered output shape is " + withBatch(want));
        return y;
    }

    @Override
    public Shape outputShape(Shape sampleShape) {
        return fn().outputShape().apply(sampleShape);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("function", function);
        return c;
    }
}
