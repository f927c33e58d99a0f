package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import nabla.autograd.Activation;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.losses.Loss;
import nabla.metrics.Metric;
import nabla.metrics.Metrics;
import nabla.nn.Layer;
import nabla.nn.LogitsOutput;
import nabla.nn.Parameter;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;
import nabla.train.FitOptions;
import nabla.train.History;
import nabla.train.ProgressBar;
import nabla.train.Trainable;
import nabla.train.Trainer;

/**
 * The Keras-style façade: {@code compile}, {@code fit}, {@code evaluate}, {@code predict}, {@code summary},
 * {@code save}. Subclasses define the forward computation; {@link #trainStep} is the override point for custom
 * training (as Keras' {@code train_step}).
 *
 * <p>Inputs are arrays whose axis 0 is the batch (sample) axis; targets have the same number of samples: class
 * indices of shape (n) for {@code sparse_categorical_crossentropy}, one-hot (n, classes) for
 * {@code categorical_crossentropy}, and otherwise the output's shape (0/1 values of shape (n, 1) for
 * {@code binary_crossentropy} after a {@code Dense(1, SIGMOID)}, values for regression). {@link #fit},
 * {@link #evaluate} and {@link #predict} run the loop of {@link Trainer}; {@code compile} must come before
 * {@code fit} and {@code evaluate}, not before {@code predict}.
 *
 * <p>A model is mutable and not thread-safe: training changes its weights and its optimizer's state, and even
 * a forward pass records per-layer state; use one model from one thread at a time.
 */
public abstract class Model implements Trainable {
    private Loss loss;
    private Optimizer optimizer;
    private List<String> metricNames = List.of();
    private List<Metric> metricPrototypes = List.of(); // copied for each use, so every evaluation starts empty

    /** A model not compiled yet; for subclasses ({@link Sequential}, {@link Functional}). */
    public Model() {}

    /**
     * The forward pass on a batch. {@code logitsForLoss} asks for the pre-activation output when the loss fuses it.
     *
     * @param x the batch, shape (batch, per-sample input shape...)
     * @param training true for training mode (dropout, noise and batch statistics on), false for inference
     * @param logitsForLoss true to return the output layer's logits instead of its activation (only asked for
     *     when {@link #lossFusesWithOutput()} is true)
     * @return the output, shape (batch, per-sample output shape...)
     */
    protected abstract Tensor forward(Tensor x, boolean training, boolean logitsForLoss);

