package nabla.io;

import static java.util.Map.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.nn.activation.Maxout;
import nabla.nn.activation.PReLU;
import nabla.nn.activation.Softmax;
import nabla.nn.attention.AdditiveAttention;
import nabla.nn.attention.Attention;
import nabla.nn.attention.MultiHeadAttention;
import nabla.nn.conv.Conv1D;
import nabla.nn.conv.Conv2D;
import nabla.nn.conv.ZeroPadding2D;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.nn.core.GaussianNoise;
import nabla.nn.core.Lambda;
import nabla.nn.core.Permute;
import nabla.nn.core.RepeatVector;
import nabla.nn.core.Reshape;
import nabla.nn.merge.Dot;
import nabla.nn.merge.Merge;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.normalization.LayerNormalization;
import nabla.nn.pool.AveragePooling1D;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.GlobalAveragePooling2D;
import nabla.nn.pool.GlobalMaxPooling1D;
import nabla.nn.pool.GlobalMaxPooling2D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.recurrent.Bidirectional;
import nabla.nn.recurrent.GRU;
import nabla.nn.recurrent.GRUCell;
import nabla.nn.recurrent.LSTM;
import nabla.nn.recurrent.LSTMCell;
import nabla.nn.recurrent.SimpleRNN;
import nabla.nn.recurrent.SimpleRNNCell;
import nabla.nn.recurrent.TimeDistributed;

/**
 * Rebuilds layers from their saved form: the type ({@link Layer#type()}) and the constructor arguments
 * ({@link Layer#config()}). The returned layer is unbuilt and unnamed. Built-in types are in a fixed table; a custom
 * layer (a {@link Layer} subclass of your own) is registered by its type name with {@link #register}, as Keras'
 * {@code register_keras_serializable}, so that models holding it load again. Models themselves (nested
 * {@code Sequential} and {@code Functional}) are rebuilt by {@code nabla.models}.
 */
public final class LayerRegistry {
    private LayerRegistry() {}

