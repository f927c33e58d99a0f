/**
 * Streaming evaluation metrics, as Keras' {@code keras.metrics}: accuracies ({@link nabla.metrics.Accuracy},
 * {@link nabla.metrics.BinaryAccuracy}, {@link nabla.metrics.CategoricalAccuracy},
 * {@link nabla.metrics.SparseCategoricalAccuracy}, {@link nabla.metrics.TopKCategoricalAccuracy},
 * {@link nabla.metrics.SparseTopKCategoricalAccuracy}), {@link nabla.metrics.Precision}, {@link nabla.metrics.Recall},
 * {@link nabla.metrics.AUC} and the regression errors ({@link nabla.metrics.MeanAbsoluteError},
 * {@link nabla.metrics.MeanSquaredError}, {@link nabla.metrics.RootMeanSquaredError}), all implementing
 * {@link nabla.metrics.Metric}; {@link nabla.metrics.Metrics} makes them from the names {@code compile} accepts.
 * {@link nabla.metrics.ConfusionMatrix} is not a scalar metric: it keeps the whole table, for per-class and macro
 * figures after training.
 *
 * <p><b>Conventions.</b> A metric is fed batch by batch ({@link nabla.metrics.Metric#update update(yTrue, yPred)},
 * batch axis first: predictions (batch, classes) or one value per sample, targets one-hot, class indices (batch,) or
 * (batch, 1) stored as floats, or values of the predictions' size), keeps exact running counts or double sums, and
 * gives the value over everything since the last {@link nabla.metrics.Metric#reset reset}, independent of how the
 * data was batched; an empty metric reads 0. Thresholds are strict ({@code prediction > threshold}, default 0.5) and
 * a target is positive when non-zero, as in Keras. Inputs that do not fit a metric are an IllegalArgumentException
 * naming both shapes, and class indices outside [0, classes) name the target and its row. {@code update(yTrue,
 * yPred, sampleWeight)} takes one weight per sample (Keras' {@code sample_weight}): accuracies and mean errors
 * become weighted means, precision, recall and AUC count weighted positives and negatives. Custom metrics join the
 * names with {@link nabla.metrics.Metrics#register}. Metrics are mutable and not thread-safe; {@code withX} methods, {@code forClass} and
 * {@link nabla.metrics.Metric#copy copy} return new, empty metrics and leave the receiver unchanged. Nothing here is
 * random.
 *
 * <p><b>Place in the layers.</b> Depends on {@code nabla.tensor} only (metrics read {@link nabla.tensor.NDArray}s,
 * never the autograd graph); used by {@code nabla.train} (the training loop updates them and reports their values in
 * the epoch logs) and {@code nabla.models} ({@code compile}, {@code evaluate}).
 */
package nabla.metrics;