    /**
     * Every weight of every layer, in layer order (trainable and not, e.g. batch-norm moving statistics).
     *
     * @return a new list of the model's parameters, empty while the layers are not built
     */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers()) all.addAll(l.parameters());
        return all;
    }

    /**
     * Weights keyed by their path, "layerName.weightName" (the save format's keys).
     *
     * @return a new map, in layer order
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Layer l : layers()) for (Parameter p : l.parameters()) m.put(l.name() + "." + p.name(), p);
        return m;
    }

    /**
     * The layer that produces the model's output, or null when there is none yet.
     *
     * @return the last layer, or null
     */
    protected abstract Layer outputLayer();

    /**
     * The human-readable architecture table, as Keras' {@code model.summary()}: each layer with its output shape
     * ({@code None} for the batch axis) and parameter count, then the total, trainable and non-trainable counts.
     *
     * @return the table, lines ending with a newline
     */
    public abstract String summary();

    /**
     * Writes architecture, weights, compile settings and the optimizer's state to {@code path}, atomically (one
     * file, replaced only once the new one is complete; the format is {@link nabla.io.ModelArchive}'s). Load it
     * with {@code Sequential.load} or {@code Functional.load}; a loaded model resumes training where this one stopped.
     *
     * @param path the file to write, e.g. {@code model.nabla}
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the model is a {@link Sequential} not built yet
     */
    public final void save(Path path) throws IOException {
        save(path, true);
    }

    /**
     * As {@link #save(Path)}; with {@code includeOptimizer} false (Keras' {@code include_optimizer=False}) the
     * optimizer's state (step count, slots) is left out, and a loaded model trains on with a fresh optimizer.
     * The compile settings (loss, optimizer hyperparameters, metric names) are saved either way, when the model
     * is compiled.
     *
     * @param path the file to write
     * @param includeOptimizer whether to save the optimizer's state
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the model is a {@link Sequential} not built yet
     */
    public abstract void save(Path path, boolean includeOptimizer) throws IOException;

    /**
     * True when the loss is computed from the last layer's logits (softmax or sigmoid fused into the loss).
     *
     * @return whether the model is compiled with a loss that fuses with its output layer's activation
     */
    protected boolean lossFusesWithOutput() {
        Activation a = outputActivation();
        return a != null && loss() != null && loss().fusesWith(a);
    }

    private Activation outputActivation() {
        return outputLayer() instanceof LogitsOutput lo ? lo.outputActivation() : null;
    }

    /**
     * Sets the loss, optimizer and metrics by Keras name ("accuracy", "auc", "mae", ...: see {@link Metrics}) used by
     * fit and evaluate, as Keras' {@code model.compile}. Compiling again replaces all three. The optimizer object is
     * used as given, not copied: training updates its state.
     *
     * @param loss the loss to minimise
     * @param optimizer the optimizer that updates the weights
     * @param metrics metric names to report besides the loss; none for the loss only
     * @return this model
     * @throws NullPointerException if {@code loss} or {@code optimizer} is null
     * @throws IllegalArgumentException if a metric name is unknown, given twice or "loss"
     */
    public Model compile(Loss loss, Optimizer optimizer, String... metrics) {
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        List<Metric> protos = new ArrayList<>();
        for (String m : metrics) protos.add(Metrics.byName(m));
        this.metricPrototypes = checkedMetrics(protos);
        this.metricNames = List.of(metrics);
        return this;
    }

    /**
     * As {@link #compile(Loss, Optimizer, String...)} with metric objects, e.g. {@code new Precision(0.7f)}; fit and
     * evaluate use fresh {@link Metric#copy() copies}, so training and validation each get their own. A saved model
     * keeps the names of the metrics {@link Metrics#byName} knows, which reload with their default settings.
     *
     * @param loss the loss to minimise
     * @param optimizer the optimizer that updates the weights
     * @param metric a metric to report
     * @param more more metrics
     * @return this model
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if two metrics share a name, or one is named "loss"
     */
    public Model compile(Loss loss, Optimizer optimizer, Metric metric, Metric... more) {
        compile(loss, optimizer);
        List<Metric> protos = new ArrayList<>();
        protos.add(metric.copy());
        for (Metric m : more) protos.add(m.copy());
        this.metricPrototypes = checkedMetrics(protos);
        this.metricNames =
                protos.stream().map(Metric::name).filter(Metrics::isKnown).toList();
        return this;
    }

    /**
     * As {@link #compile(Loss, Optimizer, Metric, Metric...)} with the loss given by its Keras name.
     *
     * @param loss the loss's name, e.g. {@code "binary_crossentropy"} (see {@link Loss#byName})
     * @param optimizer the optimizer that updates the weights
     * @param metric a metric to report
     * @param more more metrics
     * @return this model
     * @throws IllegalArgumentException if the loss name is unknown, two metrics share a name, or one is named "loss"
     */
    public Model compile(String loss, Optimizer optimizer, Metric metric, Metric... more) {
        return compile(Loss.byName(loss), optimizer, metric, more);
    }

    /**
     * As {@link #compile(Loss, Optimizer, String...)} with the loss given by its Keras name, e.g.
     * {@code compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy")}.
     *
     * @param loss the loss's name, e.g. {@code "mse"} (see {@link Loss#byName})
     * @param optimizer the optimizer that updates the weights
     * @param metrics metric names to report besides the loss
     * @return this model
     * @throws IllegalArgumentException if the loss name or a metric name is unknown, or a metric name is given
     *     twice or is "loss"
     */
    public Model compile(String loss, Optimizer optimizer, String... metrics) {
        return compile(Loss.byName(loss), optimizer, metrics);
    }

    /**
     * The loss set by {@code compile}.
     *
     * @return the loss, or null before {@code compile}
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The optimizer set by {@code compile}; learning-rate callbacks read and set its rate.
     *
     * @return the optimizer, or null before {@code compile}
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The names of the compiled metrics that a saved model keeps: all names given to the {@code String...}
     * {@code compile}, the names {@link Metrics#byName} knows among the metric objects given to the other.
     *
     * @return an unmodifiable list, empty before {@code compile}
     */
    public List<String> metricNames() {
        return metricNames;
    }

    private static List<Metric> checkedMetrics(List<Metric> metrics) {
        Set<String> seen = new HashSet<>();
        for (Metric m : metrics)
            if (!seen.add(m.name()) || m.name().equals("loss"))
                throw new IllegalArgumentException("compile: metric name '" + m.name()
                        + "' is used twice or clashes with 'loss'; give the metric another name with withName(...)");
        return List.copyOf(metrics);
    }

    private Supplier<List<Metric>> metricFactory() {
        return () -> {
            List<Metric> l = new ArrayList<>();
            for (Metric m : metricPrototypes) l.add(m.copy());
            return l;
        };
    }

    private void requireCompiled(String what) {
        if (loss == null)
            throw new IllegalStateException(
                    what + ": the model is not compiled; call compile(loss, optimizer, metrics) first");
    }

    /**
     * Trains the model, as Keras' {@code model.fit}; see {@link FitOptions} for the options and their defaults
     * (1 epoch, batch 32, shuffled, seed 0, no validation, progress shown).
     *
     * <p>With {@code validationSplit(f)} and no validation data, the first floor(n·(1−f)) samples train and the
     * last ones validate, split before any shuffling, as Keras; validation data, when given, is used instead.
     * With shuffling (the default) each epoch visits the training samples in a permutation that depends only on
     * the options' seed and the epoch (see {@link nabla.data.DataLoader}), so a run is reproducible. Batches
     * have the batch size, the last one fewer samples when it does not divide n; each is one {@link #trainStep}.
     * After each epoch the validation data, if any, is evaluated in batches of the batch size. An epoch's logged
     * loss is the sample-weighted mean of its batch losses (regularization penalties included); metrics
     * accumulate over the epoch. Training stops early when a callback asks or when a batch loss is NaN or
     * infinite ({@link History} records why). The progress bar goes to the console when the options are verbose.
     *
     * @param x the inputs, shape (n, per-sample input shape...)
     * @param y the targets, (n, ...)
     * @param options epochs, batch size, shuffling, seed, validation, verbosity and callbacks
     * @return the per-epoch logs: "loss" and the metrics, and "val_loss", "val_..." with validation
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if x and y differ in number of samples, the validation split leaves an
     *     empty part, or x does not fit the model's input shape
     */
    public History fit(NDArray x, NDArray y, FitOptions options) {
        requireCompiled("fit");
        return Trainer.fit(this, x, y, options, metricFactory(), ProgressBar.toConsole());
    }

    /**
     * Trains for {@code epochs} with mini-batches of {@code batchSize}, shuffled each epoch; the other options are
     * {@link FitOptions#defaults()}' (seed 0, no validation, progress shown).
     *
     * @param x the inputs, shape (n, per-sample input shape...)
     * @param y the targets, (n, ...)
     * @param epochs the number of passes over the data, at least 0
     * @param batchSize the samples per batch, positive
     * @return the per-epoch logs
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if an argument is out of range or x and y do not fit
     */
    public History fit(NDArray x, NDArray y, int epochs, int batchSize) {
        return fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(batchSize));
    }

    /**
     * Loss and metrics on (x, y), in evaluation mode (dropout and noise off, batch norm on its moving statistics,
     * no gradients), in batches of 256, as Keras' {@code model.evaluate}. The loss is the sample-weighted mean over
     * the batches and includes the regularization penalties, as in training.
     *
     * @param x the inputs, shape (n, per-sample input shape...)
     * @param y the targets, (n, ...)
     * @return "loss" and each compiled metric by name, in compile order (the loss is NaN when n is 0)
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if x and y differ in number of samples or x does not fit the model
     */
    public Map<String, Double> evaluate(NDArray x, NDArray y) {
        requireCompiled("evaluate");
        return Trainer.evaluate(this, x, y, 256, metricFactory().get(), "");
    }

    /**
     * The model's outputs for every sample of x (evaluation mode, batches of 256), as Keras' {@code model.predict};
     * the output layer's activation applied (probabilities for a softmax or sigmoid output). Needs no
     * {@code compile}.
     *
     * @param x the inputs, shape (n, per-sample input shape...), n at least 1
     * @return a new array of shape (n, per-sample output shape...)
     * @throws IllegalArgumentException if x does not fit the model's input shape
     */
    public NDArray predict(NDArray x) {
        return Trainer.predict(this, x, 256);
    }

    /**
     * One training step on a batch, as Keras' {@code train_step}: zeroes the gradients, runs the forward pass in
     * training mode (to the logits when the loss fuses with the output activation), adds the regularization
     * penalties to the loss, back-propagates, lets the optimizer update the weights, applies the weight
     * constraints and updates {@code metrics} with the output's values (probabilities, also when the loss took
     * logits). Override it for custom training; {@link #fit} calls it once per batch. Needs a compiled model.
     *
     * @param x the batch's inputs, shape (batch, ...)
     * @param y the batch's targets, (batch, ...)
     * @param metrics the metrics to update, possibly none
     * @return the batch's loss, penalties included
     */
    @Override
    public float trainStep(NDArray x, NDArray y, List<Metric> metrics) {
        List<Parameter> params = parameters();
        Optimizer.zeroGrad(params);
        boolean fused = lossFusesWithOutput();
        for (Layer layer : layers())
            layer.takeActivityLoss(); // a fused output layer is not applied: drop its stale penalty
        Tensor out = forward(Tensor.of(x), true, fused);
        Tensor l = withPenalties(fused ? loss.fromLogits(y, out) : loss.compute(y, out), params);
        l.backward();
        optimizer.step(params);
        applyConstraints(params);
        if (!metrics.isEmpty()) {
            NDArray pred = fused ? outputFromLogits(out.value()) : out.value();
            for (Metric m : metrics) m.update(y, pred);
        }
        return l.item();
    }

    /**
     * One evaluation step on a batch, as Keras' {@code test_step}: the forward pass in evaluation mode without
     * gradients, {@code metrics} updated with the output, the loss with the regularization penalties added. Needs
     * a compiled model.
     *
     * @param x the batch's inputs, shape (batch, ...)
     * @param y the batch's targets, (batch, ...)
     * @param metrics the metrics to update, possibly none
     * @return the batch's loss, penalties included
     */
    @Override
    public float testStep(NDArray x, NDArray y, List<Metric> metrics) {
        try (var g = NoGrad.enter()) {
            Tensor out = forward(Tensor.of(x), false, false);
            for (Metric m : metrics) m.update(y, out.value());
            return withPenalties(loss.compute(y, out), parameters()).item();
        }
    }

    @Override
    public NDArray predictStep(NDArray x) {
        try (var g = NoGrad.enter()) {
            return forward(Tensor.of(x), false, false).value();
        }
    }

    /**
     * The model's layers, for their activity penalties; subclasses with layers override it (Sequential does).
     *
     * @return the layers in the order they run; empty here
     */
    public List<Layer> layers() {
        return List.of();
    }

    /**
     * {@code loss} plus the penalties of the trainable weights' regularizers and of the layers' activity
     * regularizers from this forward pass, as Keras adds {@code model.losses} to the loss it reports. Takes (and so
     * clears) each layer's pending activity penalty.
     *
     * @param loss the data loss of the batch
     * @param params the parameters whose weight regularizers count (non-trainable ones are skipped)
     * @return the total loss, a tensor that back-propagates into the weights
     */
    protected Tensor withPenalties(Tensor loss, List<Parameter> params) {
        Tensor total = loss;
        for (Parameter p : params)
            if (p.regularizer() != null && p.trainable())
                total = total.add(p.regularizer().penalty(p.tensor()));
        for (Layer layer : layers()) {
            Tensor a = layer.takeActivityLoss();
            if (a != null) total = total.add(a);
        }
        return total;
    }

    /**
     * Projects every trainable weight that has a constraint, right after the optimizer step (as Keras).
     *
     * @param params the parameters to constrain in place
     */
    protected static void applyConstraints(List<Parameter> params) {
        for (Parameter p : params)
            if (p.constraint() != null && p.trainable()) p.constraint().apply(p.value());
    }

    /**
     * Turns logits into the output layer's values (sigmoid, else softmax probabilities over the last axis) for
     * the metrics.
     *
     * @param logits the output layer's pre-activation values
     * @return a new array of the same shape
     */
    protected NDArray outputFromLogits(NDArray logits) {
        if (outputActivation() == Activation.SIGMOID) return logits.sigmoid();
        NDArray e = logits.sub(logits.max(true, logits.rank() - 1)).exp();
        return e.div(e.sum(true, logits.rank() - 1));
    }
}
