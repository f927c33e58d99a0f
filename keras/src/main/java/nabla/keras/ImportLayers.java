package nabla.keras;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nabla.io.LayerRegistry;
import nabla.keras.Graph.Format;
import nabla.nn.Layer;

/**
 * Keras layer configs to Nabla layers. Each Keras option is either mapped, checked to have the value Nabla computes
 * (e.g. {@code data_format: channels_last}, {@code stateful: false}), or ignored because it cannot change what the
 * loaded model computes (initializers: the weights come from the file; {@code unroll}, {@code implementation}).
 * Everything else is reported to {@link #problems} ("layer 'conv' (Conv2D): data_format 'channels_first'"), so that a
 * file fails with one list of all it uses that Nabla lacks.
 */
final class ImportLayers {
    /** Options that cannot change the loaded model's outputs. */
    private static final Set<String> IGNORED = Set.of(
            "name",
            "trainable",
            "dtype",
            "batch_input_shape",
            "batch_shape",
            "input_shape",
            "input_dtype",
            "input_length",
            "seed",
            "implementation",
            "unroll",
            "zero_output_for_mask",
            "synchronized",
            "fused",
            "autocast",
            "lora_alpha");

    private final Format format;
    final List<String> problems = new ArrayList<>();

    ImportLayers(Format format) {
        this.format = format;
    }

    /** Options of one layer, consumed as they are read; whatever is left unread is reported. */
    private final class Options {
        final String who;
        final Map<String, Object> c;
        final Set<String> read = new HashSet<>();

        Options(String who, Map<String, Object> c) {
            this.who = who;
            this.c = c;
        }

        Object get(String key) {
            read.add(key);
            return c.get(key);
        }

        boolean has(String key) {
            return c.get(key) != null;
        }

        void problem(String what) {
            problems.add(who + ": " + what);
        }

        /** The option must be absent, null or {@code expected}. */
        void require(String key, Object expected) {
            Object v = get(key);
            if (v != null && !same(v, expected))
                problem(key + " " + show(v) + " (Nabla supports " + show(expected) + ")");
        }

        void leftovers() {
            for (Map.Entry<String, Object> e : c.entrySet()) {
                String k = e.getKey();
                if (read.contains(k) || IGNORED.contains(k) || k.endsWith("_initializer") || e.getValue() == null)
                    continue;
                if (k.endsWith("_regularizer") || k.endsWith("_constraint")) continue; // read by weightOptions
                problem("option '" + k + "' = " + show(e.getValue()));
            }
        }
    }

    private static boolean same(Object v, Object expected) {
        if (v instanceof Number a && expected instanceof Number b)
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        return v.equals(expected);
    }

