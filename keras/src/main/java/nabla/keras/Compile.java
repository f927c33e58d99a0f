package nabla.keras;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nabla.keras.Graph.Format;
import nabla.losses.Loss;
import nabla.metrics.Metrics;
import nabla.models.Model;
import nabla.optim.Optimizer;
import nabla.optim.Optimizers;

/**
 * A Keras model's compile settings (Keras 3 {@code compile_config}, Keras 2 {@code training_config}, TF.js
 * {@code trainingConfig}) as a Nabla {@code compile}: optimizer and its hyperparameters, loss (one, or per output),
 * loss weights, metrics. Read before the model is built, so that what Nabla lacks joins the layers' problems in one
 * error; applied once the model exists.
 */
final class Compile {
    private static final Set<String> IGNORED_OPTIMIZER_KEYS = Set.of(
            "name",
            "jit_compile",
            "is_legacy_optimizer",
            "ema_momentum",
            "ema_overwrite_frequency",
            "loss_scale_factor");

    private final Optimizer optimizer;
    private final Object loss; // a Loss, a Map<String, Loss>, or a List<Loss>
    private final Object lossWeights; // null, Map<String, Number> or List<Number>
    private final Object metrics; // List<String>, Map<String, List<String>> or List<List<String>>

    private Compile(Optimizer optimizer, Object loss, Object lossWeights, Object metrics) {
        this.optimizer = optimizer;
        this.loss = loss;
        this.lossWeights = lossWeights;
        this.metrics = metrics;
    }

    /** Keras 3's compile_config; problems go to {@code problems}; null when there is nothing to apply. */
    static Compile keras3(Map<String, Object> c, List<String> problems) {
        int before = problems.size();
        Optimizer opt = null;
        Object o = c.get("optimizer");
        if (o instanceof String s) opt = optimizer(s, Map.of(), Format.KERAS3, problems);
        else if (o instanceof Map<?, ?> m && m.get("class_name") instanceof String cls)
            opt = optimizer(cls, KerasImport.asMap(m.get("config")), Format.KERAS3, problems);
        else problems.add("compile: optimizer " + ImportLayers.show(o));
        Object loss = losses(c.get("loss"), problems);
        Object metrics = metrics(c.get("metrics"), problems);
        if (c.get("weighted_metrics") != null) problems.add("compile: weighted_metrics");
        return problems.size() > before ? null : new Compile(opt, loss, c.get("loss_weights"), metrics);
    }

    /** Keras 2's training_config or TF.js's trainingConfig. */
    static Compile legacy(Map<String, Object> c, Format format, List<String> problems) {
        int before = problems.size();
        Optimizer opt = null;
        if (c.get("optimizer_config") instanceof Map<?, ?> m && m.get("class_name") instanceof String cls)
            opt = optimizer(cls, KerasImport.asMap(m.get("config")), format, problems);
        else problems.add("compile: optimizer_config " + ImportLayers.show(c.get("optimizer_config")));
        Object loss = losses(c.get("loss"), problems);
        Object metrics = metrics(c.get("metrics"), problems);
        if (c.get("weighted_metrics") != null
                && !(c.get("weighted_metrics") instanceof List<?> l
                        && l.stream().allMatch(x -> x instanceof List<?> y && y.isEmpty())))
            problems.add("compile: weighted_metrics");
        Object lw = c.get("loss_weights");
        return problems.size() > before ? null : new Compile(opt, loss, lw, metrics);
    }

    private static Optimizer optimizer(String cls, Map<String, Object> cfg, Format format, List<String> problems) {
        String name = cls.startsWith("Custom>") ? cls.substring("Custom>".length()) : cls;
        String key = switch (name) {
            case "Adam", "adam" -> "adam";
            case "AdamW", "adamw" -> "adamw";
            case "SGD", "sgd" -> "sgd";
            case "RMSprop", "RMSProp", "rmsprop" -> "rmsprop";
            case "Adagrad", "adagrad" -> "adagrad";
            case "Adadelta", "adadelta" -> "adadelta";
            case "Nadam", "nadam" -> "nadam";
            default -> null;
        };
        if (key == null) {
            problems.add("compile: the optimizer " + cls + " is not supported");
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : cfg.entrySet()) {
            String k = switch (e.getKey()) { // TF.js writes camelCase
                case "learningRate", "lr" -> "learning_rate";
                case "beta1" -> "beta_1";
                case "beta2" -> "beta_2";
                case "useNesterov" -> "nesterov";
                case "initialAccumulatorValue" -> "initial_accumulator_value";
                case "decay" -> format == Format.TFJS && key.equals("rmsprop") ? "rho" : "decay";
                default -> e.getKey();
            };
            Object v = e.getValue();
            if (v == null || IGNORED_OPTIMIZER_KEYS.contains(k)) continue;
            if (k.equals("use_ema") || k.equals("decay") && v instanceof Number n && n.doubleValue() == 0) {
                if (Boolean.TRUE.equals(v))
                    problems.add("compile: optimizer option use_ema (moving average of weights)");
                continue;
            }
            if (k.equals("weight_decay") && key.equals("adamw")) {
                out.put(k, v);
                continue;
            }
            out.put(k, v);
        }
        try {
            return Optimizers.fromConfig(key, out);
        } catch (IllegalArgumentException e) {
            problems.add("compile: optimizer " + cls + ": " + e.getMessage());
            return null;
        }
    }

