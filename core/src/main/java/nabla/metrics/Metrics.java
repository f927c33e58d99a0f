package nabla.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Metrics by their Keras names, as {@code compile} accepts them; the metric reports under the name given. Custom
 * metrics join them with {@link #register} (Keras' {@code register_keras_serializable}), so that a model compiled
 * with one saves its name and loads again.
 */
public final class Metrics {
    /** Every built-in name {@link #byName} knows (registered names are not listed). */
    public static final List<String> NAMES = List.of(
            "accuracy",
            "acc",
            "binary_accuracy",
            "categorical_accuracy",
            "sparse_categorical_accuracy",
            "top_k_categorical_accuracy",
            "sparse_top_k_categorical_accuracy",
            "precision",
            "recall",
            "auc",
            "mae",
            "mean_absolute_error",
            "mse",
            "mean_squared_error",
            "rmse",
            "root_mean_squared_error");

    private static final ConcurrentMap<String, Supplier<Metric>> REGISTERED = new ConcurrentHashMap<>();

    private Metrics() {}

    /**
     * A new metric with its Keras defaults. "accuracy"/"acc" pick binary, categorical or sparse accuracy from the
     * targets' and predictions' shapes at each update (see {@link Accuracy}). A name given to {@link #register}
     * gets a metric from its factory.
     *
     * @param name one of {@link #NAMES} or a registered name; the metric reports under this name ("acc" as "acc",
     *     "mae" as "mae")
     * @return a new metric
     * @throws IllegalArgumentException for an unknown name, listing the known ones and saying to register custom
     *     metrics with {@link #register}
     * @throws NullPointerException when a registered factory returns null
     */
    public static Metric byName(String name) {
        return switch (name) {
            case "accuracy", "acc" -> new Accuracy().withName(name);
            case "binary_accuracy" -> new BinaryAccuracy();
            case "categorical_accuracy" -> new CategoricalAccuracy();
            case "sparse_categorical_accuracy" -> new SparseCategoricalAccuracy();
            case "top_k_categorical_accuracy" -> new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy" -> new SparseTopKCategoricalAccuracy();
            case "precision" -> new Precision();
            case "recall" -> new Recall();
            case "auc" -> new AUC();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError().withName(name);
            case "mse", "mean_squared_error" -> new MeanSquaredError().withName(name);
            case "rmse", "root_mean_squared_error" -> new RootMeanSquaredError().withName(name);
            default -> {
                Supplier<Metric> f = REGISTERED.get(name);
                if (f == null) {
                    List<String> known = new ArrayList<>(NAMES);
                    known.addAll(new TreeSet<>(REGISTERED.keySet()));
                    throw new IllegalArgumentException("unknown metric '" + name + "'; known: "
                            + String.join(", ", known) + ". A custom metric must be registered with Metrics.register(\""
                            + name + "\", factory) before a model that uses it is compiled by name or loaded");
                }
                yield Objects.requireNonNull(
                        f.get(), () -> "the factory registered for metric '" + name + "' returned null");
            }
        };
    }

    /**
     * Registers a custom metric under {@code name}, so that {@link #byName} and {@link #isKnown} know it: a model
     * compiled with such a metric (by name or as an object whose {@link Metric#name()} is {@code name}) saves the
     * name and makes the metric again when loaded. The registry is global and thread-safe; registering the same
     * factory again under the same name does nothing.
     *
     * @param name the name, which the factory's metrics report under ({@link Metric#name()})
     * @param factory makes a new, empty metric at each call
     * @throws IllegalArgumentException when {@code name} is empty, a built-in name ({@link #NAMES}), or already
     *     registered with another factory
     * @throws NullPointerException when an argument is null
     */
    public static void register(String name, Supplier<Metric> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        if (name.isEmpty()) throw new IllegalArgumentException("Metrics.register: the name is empty");
        if (NAMES.contains(name))
            throw new IllegalArgumentException("Metrics.register: '" + name + "' is the name of a built-in metric");
        Supplier<Metric> before = REGISTERED.putIfAbsent(name, factory);
        if (before != null && !before.equals(factory))
            throw new IllegalArgumentException(
                    "Metrics.register: '" + name + "' is already registered with another factory");
    }

    /**
     * Whether {@link #byName} knows {@code name}.
     *
     * @param name a metric name
     * @return true if it is one of {@link #NAMES} or registered with {@link #register}
     */
    public static boolean isKnown(String name) {
        return NAMES.contains(name) || REGISTERED.containsKey(name);
    }
}
