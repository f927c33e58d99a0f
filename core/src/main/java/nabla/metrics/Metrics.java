package nabla.metrics;

import java.util.List;

/** Metrics by their Keras names, as {@code compile} accepts them; the metric reports under the name given. */
public final class Metrics {
    /** Every name {@link #byName} knows. */
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

    private Metrics() {}

    /**
     * A new metric with its Keras defaults. "accuracy"/"acc" pick binary, categorical or sparse accuracy from the
     * targets' and predictions' shapes at each update (see {@link Accuracy}).
     *
     * @param name one of {@link #NAMES}; the metric reports under this name ("acc" as "acc", "mae" as "mae")
     * @return a new metric
     * @throws IllegalArgumentException for an unknown name, listing the known ones
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
            default ->
                throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * Whether {@link #byName} knows {@code name}.
     *
     * @param name a metric name
     * @return true if it is one of {@link #NAMES}
     */
    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
