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
 * finite.
 */
public final class Trainer {
    private Trainer() {}

    /**
     * Trains {@code model} on (x, y). {@code metrics} makes fresh metric objects (one set for training, one for
     * validation). {@code progress} is added to the callbacks when {@code options.verbose()}.
     */
    public static History fit(Trainable model, NDArray x, NDArray y, FitOptions options, Supplier<List<Metric>> metrics, Callback progress) {
        checkSamples(x, y);
        NDArray trainX = x, trainY = y, valX = options.validationX(), valY = options.validationY();
        if (valX != null) checkSamples(valX, valY);
        if (options.validationSplit() > 0 && valX == null) {
            // Keras: the first floor(n·(1−f)) samples train, the rest validate (views, no copy)
            ArrayDataset.Split split = new ArrayDataset(x, y).split(options.validationSplit());
            if (split.train().size() == 0 || split.validation().size() == 0)
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + x.dim(0) + " samples leaves an empty training or validation set");
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
                    run.requestStop("loss became " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch.index() + 1)
                            + "; lower the learning rate or check the inputs for NaN/inf");
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

    /** Loss and metrics over (x, y) in evaluation mode, batch by batch; keys are prefixed (e.g. "val_"). */
    public static Map<String, Double> evaluate(Trainable model, NDArray x, NDArray y, int batchSize, List<Metric> metrics, String prefix) {
        checkSamples(x, y);
        metrics.forEach(Metric::reset);
        int n = x.dim(0);
        double lossSum = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            float loss = model.testStep(x.slice(0, from, to).contiguous(), y.slice(0, from, to).contiguous(), metrics);
            lossSum += (double) loss * (to - from);
        }
        return logs(n == 0 ? Double.NaN : lossSum / n, metrics, prefix);
    }

    /** Predictions for every sample of x, batch by batch, concatenated. */
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
            throw new IllegalArgumentException("inputs " + x.shape() + " and targets " + y.shape() + " must have the same number of samples on axis 0");
    }
}