    private static Object losses(Object l, List<String> problems) {
        if (l == null) {
            problems.add("compile: no loss");
            return null;
        }
        if (l instanceof Map<?, ?> m && !m.containsKey("class_name")) {
            Map<String, Loss> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Loss x = loss(e.getValue(), problems);
                if (x != null) out.put(String.valueOf(e.getKey()), x);
            }
            return out;
        }
        if (l instanceof List<?> list) {
            List<Loss> out = new ArrayList<>();
            for (Object x : list) out.add(loss(x, problems));
            return out;
        }
        return loss(l, problems);
    }

    private static Loss loss(Object l, List<String> problems) {
        String name;
        Map<String, Object> cfg = new LinkedHashMap<>();
        if (l instanceof String s) name = s.chars().anyMatch(Character::isUpperCase) ? Naming.snake(s) : s;
        else if (l instanceof Map<?, ?> m && m.get("class_name") instanceof String cls) {
            name = Naming.snake(cls);
            Map<String, Object> c = KerasImport.asMap(m.get("config"));
            if (Boolean.TRUE.equals(c.get("from_logits"))) cfg.put("from_logits", true);
            if (c.get("delta") != null) cfg.put("delta", c.get("delta"));
            if (c.get("label_smoothing") instanceof Number n && n.doubleValue() != 0)
                problems.add("compile: loss option label_smoothing");
            if (c.get("reduction") instanceof String r && !r.equals("sum_over_batch_size") && !r.equals("auto"))
                problems.add("compile: loss reduction '" + r + "'");
        } else {
            problems.add("compile: loss " + ImportLayers.show(l));
            return null;
        }
        name = switch (name) {
            case "categorical_crossentropy", "categorical_cross_entropy" -> "categorical_crossentropy";
            case "sparse_categorical_crossentropy", "sparse_categorical_cross_entropy" ->
                "sparse_categorical_crossentropy";
            case "binary_crossentropy", "binary_cross_entropy" -> "binary_crossentropy";
            case "mean_squared_error", "mse" -> "mse";
            case "mean_absolute_error", "mae" -> "mae";
            case "huber", "huber_loss" -> "huber";
            default -> name;
        };
        try {
            return Loss.fromConfig(name, cfg);
        } catch (IllegalArgumentException e) {
            problems.add("compile: loss '" + name + "' is not supported");
            return null;
        }
    }

    private static Object metrics(Object m, List<String> problems) {
        if (m == null) return List.of();
        if (m instanceof Map<?, ?> map) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet())
                out.put(String.valueOf(e.getKey()), metricList(e.getValue(), problems));
            return out;
        }
        if (m instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof List<?>)) {
            // Keras 2: one list per output
            List<List<String>> out = new ArrayList<>();
            for (Object x : l) out.add(metricList(x, problems));
            return out;
        }
        return metricList(m, problems);
    }

    private static List<String> metricList(Object m, List<String> problems) {
        List<String> out = new ArrayList<>();
        List<?> items = m instanceof List<?> l ? l : List.of(m);
        for (Object x : items) {
            String name = x instanceof String s
                    ? s
                    : x instanceof Map<?, ?> mm
                                    && mm.get("config") instanceof Map<?, ?> c
                                    && c.get("name") instanceof String s
                            ? s
                            : null;
            if (name != null && name.equals("acc")) name = "accuracy";
            if (name == null || !Metrics.isKnown(name))
                problems.add("compile: metric " + ImportLayers.show(name == null ? x : name));
            else out.add(name);
        }
        return out;
    }

    /** Compiles {@code model} with these settings. */
    @SuppressWarnings("unchecked")
    void apply(Model model) {
        List<String> outs = model.outputNames();
        if (loss instanceof Loss l
                && outs.size() == 1
                && lossWeights == null
                && metrics instanceof List<?> ml
                && (ml.isEmpty() || ml.getFirst() instanceof String)) {
            model.compile(l, optimizer, ((List<String>) ml).toArray(String[]::new));
            return;
        }
        Map<String, nabla.losses.Loss> losses = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, List<String>> ms = new LinkedHashMap<>();
        for (int i = 0; i < outs.size(); i++) {
            String o = outs.get(i);
            Loss l = loss instanceof Loss one
                    ? one
                    : loss instanceof Map<?, ?> m
                            ? (Loss) m.get(o)
                            : loss instanceof List<?> list && i < list.size() ? (Loss) list.get(i) : null;
            if (l != null) losses.put(o, l);
            Object w = lossWeights instanceof Map<?, ?> m
                    ? m.get(o)
                    : lossWeights instanceof List<?> list && i < list.size() ? list.get(i) : null;
            if (w instanceof Number n) weights.put(o, new BigDecimal(n.toString()).doubleValue());
            List<String> mo = metrics instanceof Map<?, ?> m
                    ? (List<String>) m.get(o)
                    : metrics instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof List<?>
                            ? (i < list.size() ? (List<String>) list.get(i) : null)
                            : (List<String>) metrics;
            if (mo != null && !mo.isEmpty()) ms.put(o, mo);
        }
        model.compile(optimizer, losses, weights, ms);
    }
}
