package nabla.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import nabla.data.DataLoader;
import nabla.data.Dataset;
import nabla.data.Example;
import nabla.losses.Loss;
import nabla.metrics.Metric;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * The training loop: epochs of shuffled mini-batches through {@link Trainable#trainStep}, validation after each
 * epoch, callbacks around everything, and a stop (with the epoch and batch named) as soon as the loss is not
 * finite. Batches come from arrays (one per model input and output, plus optional sample weights, all sliced by one
 * per-epoch permutation) or from a {@link Dataset} of batches. It runs on the calling thread (the kernels spread each
 * step over the cores) and adds no randomness but the seeded shuffle.
 *
 * <p><b>Bad values are named by sample.</b> A value a loss, metric or layer refuses in one row of a batch (an
 * {@link InvalidRowException}: a label that is not a class index, a binary target outside [0, 1], a negative
 * categorical target, an embedding id beyond the vocabulary, a negative sample weight) is reported with the
 * sample's index in the caller's arrays, found through the epoch's permutation, e.g. "label 7.0 of sample 1234
 * (row 3 of batch 39, epoch 1) is not a class index"; for a {@link Dataset}, whose order only it knows, with the
 * epoch, batch and row. {@link FitOptions#checkInputs} also scans the data for NaN and infinite values first.
 */
public final class Trainer {
    private Trainer() {}

    /** Where an epoch's batches come from. */
    private interface Source {
        /** Batches per epoch, or -1 when unknown. */
        int batchesPerEpoch();

        /** Samples per epoch, or -1 when unknown. */
        int samplesPerEpoch();

        Dataset.Epoch open(int epoch);
    }

    /**
     * Trains {@code model} on (x, y): {@link #fit(Trainable, List, List, FitOptions, Supplier, Callback)} with one
     * input and one target array.
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
        return fit(model, List.of(x), List.of(y), options, metrics, progress);
    }

    /**
     * Trains {@code model} as Keras' {@code model.fit}: epochs {@code options.initialEpoch()} to
     * {@code options.epochs() - 1} of mini-batches of {@code options.batchSize()} samples (the last one smaller when
     * the batch size does not divide the samples), in an order that depends only on {@code (options.seed(), epoch)}
     * when shuffling; validation after each epoch (also in batches of {@code options.batchSize()}); the callbacks as
     * {@link Callback} lays out. A validation split holds out the last samples, before shuffling, as Keras;
     * validation data, when given, is used instead. Sample and class weights weight each sample's loss. A NaN or
     * infinite batch loss stops training at once; {@link History#stopReason()} then names the epoch and batch.
     *
     * @param model the model to train; its weights and optimizer state change in place
     * @param xs the inputs, one array per model input, samples on axis 0
     * @param ys the targets, one array per model output (an entry may be null for an output without a loss)
     * @param options the epochs, batch size, shuffling, seed, validation, weights and callbacks
     * @param metrics makes fresh metric objects; called twice, for the training and the validation set
     * @param progress the progress display, run after the other callbacks when {@code options.verbose()}; may be
     *     null
     * @return the values of every recorded epoch, and why training stopped early, if it did
     * @throws IllegalArgumentException if the arrays differ in their number of samples, the validation split leaves
     *     no training or no validation sample, or a weight does not fit
     */
    public static History fit(
            Trainable model,
            List<NDArray> xs,
            List<NDArray> ys,
            FitOptions options,
            Supplier<List<Metric>> metrics,
            Callback progress) {
        int n = checkSamples(xs, ys, null);
        if (n == 0)
            throw new IllegalArgumentException("fit: the training data has no samples (shape "
                    + xs.getFirst().shape() + ")");
        NDArray w = weights(options, ys, n);
        List<NDArray> trainX = xs, trainY = ys, valX = options.validationInputs(), valY = options.validationTargets();
        NDArray trainW = w, valW = null;
        if (valX != null) checkSamples(valX, valY, null);
        if (options.checkInputs()) {
            checkFinite("fit", "input", xs);
            checkFinite("fit", "target", ys);
            if (valX != null) {
                checkFinite("fit", "validation input", valX);
                checkFinite("fit", "validation target", valY);
            }
        }
        if (options.validationSplit() > 0 && valX == null) {
            // Keras: the first floor(n·(1−f)) samples train, the rest validate (views, no copy)
            int cut = (int) Math.floor(n * (1 - options.validationSplit()));
            if (cut == 0 || cut == n)
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + n
                        + " samples leaves an empty training or validation set");
            trainX = rows(xs, 0, cut);
            trainY = rows(ys, 0, cut);
            valX = rows(xs, cut, n);
            valY = rows(ys, cut, n);
            if (w != null) {
                trainW = w.slice(0, 0, cut);
                valW = w.slice(0, cut, n);
            }
        }
        Source train = arrays(trainX, trainY, trainW, options.batchSize(), options.shuffle(), options.seed(), 0, "");
        // a split validates on the caller's last samples; validation data is its own arrays
        boolean split = options.validationInputs() == null;
        Source val = valX == null
                ? null
                : arrays(
                        valX,
                        valY,
                        valW,
                        options.batchSize(),
                        false,
                        0,
                        split ? n - valX.getFirst().dim(0) : 0,
                        split ? "" : "validation ");
        return loop(model, train, val, options, metrics, progress);
    }

    /**
     * Trains {@code model} on a dataset of batches: epoch e iterates {@code data.epoch(e)}, one training step per
     * element. The options' batch size, shuffle, seed, validation split and weights do not apply (the dataset batches,
     * shuffles and weights); validation data in the options is evaluated after each epoch in batches of the options'
     * batch size.
     *
     * @param model the model to train
     * @param data batched training data ({@link Dataset#batched()})
     * @param options epochs, initial epoch, validation data, verbosity and callbacks
     * @param metrics makes fresh metric objects
     * @param progress the progress display, or null
     * @return the values of every recorded epoch
     * @throws IllegalArgumentException if the dataset is not batched or a batch does not fit the model
     */
    public static History fit(
            Trainable model, Dataset data, FitOptions options, Supplier<List<Metric>> metrics, Callback progress) {
        if (!data.batched())
            throw new IllegalArgumentException(
                    "fit: the dataset yields single samples; batch it first, e.g. dataset.batch(32)");
        if (options.validationSplit() > 0)
            throw new IllegalArgumentException(
                    "fit: validationSplit does not apply to a dataset; give validation data or split the dataset");
        Source val = null;
        if (options.validationInputs() != null) {
            checkSamples(options.validationInputs(), options.validationTargets(), null);
            if (options.checkInputs()) {
                checkFinite("fit", "validation input", options.validationInputs());
                checkFinite("fit", "validation target", options.validationTargets());
            }
            val = arrays(
                    options.validationInputs(),
                    options.validationTargets(),
                    null,
                    options.batchSize(),
                    false,
                    0,
                    0,
                    "validation ");
        }
        return loop(model, dataset(data), val, options, metrics, progress);
    }

    private static History loop(
            Trainable model,
            Source train,
            Source val,
            FitOptions options,
            Supplier<List<Metric>> metrics,
            Callback progress) {
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        if (options.verbose() && progress != null) callbacks.add(progress);
        TrainingRun run = new TrainingRun(options.epochs(), train.batchesPerEpoch(), train.samplesPerEpoch(), model);
        History history = new History();
        List<Metric> trainMetrics = metrics.get(), valMetrics = metrics.get();
        callbacks.forEach(c -> c.onTrainBegin(run));

        for (int epoch = options.initialEpoch(); epoch < options.epochs() && !run.stopRequested(); epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            trainMetrics.forEach(Metric::reset);
            double lossSum = 0;
            int seen = 0;
            boolean diverged = false;
            try (Dataset.Epoch batches = train.open(epoch)) {
                for (int index = 0; batches.hasNext(); index++) {
                    Example batch = batches.next();
                    final int b = index;
                    if (options.checkInputs() && !(batches instanceof Locating)) checkBatch(batch, epoch, index);
                    callbacks.forEach(c -> c.onBatchBegin(b));
                    float loss;
                    try {
                        loss = model.trainStep(batch, trainMetrics);
                    } catch (InvalidRowException bad) {
                        throw relocate(bad, batches, epoch, index);
                    }
                    int size = batch.batchSize();
                    if (!Float.isFinite(loss)) {
                        run.requestStop("loss became " + loss + " at epoch " + (epoch + 1) + ", batch " + (index + 1)
                                + "; training stopped (TerminateOnNaN)");
                        diverged = true;
                        break;
                    }
                    lossSum += (double) loss * size;
                    seen += size;
                    Map<String, Double> logs = logs(lossSum / seen, trainMetrics, "");
                    int s = seen;
                    callbacks.forEach(c -> c.onBatchEnd(b, s, logs));
                    if (run.stopRequested()) break;
                }
            }
            if (diverged || seen == 0) break;
            Map<String, Double> epochLogs = logs(lossSum / seen, trainMetrics, "");
            if (val != null && !run.stopRequested()) epochLogs.putAll(evaluate(model, val, valMetrics, "val_"));
            model.onEpochCompleted(e);
            callbacks.forEach(c -> c.onEpochEnd(e, epochLogs)); // callbacks may add values (e.g. learning_rate)
            history.record(epochLogs);
        }
        if (run.stopReason() != null) history.stopped(run.stopReason());
        callbacks.forEach(c -> c.onTrainEnd(run, history));
        return history;
    }

    /**
     * Loss and metrics over (x, y) in evaluation mode, batch by batch in order; keys are prefixed (e.g. "val_").
     *
     * @param model the model; not changed
     * @param x the inputs, samples on axis 0
     * @param y the targets, samples on axis 0
     * @param batchSize the samples per step, &gt; 0
     * @param metrics the metrics, reset first, then updated batch by batch
     * @param prefix prepended to every key: "" or "val_"
     * @return a new map: prefix + "loss", then prefix + each metric's name
     * @throws IllegalArgumentException if x and y differ in their number of samples or have none, or the batch size
     *     is not positive
     */
    public static Map<String, Double> evaluate(
            Trainable model, NDArray x, NDArray y, int batchSize, List<Metric> metrics, String prefix) {
        return evaluate(model, List.of(x), List.of(y), null, batchSize, metrics, prefix);
    }

    /**
     * Loss and metrics over arrays per input and output, in evaluation mode, batch by batch in order. The loss is
     * the batch losses' mean weighted by batch size.
     *
     * @param model the model; not changed
     * @param xs the inputs, one array per model input
     * @param ys the targets, one array per model output
     * @param sampleWeights a weight per sample, or null
     * @param batchSize the samples per step, &gt; 0
     * @param metrics the metrics, reset first, then updated batch by batch
     * @param prefix prepended to every key
     * @return a new map: prefix + "loss", then prefix + each metric's name
     * @throws IllegalArgumentException if the arrays differ in their number of samples or have none, or the batch
     *     size is not positive
     */
    public static Map<String, Double> evaluate(
            Trainable model,
            List<NDArray> xs,
            List<NDArray> ys,
            NDArray sampleWeights,
            int batchSize,
            List<Metric> metrics,
            String prefix) {
        checkBatchSize(batchSize);
        if (checkSamples(xs, ys, sampleWeights) == 0)
            throw new IllegalArgumentException("evaluate: the data has no samples (shape "
                    + xs.getFirst().shape() + "); a loss over none is undefined");
        return evaluate(model, arrays(xs, ys, sampleWeights, batchSize, false, 0, 0, ""), metrics, prefix);
    }

    /**
     * Loss and metrics over a dataset of batches, in evaluation mode.
     *
     * @param model the model; not changed
     * @param data batched data
     * @param metrics the metrics, reset first
     * @param prefix prepended to every key
     * @return prefix + "loss", then prefix + each metric's name
     * @throws IllegalArgumentException if the dataset is not batched
     */
    public static Map<String, Double> evaluate(Trainable model, Dataset data, List<Metric> metrics, String prefix) {
        if (!data.batched()) throw new IllegalArgumentException("evaluate: batch the dataset first, e.g. batch(256)");
        return evaluate(model, dataset(data), metrics, prefix);
    }

    private static Map<String, Double> evaluate(Trainable model, Source source, List<Metric> metrics, String prefix) {
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long n = 0;
        try (Dataset.Epoch batches = source.open(0)) {
            for (int index = 0; batches.hasNext(); index++) {
                Example b = batches.next();
                float loss;
                try {
                    loss = model.testStep(b, metrics);
                } catch (InvalidRowException bad) {
                    throw relocate(bad, batches, -1, index);
                }
                lossSum += (double) loss * b.batchSize();
                n += b.batchSize();
            }
        }
        return logs(n == 0 ? Double.NaN : lossSum / n, metrics, prefix);
    }

    /**
     * Predictions for every sample of x, batch by batch in evaluation mode, concatenated (a model of one input and
     * one output).
     *
     * @param model the model; not changed
     * @param x the inputs, samples on axis 0
     * @param batchSize the samples per step, &gt; 0
     * @return a new array of the outputs, one row per sample in order (shape (0, ...) for no samples)
     * @throws IllegalArgumentException if the batch size is not positive
     */
    public static NDArray predict(Trainable model, NDArray x, int batchSize) {
        return predict(model, List.of(x), batchSize).getFirst();
    }

    /**
     * Predictions of every output for every sample, batch by batch in evaluation mode, concatenated.
     *
     * @param model the model; not changed
     * @param xs the inputs, one array per model input
     * @param batchSize the samples per step, &gt; 0
     * @return one new array per output, one row per sample in order
     * @throws IllegalArgumentException if the arrays differ in their number of samples or the batch size is not
     *     positive
     */
    public static List<NDArray> predict(Trainable model, List<NDArray> xs, int batchSize) {
        checkBatchSize(batchSize);
        int n = checkSamples(xs, List.of(), null);
        if (n == 0) {
            // one forward pass on the empty batch gives the output shapes
            List<NDArray> p = model.predictStep(xs);
            List<NDArray> out = new ArrayList<>();
            for (NDArray a : p) out.add(a.copy());
            return out;
        }
        List<NDArray> out = null;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<NDArray> p;
            try {
                p = model.predictStep(contiguousRows(xs, from, to));
            } catch (InvalidRowException bad) {
                throw bad.at("of sample " + (from + bad.row()));
            }
            if (out == null) {
                out = new ArrayList<>();
                for (NDArray a : p) out.add(NDArray.zeros(a.shape().with(0, n)));
            }
            for (int i = 0; i < p.size(); i++) out.get(i).slice(0, from, to).assign(p.get(i));
        }
        return out;
    }

    /**
     * Predictions for every batch of a dataset, concatenated per output.
     *
     * @param model the model; not changed
     * @param data batched data (targets ignored)
     * @return one new array per output
     * @throws IllegalArgumentException if the dataset is not batched or yields nothing
     */
    public static List<NDArray> predict(Trainable model, Dataset data) {
        if (!data.batched()) throw new IllegalArgumentException("predict: batch the dataset first, e.g. batch(256)");
        List<List<NDArray>> parts = new ArrayList<>();
        try (Dataset.Epoch e = data.epoch(0)) {
            for (int index = 0; e.hasNext(); index++) {
                List<NDArray> p;
                try {
                    p = model.predictStep(e.next().inputs());
                } catch (InvalidRowException bad) {
                    throw bad.at("at row " + bad.row() + " of batch " + (index + 1));
                }
                List<NDArray> copies = new ArrayList<>();
                for (NDArray a : p) copies.add(a.copy());
                parts.add(copies);
            }
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("predict: the dataset yielded no batch");
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < parts.getFirst().size(); i++) {
            List<NDArray> col = new ArrayList<>();
            for (List<NDArray> p : parts) col.add(p.get(i));
            out.add(NDArray.concat(0, col));
        }
        return out;
    }

    /**
     * The logs of one step or epoch: the loss, then each metric's result.
     *
     * @param loss the loss
     * @param metrics the metrics
     * @param prefix prepended to every key
     * @return a new map
     */
    public static Map<String, Double> logs(double loss, List<Metric> metrics, String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", loss);
        for (Metric metric : metrics) m.put(prefix + metric.name(), metric.result());
        return m;
    }

    // ---- sources --------------------------------------------------------------------------------------------

    private static Source dataset(Dataset data) {
        long c = data.cardinality();
        int batches = c < 0 || c > Integer.MAX_VALUE ? -1 : (int) c;
        return new Source() {
            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public int samplesPerEpoch() {
                return -1;
            }

            @Override
            public Dataset.Epoch open(int epoch) {
                return data.epoch(epoch);
            }
        };
    }

    /** An epoch that knows which of the caller's samples each row of its last batch holds. */
    private interface Locating {
        /** Where row {@code row} of the last batch comes from, e.g. "of sample 1234". */
        String locate(int row);
    }

    /**
     * The exception {@code bad} said of the caller's sample when the epoch knows it, else of the epoch, batch and
     * row; {@code epoch} is -1 for an evaluation.
     */
    private static IllegalArgumentException relocate(
            InvalidRowException bad, Dataset.Epoch batches, int epoch, int index) {
        String batch = "row " + bad.row() + " of batch " + (index + 1) + (epoch >= 0 ? ", epoch " + (epoch + 1) : "");
        return batches instanceof Locating l ? bad.at(l.locate(bad.row()) + " (" + batch + ")") : bad.at("at " + batch);
    }

    /**
     * Batches of rows of every array (inputs, targets, weights) in one per-epoch order, as {@link DataLoader} makes
     * it, gathered into buffers reused from batch to batch (one set per distinct batch size). Sample i of the arrays
     * is sample {@code base + i} of the caller's, called "{@code kind}sample" in messages.
     */
    private static Source arrays(
            List<NDArray> xs,
            List<NDArray> ys,
            NDArray w,
            int batchSize,
            boolean shuffle,
            long seed,
            int base,
            String kind) {
        List<NDArray> all = new ArrayList<>();
        for (NDArray a : xs) all.add(a.isContiguous() ? a : a.copy());
        int nx = xs.size();
        List<Integer> present = new ArrayList<>(); // targets may hold nulls (outputs without a loss)
        for (int i = 0; i < ys.size(); i++)
            if (ys.get(i) != null) {
                present.add(i);
                all.add(ys.get(i).isContiguous() ? ys.get(i) : ys.get(i).copy());
            }
        if (w != null) all.add(w.isContiguous() ? w : w.copy());
        int n = xs.getFirst().dim(0), ny = ys.size();
        int count = (n + batchSize - 1) / batchSize;
        return new Source() {
            private NDArray[] full, last;

            @Override
            public int batchesPerEpoch() {
                return count;
            }

            @Override
            public int samplesPerEpoch() {
                return n;
            }

            @Override
            public Dataset.Epoch open(int epoch) {
                int[] order = DataLoader.permutation(n, shuffle, seed, epoch);
                final class ArrayEpoch implements Dataset.Epoch, Locating {
                    private int index, lastFrom;

                    @Override
                    public String locate(int row) {
                        return "of " + kind + "sample " + (base + order[lastFrom + row]);
                    }

                    @Override
                    public boolean hasNext() {
                        return index < count;
                    }

                    @Override
                    public Example next() {
                        if (!hasNext()) throw new NoSuchElementException("the epoch has only " + count + " batches");
                        int from = index * batchSize, size = Math.min(batchSize, n - from);
                        lastFrom = from;
                        NDArray[] buf;
                        if (size == batchSize) buf = full = full != null ? full : buffers(all, size);
                        else buf = last = last != null ? last : buffers(all, size);
                        for (int a = 0; a < all.size(); a++) DataLoader.gather(all.get(a), order, from, size, buf[a]);
                        index++;
                        List<NDArray> bx = new ArrayList<>(nx);
                        for (int i = 0; i < nx; i++) bx.add(buf[i]);
                        List<NDArray> by = new ArrayList<>(ny);
                        for (int i = 0; i < ny; i++) by.add(null);
                        for (int k = 0; k < present.size(); k++) by.set(present.get(k), buf[nx + k]);
                        NDArray bw = w == null ? null : buf[all.size() - 1];
                        return new Example(bx, java.util.Collections.unmodifiableList(by), bw);
                    }

                    @Override
                    public void close() {}
                }
                return new ArrayEpoch();
            }
        };
    }

    private static NDArray[] buffers(List<NDArray> all, int rows) {
        NDArray[] b = new NDArray[all.size()];
        for (int i = 0; i < b.length; i++)
            b[i] = NDArray.zeros(all.get(i).shape().with(0, rows));
        return b;
    }

    // ---- checks and weights ---------------------------------------------------------------------------------

    /** The per-sample weights from the options (sample weights times class weights of the first targets), or null. */
    private static NDArray weights(FitOptions o, List<NDArray> ys, int n) {
        NDArray w = o.sampleWeights();
        if (w != null && (w.rank() != 1 || w.dim(0) != n))
            throw new IllegalArgumentException(
                    "fit: sampleWeights must have shape (" + n + "), one weight per sample; got " + w.shape());
        if (w != null) {
            float[] d = w.contiguous().toArray();
            for (int i = 0; i < n; i++)
                if (!(d[i] >= 0) || !Float.isFinite(d[i]))
                    throw new IllegalArgumentException("fit: the sample weight " + d[i] + " of sample " + i
                            + " is negative or not finite; weights must be finite and >= 0");
        }
        if (o.classWeights().isEmpty()) return w;
        NDArray y = ys.isEmpty() ? null : ys.getFirst();
        if (y == null) throw new IllegalArgumentException("fit: classWeights need the first output's targets");
        float[] cw = Loss.classWeights(y, o.classWeights()).toArray();
        if (w != null) {
            float[] s = w.toArray();
            for (int i = 0; i < n; i++) cw[i] *= s[i];
        }
        return NDArray.wrap(cw, Shape.of(n));
    }

    private static List<NDArray> rows(List<NDArray> arrays, int from, int to) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : arrays) out.add(a == null ? null : a.slice(0, from, to));
        return out;
    }

    private static List<NDArray> contiguousRows(List<NDArray> arrays, int from, int to) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : arrays) out.add(a.slice(0, from, to).contiguous());
        return out;
    }

    /**
     * Throws naming the first NaN or infinite value of {@code arrays} (null entries skipped): the array ({@code role}
     * and its index), the sample and the position within the sample.
     */
    private static void checkFinite(String op, String role, List<NDArray> arrays) {
        for (int k = 0; k < arrays.size(); k++) {
            NDArray a = arrays.get(k);
            if (a == null) continue;
            int i = firstNonFinite(a);
            if (i < 0) continue;
            int per = perSample(a);
            throw new IllegalArgumentException(
                    "%s: %s %d has %s at sample %d%s (checkInputs); remove or impute it before training"
                            .formatted(op, role, k, valueAt(a, i), i / per, position(a, i % per)));
        }
    }

    /** As {@link #checkFinite}, for one batch of a dataset: names the epoch, batch and row. */
    private static void checkBatch(Example batch, int epoch, int index) {
        String[] roles = {"input", "target"};
        List<List<NDArray>> lists = List.of(batch.inputs(), batch.targets());
        for (int r = 0; r < 2; r++)
            for (int k = 0; k < lists.get(r).size(); k++) {
                NDArray a = lists.get(r).get(k);
                if (a == null) continue;
                int i = firstNonFinite(a);
                if (i < 0) continue;
                int per = perSample(a);
                throw new IllegalArgumentException(
                        "fit: %s %d has %s at row %d of batch %d, epoch %d%s (checkInputs); remove or impute it before training"
                                .formatted(
                                        roles[r],
                                        k,
                                        valueAt(a, i),
                                        i / per,
                                        index + 1,
                                        epoch + 1,
                                        position(a, i % per)));
            }
    }

    /** The flat (row-major) index of the first NaN or infinite element, or -1. */
    private static int firstNonFinite(NDArray a) {
        NDArray c = a.contiguous();
        float[] d = c.data();
        for (int i = 0, n = c.size(), o = c.offset(); i < n; i++) if (!Float.isFinite(d[o + i])) return i;
        return -1;
    }

    private static String valueAt(NDArray a, int flat) {
        NDArray c = a.contiguous();
        float v = c.data()[c.offset() + flat];
        return Float.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }

    /** The elements per sample (1 for a rank-1 array). */
    private static int perSample(NDArray a) {
        return a.rank() <= 1 || a.dim(0) == 0 ? 1 : a.size() / a.dim(0);
    }

    /** ", position [i, j]" within a sample of {@code a}, or "" when a sample is one value. */
    private static String position(NDArray a, int within) {
        if (a.rank() <= 1) return "";
        int[] idx = new int[a.rank() - 1];
        for (int d = a.rank() - 1; d >= 1; d--) {
            idx[d - 1] = within % a.dim(d);
            within /= a.dim(d);
        }
        return ", position " + java.util.Arrays.toString(idx);
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }

    /** The common number of samples of every array (null targets skipped); an error names the shapes. */
    private static int checkSamples(List<NDArray> xs, List<NDArray> ys, NDArray w) {
        if (xs.isEmpty()) throw new IllegalArgumentException("no input arrays given");
        List<NDArray> all = new ArrayList<>(xs);
        for (NDArray y : ys) if (y != null) all.add(y);
        if (w != null) all.add(w);
        int n = -1;
        for (NDArray a : all) {
            if (a.rank() == 0 || (n >= 0 && a.dim(0) != n)) {
                List<String> shapes = new ArrayList<>();
                for (NDArray b : all) shapes.add(b.shape().toString());
                throw new IllegalArgumentException("inputs and targets must have the same number of samples on axis 0,"
                        + " got " + String.join(", ", shapes));
            }
            n = a.dim(0);
        }
        return n;
    }
}
