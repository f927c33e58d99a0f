package nabla.optim;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import nabla.nn.ConfigMap;

/**
 * Rebuilds optimizers from their saved form ({@link Optimizer#name()} and {@link Optimizer#config()}), with fresh
 * state: slots (momentum, Adam's moments) and the step counter are not part of the config. A new optimizer adds
 * one line to {@link #FACTORIES}.
 */
public final class Optimizers {
    private Optimizers() {}

    private static final Map<String, Function<ConfigMap, Optimizer>> FACTORIES = Map.ofEntries(
            entry("sgd", c -> new SGD(c.allowOnly("learning_rate", "momentum", "nesterov").floatValue("learning_rate", 0.01f),
                    c.floatValue("momentum", 0f), c.boolValue("nesterov", false))),
            entry("adam", c -> new Adam(c.allowOnly("learning_rate", "beta_1", "beta_2", "epsilon").floatValue("learning_rate", 1e-3f),
                    c.floatValue("beta_1", 0.9f), c.floatValue("beta_2", 0.999f), c.floatValue("epsilon", 1e-7f))));

    /**
     * A new, unstepped optimizer named {@code name} ("sgd", "adam") with the hyperparameters in {@code config}.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or a bad config
     */
    public static Optimizer fromConfig(String name, Map<String, ?> config) {
        Function<ConfigMap, Optimizer> f = FACTORIES.get(name);
        if (f == null) throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", knownNames()));
        return f.apply(new ConfigMap(name + " config", config));
    }

    /** The names {@link #fromConfig} accepts, sorted. */
    public static Set<String> knownNames() {
        return new TreeSet<>(FACTORIES.keySet());
    }
}