    private static final Map<String, Function<ConfigMap, Layer>> FACTORIES = Map.ofEntries(
            entry("Dense", Dense::fromConfig),
            entry("Flatten", Flatten::fromConfig),
            entry("Reshape", Reshape::fromConfig),
            entry("Permute", Permute::fromConfig),
            entry("RepeatVector", RepeatVector::fromConfig),
            entry("Activation", ActivationLayer::fromConfig),
            entry("Embedding", Embedding::fromConfig),
            entry("Dropout", Dropout::fromConfig),
            entry("Lambda", Lambda::fromConfig),
            entry("GaussianNoise", GaussianNoise::fromConfig),
            entry("Add", c -> Merge.fromConfig("Add", c)),
            entry("Subtract", c -> Merge.fromConfig("Subtract", c)),
            entry("Multiply", c -> Merge.fromConfig("Multiply", c)),
            entry("Average", c -> Merge.fromConfig("Average", c)),
            entry("Maximum", c -> Merge.fromConfig("Maximum", c)),
            entry("Minimum", c -> Merge.fromConfig("Minimum", c)),
            entry("Concatenate", c -> Merge.fromConfig("Concatenate", c)),
            entry("Dot", Dot::fromConfig),
            entry("Attention", Attention::fromConfig),
            entry("AdditiveAttention", AdditiveAttention::fromConfig),
            entry("MultiHeadAttention", MultiHeadAttention::fromConfig),
            entry("LeakyReLU", LeakyReLU::fromConfig),
            entry("ELU", ELU::fromConfig),
            entry("PReLU", PReLU::fromConfig),
            entry("Maxout", Maxout::fromConfig),
            entry("Softmax", Softmax::fromConfig),
            entry("BatchNormalization", BatchNormalization::fromConfig),
            entry("LayerNormalization", LayerNormalization::fromConfig),
            entry("SimpleRNN", SimpleRNN::fromConfig),
            entry("LSTM", LSTM::fromConfig),
            entry("GRU", GRU::fromConfig),
            entry("SimpleRNNCell", SimpleRNNCell::fromConfig),
            entry("LSTMCell", LSTMCell::fromConfig),
            entry("GRUCell", GRUCell::fromConfig),
            entry("Bidirectional", c -> Bidirectional.fromConfig(c, LayerRegistry::fromConfig)),
            entry("TimeDistributed", c -> TimeDistributed.fromConfig(c, LayerRegistry::fromConfig)),
            entry("Conv2D", Conv2D::fromConfig),
            entry("Conv1D", Conv1D::fromConfig),
            entry("ZeroPadding2D", ZeroPadding2D::fromConfig),
            entry("MaxPooling2D", MaxPooling2D::fromConfig),
            entry("MaxPooling1D", MaxPooling1D::fromConfig),
            entry("AveragePooling2D", AveragePooling2D::fromConfig),
            entry("AveragePooling1D", AveragePooling1D::fromConfig),
            entry("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig),
            entry("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig),
            entry("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig),
            entry("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig));

    private static final Map<String, Function<ConfigMap, Layer>> CUSTOM =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Registers a custom layer type (Keras' {@code register_keras_serializable}): {@link #fromConfig} of
     * {@code type} calls {@code factory} with the saved config (what the layer's {@link Layer#config()} wrote), so
     * that a saved model holding such a layer loads. Register before loading, e.g. in a static initializer of the
     * layer class: {@code LayerRegistry.register("Scale", Scale::fromConfig)}. Registering the same factory again does
     * nothing. Thread-safe.
     *
     * @param type the layer's {@link Layer#type()}
     * @param factory makes an unbuilt layer from its config
     * @throws IllegalArgumentException if {@code type} is a built-in type, "Sequential" or "Functional", or already
     *     registered with another factory
     * @throws NullPointerException if an argument is null
     */
    public static void register(String type, Function<ConfigMap, Layer> factory) {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(factory, "factory");
        if (FACTORIES.containsKey(type) || type.equals("Sequential") || type.equals("Functional"))
            throw new IllegalArgumentException("LayerRegistry.register: '" + type + "' is a built-in layer type");
        Function<ConfigMap, Layer> old = CUSTOM.putIfAbsent(type, factory);
        if (old != null && old != factory)
            throw new IllegalArgumentException(
                    "LayerRegistry.register: '" + type + "' is already registered with another factory");
    }

    /**
     * Whether {@link #fromConfig} knows {@code type} (built in or registered).
     *
     * @param type a layer type
     * @return true if it can be rebuilt
     */
    public static boolean isKnown(String type) {
        return FACTORIES.containsKey(type) || CUSTOM.containsKey(type);
    }

    /**
     * A new layer of {@code type} configured by {@code config}, as Keras' {@code layers.deserialize}. The
     * "..._regularizer" and "..._constraint" entries of the config (as {@link Layer#savedConfig()} writes them) are
     * set on the layer through its {@code withX} methods; the rest go to the layer type's {@code fromConfig}.
     *
     * @param type the layer type ({@link Layer#type()}, e.g. "Dense")
     * @param config the constructor arguments by name (not modified)
     * @return an unbuilt, unnamed layer (the model names it)
     * @throws IllegalArgumentException for an unknown type (the message lists the known ones) or a bad config
     */
    public static Layer fromConfig(String type, Map<String, ?> config) {
        Function<ConfigMap, Layer> f = FACTORIES.get(type);
        if (f == null) f = CUSTOM.get(type);
        if (f == null)
            throw new IllegalArgumentException("unknown layer type '" + type + "': a custom layer class must be"
                    + " registered before loading, with LayerRegistry.register(\"" + type + "\", " + type
                    + "::fromConfig); known: " + String.join(", ", knownTypes()));
        Map<String, Object> own = new LinkedHashMap<>(config), options = WeightOptions.extract(own);
        ConfigMap c = new ConfigMap(type + " config", own);
        return WeightOptions.apply(f.apply(c), options);
    }

    /**
     * The layer types {@link #fromConfig} can build.
     *
     * @return a new sorted set of type names
     */
    public static Set<String> knownTypes() {
        Set<String> s = new TreeSet<>(FACTORIES.keySet());
        s.addAll(CUSTOM.keySet());
        return s;
    }
}
