package nabla.nn;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Rebuilds layers from their saved form: the type ({@link Layer#type()}) and the constructor arguments
 * ({@link Layer#config()}). The returned layer is unbuilt and unnamed. A new layer type adds one line to
 * {@link #FACTORIES}; the table is immutable (no global registration).
 */
public final class Layers {
    private Layers() {}

    private static final Map<String, Function<ConfigMap, Layer>> FACTORIES = Map.ofEntries(
            entry("Dense", Layers::dense),
            entry("Flatten", c -> { c.allowOnly(); return new Flatten(); }),
            entry("Add", c -> Merge.fromConfig("Add", c)),
            entry("Subtract", c -> Merge.fromConfig("Subtract", c)),
            entry("Multiply", c -> Merge.fromConfig("Multiply", c)),
            entry("Average", c -> Merge.fromConfig("Average", c)),
            entry("Maximum", c -> Merge.fromConfig("Maximum", c)),
            entry("Minimum", c -> Merge.fromConfig("Minimum", c)),
            entry("Concatenate", c -> Merge.fromConfig("Concatenate", c)),
            entry("Activation", c -> new ActivationLayer(Activation.byName(c.allowOnly("activation").string("activation")))),
            entry("LeakyReLU", c -> new LeakyReLU(c.allowOnly("negative_slope").floatValue("negative_slope", 0.3f))),
            entry("ELU", c -> new ELU(c.allowOnly("alpha").floatValue("alpha", 1f))),
            entry("PReLU", c -> new PReLU(Initializer.byName(c.allowOnly("alpha_initializer", "shared_axes").string("alpha_initializer", "zeros")), c.intList("shared_axes", new int[0]))),
            entry("Maxout", c -> new Maxout(c.allowOnly("units", "pieces", "kernel_initializer", "bias_initializer").intValue("units"), c.intValue("pieces"),
                    Initializer.byName(c.string("kernel_initializer", "glorot_uniform")), Initializer.byName(c.string("bias_initializer", "zeros")))),
            entry("Dropout", Layers::dropout),
            entry("GaussianNoise", c -> new GaussianNoise(c.allowOnly("stddev").floatValue("stddev", Float.NaN))),
            entry("BatchNormalization", c -> new BatchNormalization(c.allowOnly("axis", "momentum", "epsilon", "center", "scale").intValue("axis", -1),
                    c.floatValue("momentum", 0.99f), c.floatValue("epsilon", 1e-3f), c.boolValue("center", true), c.boolValue("scale", true))),
            entry("Embedding", Embedding::fromConfig),
            entry("SimpleRNN", SimpleRNN::fromConfig),
            entry("LSTM", LSTM::fromConfig),
            entry("GRU", GRU::fromConfig),
            entry("SimpleRNNCell", c -> SimpleRNNCell.fromConfig(c.allowOnly(SimpleRNNCell.KEYS))),
            entry("LSTMCell", c -> LSTMCell.fromConfig(c.allowOnly(LSTMCell.KEYS))),
            entry("GRUCell", c -> GRUCell.fromConfig(c.allowOnly(GRUCell.KEYS))),
            entry("Bidirectional", Bidirectional::fromConfig),
            entry("TimeDistributed", TimeDistributed::fromConfig),
            entry("Conv2D", c -> new Conv2D(ConvBase.fromConfig(c, 2))),
            entry("Conv1D", c -> new Conv1D(ConvBase.fromConfig(c, 1))),
            entry("MaxPooling2D", c -> { Object[] p = PoolBase.fromConfig(c, 2); return new MaxPooling2D((int[]) p[0], (int[]) p[1], (Padding) p[2]); }),
            entry("MaxPooling1D", c -> { Object[] p = PoolBase.fromConfig(c, 1); return new MaxPooling1D((int[]) p[0], (int[]) p[1], (Padding) p[2]); }),
            entry("AveragePooling2D", c -> { Object[] p = PoolBase.fromConfig(c, 2); return new AveragePooling2D((int[]) p[0], (int[]) p[1], (Padding) p[2]); }),
            entry("AveragePooling1D", c -> { Object[] p = PoolBase.fromConfig(c, 1); return new AveragePooling1D((int[]) p[0], (int[]) p[1], (Padding) p[2]); }),
            entry("GlobalAveragePooling2D", c -> { c.allowOnly(); return new GlobalAveragePooling2D(); }),
            entry("GlobalAveragePooling1D", c -> { c.allowOnly(); return new GlobalAveragePooling1D(); }),
            entry("GlobalMaxPooling2D", c -> { c.allowOnly(); return new GlobalMaxPooling2D(); }),
            entry("GlobalMaxPooling1D", c -> { c.allowOnly(); return new GlobalMaxPooling1D(); }),
            entry("ZeroPadding2D", ZeroPadding2D::fromConfig),
            entry("Reshape", c -> new Reshape(c.allowOnly("target_shape").intList("target_shape"))));

    /**
     * A new layer of {@code type} configured by {@code config}.
     *
     * @throws IllegalArgumentException for an unknown type (the message lists the known ones) or a bad config
     */
    public static Layer fromConfig(String type, Map<String, ?> config) {
        Function<ConfigMap, Layer> f = FACTORIES.get(type);
        if (f == null) throw new IllegalArgumentException("unknown layer type '" + type + "'; known: " + String.join(", ", knownTypes()));
        Map<String, Object> own = new java.util.LinkedHashMap<>(config), options = WeightOptions.extract(own);
        ConfigMap c = new ConfigMap(type + " config", own);
        return WeightOptions.apply(f.apply(c), options);
    }

    /** The layer types {@link #fromConfig} can build, sorted. */
    public static Set<String> knownTypes() {
        return new TreeSet<>(FACTORIES.keySet());
    }

    private static Layer dropout(ConfigMap c) {
        Dropout d = new Dropout(c.allowOnly("rate", "noise_shape").floatValue("rate", Float.NaN));
        int[] noise = c.intList("noise_shape", null);
        return noise == null ? d : d.withNoiseShape(noise);
    }

    private static Layer dense(ConfigMap c) {
        c.allowOnly("units", "activation", "use_bias", "kernel_initializer", "bias_initializer");
        return new Dense(c.intValue("units"),
                Activation.byName(c.string("activation", "linear")),
                c.boolValue("use_bias", true),
                Initializer.byName(c.string("kernel_initializer", "glorot_uniform")),
                Initializer.byName(c.string("bias_initializer", "zeros")));
    }
}