    static String show(Object v) {
        if (v instanceof String s) return "'" + s + "'";
        String s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /**
     * The Nabla layer for Keras layer {@code cls} named {@code name}, or null when it cannot be made (the reasons are
     * in {@link #problems}).
     */
    Layer layer(String cls, String name, Map<String, Object> cfg) {
        String who = "layer '" + name + "' (" + cls + ")";
        int before = problems.size();
        Map<String, Object> nabla = new LinkedHashMap<>();
        String type = convert(cls, cfg, who, nabla);
        if (type == null || problems.size() > before) return null;
        try {
            Layer l = LayerRegistry.fromConfig(type, nabla).named(name);
            if (Boolean.FALSE.equals(cfg.get("trainable"))) l.setTrainable(false);
            return l;
        } catch (IllegalArgumentException e) {
            problems.add(who + ": " + e.getMessage());
            return null;
        }
    }

    /** Fills {@code out} with the Nabla config; returns the Nabla type, or null for an unsupported class. */
    private String convert(String cls, Map<String, Object> cfg, String who, Map<String, Object> out) {
        Options o = new Options(who, cfg);
        checkCommon(o);
        String type = cls;
        switch (cls) {
            case "Dense" -> {
                copy(o, out, "units");
                activation(o, out, "activation");
                copy(o, out, "use_bias");
                o.get("lora_rank");
                if (o.has("lora_rank")) o.problem("lora_rank (LoRA) is not supported");
            }
            case "Conv1D", "Conv2D" -> {
                copy(o, out, "filters");
                copy(o, out, "kernel_size");
                copy(o, out, "strides");
                padding(o, out, cls.equals("Conv1D"));
                copy(o, out, "dilation_rate");
                activation(o, out, "activation");
                copy(o, out, "use_bias");
                o.require("groups", 1L);
                o.get("lora_rank");
                if (o.has("lora_rank")) o.problem("lora_rank (LoRA) is not supported");
            }
            case "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D" -> {
                copy(o, out, "pool_size");
                if (o.has("strides")) copy(o, out, "strides");
                else o.get("strides");
                padding(o, out, false);
            }
            case "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D" ->
                o.require("keepdims", false);
            case "ZeroPadding2D" -> {
                Object p = o.get("padding");
                List<Object> pads = new ArrayList<>();
                if (p instanceof Long v) pads.addAll(List.of(List.of(v, v), List.of(v, v)));
                else if (p instanceof List<?> l
                        && l.size() == 2
                        && l.get(0) instanceof Long a
                        && l.get(1) instanceof Long b) pads.addAll(List.of(List.of(a, a), List.of(b, b)));
                else if (p instanceof List<?> l) pads.addAll(l);
                else o.problem("padding " + show(p) + " is not an integer or a pair");
                out.put("padding", pads);
            }
            case "Flatten" -> {}
            case "Reshape" -> {
                Object t = o.get("target_shape");
                if (t instanceof List<?> l && l.contains(-1L)) o.problem("target_shape " + t + " with -1 (inferred)");
                out.put("target_shape", t);
            }
            case "Dropout" -> {
                copy(o, out, "rate");
                Object ns = o.get("noise_shape");
                if (ns instanceof List<?> l) {
                    List<Object> n = new ArrayList<>();
                    for (Object x : l) n.add(x == null ? -1L : x);
                    out.put("noise_shape", n);
                }
            }
            case "GaussianNoise" -> copy(o, out, "stddev");
            case "Activation" -> activation(o, out, "activation");
            case "ReLU" -> {
                type = "Activation";
                o.require("max_value", null);
                o.require("negative_slope", 0L);
                o.require("threshold", 0L);
                out.put("activation", "relu");
            }
            case "Softmax" -> oneAxis(o, out);
            case "LayerNormalization" -> {
                oneAxis(o, out);
                copy(o, out, "epsilon");
                copy(o, out, "center");
                copy(o, out, "scale");
                o.require("rms_scaling", false);
            }
            case "RepeatVector" -> copy(o, out, "n");
            case "Permute" -> copy(o, out, "dims");
            case "Dot" -> {
                copy(o, out, "axes");
                copy(o, out, "normalize");
            }
            case "Embedding" -> {
                copy(o, out, "input_dim");
                copy(o, out, "output_dim");
                copy(o, out, "mask_zero");
                o.get("lora_rank");
                if (o.has("lora_rank")) o.problem("lora_rank (LoRA) is not supported");
                o.require("sparse", false);
            }
            case "BatchNormalization" -> {
                oneAxis(o, out);
                copy(o, out, "momentum");
                copy(o, out, "epsilon");
                copy(o, out, "center");
                copy(o, out, "scale");
                o.require("renorm", false);
                o.require("virtual_batch_size", null);
                o.require("adjustment", null);
                o.get("renorm_clipping");
                o.get("renorm_momentum");
            }
            case "LeakyReLU" -> {
                Object a = o.get(format == Format.KERAS3 ? "negative_slope" : "alpha");
                if (format == Format.KERAS3 && a == null) a = o.get("alpha");
                out.put("negative_slope", a == null ? new BigDecimal("0.3") : a);
            }
            case "ELU" -> copy(o, out, "alpha");
            case "PReLU" -> {
                Object s = o.get("shared_axes");
                if (s instanceof Long v) s = List.of(v);
                if (s != null) out.put("shared_axes", s);
            }
            case "SimpleRNN", "LSTM", "GRU" -> recurrent(cls, o, out);
            case "Bidirectional" -> {
                type = "Bidirectional";
                Object mode = o.get("merge_mode");
                if (mode == null) o.problem("merge_mode None (separate outputs)");
                else out.put("merge_mode", mode);
                Map<String, Object> inner = wrapped(o, "layer");
                Map<String, Object> back = o.has("backward_layer") ? wrapped(o, "backward_layer") : null;
                if (inner == null) return null;
                String ic = (String) inner.get("class_name");
                Map<String, Object> icfg = asMap(inner.get("config"));
                if (back != null && !sameExceptDirection(icfg, asMap(back.get("config")), ic, back.get("class_name")))
                    o.problem("a backward_layer that is not the forward layer reversed");
                Map<String, Object> n = new LinkedHashMap<>();
                String innerName = icfg.get("name") instanceof String s ? s : "rnn";
                String t = convert(ic, icfg, who + " inner layer '" + innerName + "' (" + ic + ")", n);
                if (t == null) return null;
                if (!List.of("SimpleRNN", "LSTM", "GRU").contains(t)) o.problem("wraps a " + ic + ", not an RNN");
                // Keras 3 writes the forward layer with go_backwards false: Bidirectional reverses its copy itself
                n.remove("go_backwards");
                out.put("layer", Map.of("class_name", t, "config", n));
            }
            case "TimeDistributed" -> {
                Map<String, Object> inner = wrapped(o, "layer");
                if (inner == null) return null;
                String ic = (String) inner.get("class_name");
                Map<String, Object> icfg = asMap(inner.get("config"));
                Map<String, Object> n = new LinkedHashMap<>();
                String innerName = icfg.get("name") instanceof String s ? s : "layer";
                String t = convert(ic, icfg, who + " inner layer '" + innerName + "' (" + ic + ")", n);
                if (t == null) return null;
                out.put("layer", Map.of("class_name", t, "config", n));
            }
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> {}
            case "Concatenate" -> copy(o, out, "axis");
            case "Attention", "AdditiveAttention" -> {
                copy(o, out, "use_scale");
                if (cls.equals("Attention")) copy(o, out, "score_mode");
                copy(o, out, "dropout");
                copy(o, out, "causal"); // tf.keras 2's deprecated config option
                copy(o, out, "use_causal_mask");
                copy(o, out, "return_attention_scores");
            }
            case "MultiHeadAttention" -> {
                copy(o, out, "num_heads");
                copy(o, out, "key_dim");
                copy(o, out, "value_dim");
                copy(o, out, "dropout");
                copy(o, out, "use_bias");
                Object os = o.get("output_shape");
                if (os instanceof List<?> l && l.size() == 1) os = l.getFirst();
                if (os != null && !(os instanceof Long)) o.problem("output_shape " + show(os) + " (one integer only)");
                else if (os != null) out.put("output_shape", os);
                // Keras 3 writes the axes it computed when built: (1,) for (batch, steps, features) inputs
                Object axes = o.get("attention_axes");
                if (axes instanceof List<?> l && l.size() == 1) axes = l.getFirst();
                if (axes != null && !Long.valueOf(1).equals(axes))
                    o.problem("attention_axes " + show(o.get("attention_axes")) + " (Nabla supports null, the steps)");
                o.get("flash_attention");
                copy(o, out, "use_causal_mask");
                copy(o, out, "return_attention_scores");
            }
            default -> {
                o.problem("the layer class is not supported");
                return null;
            }
        }
        o.leftovers();
        weightOptions(o, out);
        return type;
    }

    private static boolean sameExceptDirection(Map<String, Object> f, Map<String, Object> b, String fc, Object bc) {
        if (!fc.equals(bc)) return false;
        Map<String, Object> x = new LinkedHashMap<>(f), y = new LinkedHashMap<>(b);
        for (Map<String, Object> m : List.of(x, y)) {
            m.remove("name");
            m.remove("go_backwards");
        }
        return x.equals(y) && !Boolean.TRUE.equals(f.get("go_backwards")) && Boolean.TRUE.equals(b.get("go_backwards"));
    }

    private Map<String, Object> wrapped(Options o, String key) {
        Object v = o.get(key);
        if (!(v instanceof Map<?, ?> m)
                || !(m.get("class_name") instanceof String)
                || !(m.get("config") instanceof Map<?, ?>)) {
            o.problem("'" + key + "' is not a layer config");
            return null;
        }
        return asMap(m);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private void recurrent(String cls, Options o, Map<String, Object> out) {
        copy(o, out, "units");
        activation(o, out, "activation");
        if (!cls.equals("SimpleRNN")) activation(o, out, "recurrent_activation");
        copy(o, out, "use_bias");
        copy(o, out, "return_sequences");
        copy(o, out, "go_backwards");
        copy(o, out, "dropout");
        copy(o, out, "recurrent_dropout");
        if (cls.equals("LSTM")) copy(o, out, "unit_forget_bias");
        if (cls.equals("GRU")) {
            Object ra = o.get("reset_after");
            // tf.keras 2 and Keras 3 default to reset_after=True; TF.js has only the reset-before form
            out.put("reset_after", ra != null ? ra : format != Format.TFJS);
        }
        o.require("return_state", false);
        o.require("stateful", false);
        o.require("time_major", false);
        o.get("use_cudnn");
    }

    private void checkCommon(Options o) {
        Object d = o.get("dtype");
        String dtype = d instanceof String s
                ? s
                : d instanceof Map<?, ?> m
                                && m.get("config") instanceof Map<?, ?> c
                                && c.get("name") instanceof String s
                        ? s
                        : d == null ? null : String.valueOf(d);
        if (dtype != null && !dtype.equals("float32"))
            o.problem("dtype " + show(dtype) + " (Nabla computes in float32)");
        Object df = o.get("data_format");
        if (df != null && !df.equals("channels_last"))
            o.problem("data_format " + show(df) + " (Nabla's layers are channels_last)");
    }

    /** Keras' "axis" as one integer (a one-element list accepted, as Keras 3 writes it); several axes are reported. */
    private static void oneAxis(Options o, Map<String, Object> out) {
        Object axis = o.get("axis");
        if (axis instanceof List<?> l && l.size() == 1) axis = l.getFirst();
        if (axis != null && !(axis instanceof Long)) o.problem("axis " + show(axis) + " (one axis only)");
        else if (axis != null) out.put("axis", axis);
    }

    private static void copy(Options o, Map<String, Object> out, String key) {
        Object v = o.get(key);
        if (v != null) out.put(key, v);
    }

    private void padding(Options o, Map<String, Object> out, boolean causalAllowed) {
        Object p = o.get("padding");
        if (p == null) return;
        if (p.equals("valid") || p.equals("same")) out.put("padding", p);
        else o.problem("padding " + show(p) + (causalAllowed ? " (Nabla has valid and same)" : ""));
    }

    /** Keras activation names Nabla computes the same way. */
    private void activation(Options o, Map<String, Object> out, String key) {
        Object v = o.get(key);
        if (v == null) return;
        String name =
                v instanceof String s ? s : v instanceof Map<?, ?> m && m.get("config") instanceof String s ? s : null;
        String mapped = name == null
                ? null
                : switch (name) {
                    case "linear",
                            "relu",
                            "sigmoid",
                            "tanh",
                            "softmax",
                            "elu",
                            "selu",
                            "softplus",
                            "softsign",
                            "swish",
                            "gelu" -> name;
                    case "silu" -> "swish";
                    case "leaky_relu" -> format == Format.KERAS3 ? "leaky_relu" : null;
                    // Nabla's hard_sigmoid is Keras 3's relu6(x + 3) / 6; Keras 2 and TF.js mean clip(0.2x + 0.5, 0, 1)
                    case "hard_sigmoid" -> format == Format.KERAS3 ? "hard_sigmoid" : null;
                    default -> null;
                };
        if (mapped == null)
            o.problem(key + " " + show(name == null ? v : name)
                    + (name != null && name.equals("hard_sigmoid")
                            ? " in the Keras 2 / TF.js form clip(0.2x + 0.5) (Nabla has Keras 3's relu6(x + 3) / 6)"
                            : ""));
        else out.put(key, mapped);
    }

    /** Regularizers and constraints: Keras objects to Nabla's "l2(0.01)" / "max_norm(2,0)" forms. */
    private void weightOptions(Options o, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : o.c.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (v == null) continue;
            if (k.endsWith("_regularizer")) {
                String r = regularizer(v);
                if (r == null) o.problem(k + " " + show(v));
                else out.put(k, r);
            } else if (k.endsWith("_constraint")) {
                String c = constraint(v);
                if (c == null) o.problem(k + " " + show(v));
                else out.put(k, c);
            }
        }
    }

    private static String regularizer(Object v) {
        if (!(v instanceof Map<?, ?> m) || !(m.get("class_name") instanceof String cls)) return null;
        Map<String, Object> c = asMap(m.get("config"));
        return switch (cls) {
            case "L1", "l1" -> c.get("l1") instanceof Number a ? "l1(" + a + ")" : null;
            case "L2", "l2" -> c.get("l2") instanceof Number a ? "l2(" + a + ")" : null;
            case "L1L2", "L1_L2", "l1_l2" -> {
                Object a = c.getOrDefault("l1", 0L), b = c.getOrDefault("l2", 0L);
                yield a instanceof Number && b instanceof Number ? "l1_l2(" + a + "," + b + ")" : null;
            }
            default -> null;
        };
    }

    private static String constraint(Object v) {
        if (!(v instanceof Map<?, ?> m) || !(m.get("class_name") instanceof String cls)) return null;
        Map<String, Object> c = asMap(m.get("config"));
        return switch (cls) {
            case "MaxNorm", "max_norm" -> {
                Object max = c.getOrDefault("max_value", 2L), axis = c.getOrDefault("axis", 0L);
                StringBuilder s = new StringBuilder("max_norm(" + max);
                if (axis instanceof Long a) s.append(',').append(a);
                else if (axis instanceof List<?> l)
                    for (Object x : l) s.append(',').append(x);
                else yield null;
                yield s.append(')').toString();
            }
            case "NonNeg", "non_neg" -> "non_neg";
            default -> null;
        };
    }
}
