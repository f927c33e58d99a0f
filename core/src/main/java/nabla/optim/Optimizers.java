package nabla.optim;

import static java.util.Map.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import nabla.nn.ConfigMap;

/**
 * Rebuilds optimizers from their saved form ({@link Optimizer#name()} and {@link Optimizer#config()}), with fresh
 * state: slots (momentum, Adam's moments) and the step counter are not part of the config. A new optimizer adds
 * one line to {@link #FACTORIES}; the shared keys (a schedule under "learning_rate", "weight_decay", "clipnorm",
 * "global_clipnorm", "clipvalue", "gradient_accumulation_steps") are handled here for every optimizer.
 */
public final class Optimizers {
    private Optimizers() {}

    private static final Map<String, Function<ConfigMap, Optimizer>> FACTORIES = Map.ofEntries(
            entry(
                    "sgd",
                    c -> new SGD(
                            c.allowOnly("learning_rate", "momentum", "nesterov").floatValue("learning_rate", 0.01f),
                            c.floatValue("momentum", 0f),
                            c.boolValue("nesterov", false))),
            entry(
                    "adam",
                    c -> new Adam(
                            c.allowOnly("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad")
                                    .floatValue("learning_rate", 1e-3f),
                            c.floatValue("beta_1", 0.9f),
                            c.floatValue("beta_2", 0.999f),
                            c.floatValue("epsilon", 1e-7f),
                            c.boolValue("amsgrad", false))),
            entry(
                    "adamw",
                    c -> new AdamW(
                            c.allowOnly("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad")
                                    .floatValue("learning_rate", 1e-3f),
                            AdamW.DEFAULT_WEIGHT_DECAY,
                            c.floatValue("beta_1", 0.9f),
                            c.floatValue("beta_2", 0.999f),
                            c.floatValue("epsilon", 1e-7f),
                            c.boolValue("amsgrad", false))),
            entry(
                    "adagrad",
                    c -> new Adagrad(
                            c.allowOnly("learning_rate", "initial_accumulator_value", "epsilon")
                                    .floatValue("learning_rate", 1e-3f),
                            c.floatValue("initial_accumulator_value", 0.1f),
                            c.floatValue("epsilon", 1e-7f))),
            entry(
                    "rmsprop",
                    c -> new RMSprop(
                            c.allowOnly("learning_rate", "rho", "momentum", "epsilon", "centered")
                                    .floatValue("learning_rate", 1e-3f),
                            c.floatValue("rho", 0.9f),
                            c.floatValue("momentum", 0f),
                            c.floatValue("epsilon", 1e-7f),
                            c.boolValue("centered", false))),
            entry(
                    "adadelta",
                    c -> new Adadelta(
                            c.allowOnly("learning_rate", "rho", "epsilon").floatValue("learning_rate", 1e-3f),
                            c.floatValue("rho", 0.95f),
                            c.floatValue("epsilon", 1e-7f))),
            entry(
                    "nadam",
                    c -> new Nadam(
                            c.allowOnly("learning_rate", "beta_1", "beta_2", "epsilon")
                                    .floatValue("learning_rate", 1e-3f),
                            c.floatValue("beta_1", 0.9f),
                            c.floatValue("beta_2", 0.999f),
                            c.floatValue("epsilon", 1e-7f))));

    /**
     * A new, unstepped optimizer named {@code name} ("sgd", "adam", "adamw", "adagrad", "rmsprop", "adadelta",
     * "nadam") with the hyperparameters in {@code config}. Missing keys take Keras' defaults (for AdamW's
     * "weight_decay" too, 0.004). The inverse of {@link Optimizer#name()} and
     * {@link Optimizer#config()}.
     *
     * @param name the optimizer's Keras name
     * @param config the hyperparameters by Keras key: "learning_rate" (a number, or a saved schedule), the
     *     algorithm's own keys and the shared "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
     *     "gradient_accumulation_steps" (an integer; Keras' null means off)
     * @return the optimizer, with no state
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or a bad config (an
     *     unknown key, a value of the wrong type or out of range)
     */
    public static Optimizer fromConfig(String name, Map<String, ?> config) {
        Function<ConfigMap, Optimizer> f = FACTORIES.get(name);
        if (f == null)
            throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; known: " + String.join(", ", knownNames()));
        Map<String, Object> own = new LinkedHashMap<>(config);
        LearningRateSchedule schedule = null;
        if (own.get("learning_rate") instanceof Map<?, ?> m) {
            schedule = Schedules.fromConfig(m);
            own.remove("learning_rate");
        }
        Map<String, Object> shared = new LinkedHashMap<>();
        for (String key :
                new String[] {"weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "gradient_accumulation_steps"
                }) if (own.containsKey(key)) shared.put(key, own.remove(key));
        ConfigMap s = new ConfigMap(name + " config", shared);
        Optimizer o = f.apply(new ConfigMap(name + " config", own));
        if (shared.containsKey("weight_decay")) o = o.withWeightDecay(s.floatValue("weight_decay", 0f));
        if (shared.containsKey("clipnorm")) o = o.withClipNorm(s.floatValue("clipnorm", 0f));
        if (shared.containsKey("global_clipnorm")) o = o.withGlobalClipNorm(s.floatValue("global_clipnorm", 0f));
        if (shared.containsKey("clipvalue")) o = o.withClipValue(s.floatValue("clipvalue", 0f));
        if (shared.get("gradient_accumulation_steps") != null)
            o = o.withGradientAccumulation(s.intValue("gradient_accumulation_steps"));
        if (schedule != null) o = o.withSchedule(schedule);
        return o;
    }

    /**
     * The names {@link #fromConfig} accepts.
     *
     * @return a new sorted set of names
     */
    public static Set<String> knownNames() {
        return new TreeSet<>(FACTORIES.keySet());
    }
}
