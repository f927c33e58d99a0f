package nabla.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nabla.data.ArrayDataset;
import nabla.data.DataLoader;
import nabla.metrics.Metric;
import nabla.tensor.NDArray;

/**
 * The training loop: epochs of shuffled mini-batches through {@link Trainable#trainStep}, validation after each
 * epoch, callbacks around everything, and a stop (with the epoch and batch named) as soon as the loss is not
 * finite. It runs on the calling thread (the kernels spread each step over the cores) and adds no randomness but
 * the seeded shuffle.
 */
public final class Trainer {
    private Trainer() {}

    /**
     * Trains {@code model} on (x, y), as Keras' {@code model.fit}: {@code options.epochs()} passes of mini-batches
     * of {@code options.batchSize()} samples (the last one smaller when the batch size does not divide the samples),
     * in an order that depends only on {@code (options.seed(), epoch)} when shuffling; validation after each epoch
     * (also in batches of {@code options.batchSize()}); the callbacks as {@link Callback} lays out. A validation split
     * holds out the last samples, before shuffling, as Keras; validation data, when given, is used instead. A NaN or
     * infinite batch loss stops training at once; {@link History#stopReason()} then names the epoch and batch.
     *
     * @param model the model to train; its weights and optimizer state change in place
     * @param x the inputs, samples on axis 0
     * @param y the targets, samples on axis 0
     * @param options the epochs, batch size, shuffling, seed, validation and callbacks
     * @param metrics makes fresh metric objects; called twice, for the training and the validation set
     * @param progress the progress display, run after the other callbacks when {@code options.verbose()}; may be
     *     null
     * @return the values of every recorded epoch, and why training stopped early, if it did
     * @throws IllegalArgumentException if x and y (or the validation inputs and targets) differ in their number of
     *     samples, or the validation split leaves no training or no validation sample
     */
    public static History fit(
            Trainable model,
            NDArray x,
            NDArray y,
            FitOptions options,
            Supplier<List<Metric>> metrics,
            Callback progress) {
        checkSamples(x, y);
        NDArray trainX = x, trainY = y, valX = options.validationX(), valY = options.validationY();
        if (valX != null) checkSamples(valX, valY);
        if (options.validationSplit() > 0 && valX == null) {
            // Keras: the first floor(n·(1−f)) samples train, the rest validate (views, no copy)
            ArrayDataset.Split split = new ArrayDataset(x, y).split(options.validationSplit());
            if (split.train().size() == 0 || split.validation().size() == 0)
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of "
                        + x.dim(0) + " samples leaves an empty training or validation set");
            trainX = split.train().x();
            trainY = split.train().y();
            valX = split.validation().x();
            valY = split.validation().y();
        }
        DataLoader loader = new DataLoader(trainX, trainY, options.batchSize(), options.shuffle(), options.seed());
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        if (options.verbose() && progress != null) callbacks.add(progress);
        TrainingRun run = new TrainingRun(options.epochs(), loader.batchesPerEpoch(), trainX.dim(0), model);
        History history = new History();
        List<Metric> trainMetrics = metrics.get(), valMetrics = metrics.get();
        callbacks.forEach(c -> c.onTrainBegin(run));

        for (int epoch = 0; epoch < options.epochs() && !run.stopRequested(); epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            trainMetrics.forEach(Metric::reset);
            double lossSum = 0;
            int seen = 0;
            boolean diverged = false;
            for (DataLoader.Batch batch : loader.epoch(epoch)) {
                callbacks.forEach(c -> c.onBatchBegin(batch.index()));
                float loss = model.trainStep(batch.x(), batch.y(), trainMetrics);
                if (!Float.isFinite(loss)) {
                    run.requestStop("loss became " + loss + " at epoch " + (epoch + 1) + ", batch "
                            + (batch.index() + 1) + "; lower the learning rate or check the inputs for NaN/inf");
                    diverged = true;
                    break;
                }
                lossSum += (double) loss * batch.size();
                seen += batch.size();
                Map<String, Double> logs = logs(lossSum / seen, trainMetrics, "");
                int s = seen;
                callbacks.forEach(c -> c.onBatchEnd(batch.index(), s, logs));
                if (run.stopRequested()) break;
            }
            if (diverged || seen == 0) break;
            Map<String, Double> epochLogs = logs(lossSum / seen, trainMetrics, "");
            if (valX != null && !run.stopRequested()) {
                epochLogs.putAll(evaluate(model, valX, valY, options.batchSize(), valMetrics, "val_"));
            }
            callbacks.forEach(c -> c.onEpochEnd(e, epochLogs)); // callbacks may add values (e.g. learning_rate)
            history.record(epochLogs);
        }
        if (run.stopReason() != null) history.stopped(run.stopReason());
        callbacks.forEach(c -> c.onTrainEnd(run, history));
        return history;
    }

    /**
     * Loss and metrics over (x, y) in evaluation mode, batch by batch in order; keys are prefixed (e.g. "val_"). The
     * loss is the batch losses' mean weighted by batch size.
     *
     * @param model the model; not changed
     * @param x the inputs, samples on axis 0
     * @param y the targets, samples on axis 0
     * @param batchSize the samples per step, &gt; 0 (not checked)
     * @param metrics the metrics, reset first, then updated batch by batch
     * @param prefix prepended to every key: "" or "val_"
     * @return a new map: prefix + "loss" (NaN when x has no samples), then prefix + each metric's name
     * @throws IllegalArgumentException if x and y differ in their number of samples
     */
    public static Map<String, Double> evaluate(
            Trainable model, NDArray x, NDArray y, int batchSize, List<Metric> metrics, String prefix) {
        checkSamples(x, y);
        metrics.forEach(Metric::reset);
        int n = x.dim(0);
        double lossSum = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            float loss = model.testStep(
                    x.slice(0, from, to).contiguous(), y.slice(0, from, to).contiguous(), metrics);
            lossSum += (double) loss * (to - from);
        }
        return logs(n == 0 ? Double.NaN : lossSum / n, metrics, prefix);
    }

    /**
     * Predictions for every sample of x, batch by batch in evaluation mode, concatenated.
     *
     * @param model the model; not changed
     * @param x the inputs, samples on axis 0
     * @param batchSize the samples per step, &gt; 0 (not checked)
     * @return a new array of the outputs, one row per sample in order; null when x has no samples
     */
    public static NDArray predict(Trainable model, NDArray x, int batchSize) {
        int n = x.dim(0);
        NDArray out = null;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            NDArray p = model.predictStep(x.slice(0, from, to).contiguous());
            if (out == null) out = NDArray.zeros(p.shape().with(0, n));
            out.slice(0, from, to).assign(p);
        }
        return out;
    }

    private static Map<String, Double> logs(double loss, List<Metric> metrics, String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", loss);
        for (Metric metric : metrics) m.put(prefix + metric.name(), metric.result());
        return m;
    }

    private static void checkSamples(NDArray x, NDArray y) {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0))
            throw new IllegalArgumentException("inputs " + x.shape() + " and targets " + y.shape()
                    + " must have the same number of samples on axis 0");
    }
}
