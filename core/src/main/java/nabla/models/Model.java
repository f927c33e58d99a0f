package nabla.models;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import nabla.autograd.Activation;
import nabla.nn.LogitsOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.losses.Loss;
import nabla.metrics.Metric;
import nabla.metrics.Metrics;
import nabla.nn.Layer;
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
 */
public abstract class Model implements Trainable {
    private Loss loss;
    private Optimizer optimizer;
    private List<String> metricNames = List.of();
    private List<Metric> metricPrototypes = List.of(); // copied for each use, so every evaluation starts empty

    /** The forward pass on a batch. {@code logitsForLoss} asks for the pre-activation output when the loss fuses it. */
    protected abstract Tensor forward(Tensor x, boolean training, boolean logitsForLoss);

    /** Every weight of every layer, in order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers()) all.addAll(l.parameters());
        return all;
    }

    /** Weights keyed by their path, "layerName.weightName" (the save format's keys). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Layer l : layers()) for (Parameter p : l.parameters()) m.put(l.name() + "." + p.name(), p);
        return m;
    }

    /** The layer that produces the model's output, or null when there is none yet. */
    protected abstract Layer outputLayer();

    /** The human-readable architecture table. */
    public abstract String summary();

    /** Writes architecture, weights, compile settings and the optimizer's state to {@code path}, atomically. */
    public final void save(Path path) throws IOException {
        save(path, true);
    }

    /**
     * As {@link #save(Path)}; with {@code includeOptimizer} false (Keras' {@code include_optimizer=False}) the
     * optimizer's state (step count, slots) is left out, and a loaded model trains on with a fresh optimizer.
     */
    public abstract void save(Path path, boolean includeOptimizer) throws IOException;

    /** True when the loss is computed from the last layer's logits (softmax or sigmoid fused into the loss). */
    protected boolean lossFusesWithOutput() {
        Activation a = outputActivation();
        return a != null && loss() != null && loss().fusesWith(a);
    }

    private Activation outputActivation() {
        return outputLayer() instanceof LogitsOutput lo ? lo.outputActivation() : null;
    }

    /** Sets the loss, optimizer and metrics by Keras name ("accuracy", "auc", "mae", ...: see {@link Metrics}) used by fit and evaluate. */
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
     */
    public Model compile(Loss loss, Optimizer optimizer, Metric metric, Metric... more) {
        compile(loss, optimizer);
        List<Metric> protos = new ArrayList<>();
        protos.add(metric.copy());
        for (Metric m : more) protos.add(m.copy());
        this.metricPrototypes = checkedMetrics(protos);
        this.metricNames = protos.stream().map(Metric::name).filter(Metrics::isKnown).toList();
        return this;
    }

    /** As {@link #compile(Loss, Optimizer, Metric, Metric...)} with the loss given by its Keras name. */
    public Model compile(String loss, Optimizer optimizer, Metric metric, Metric... more) {
        return compile(Loss.byName(loss), optimizer, metric, more);
    }

    /** As {@link #compile(Loss, Optimizer, String...)} with the loss given by its Keras name. */
    public Model compile(String loss, Optimizer optimizer, String... metrics) {
        return compile(Loss.byName(loss), optimizer, metrics);
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public List<String> metricNames() {
        return metricNames;
    }

    private static List<Metric> checkedMetrics(List<Metric> metrics) {
        Set<String> seen = new HashSet<>();
        for (Metric m : metrics)
            if (!seen.add(m.name()) || m.name().equals("loss"))
                throw new IllegalArgumentException("compile: metric name '" + m.name() + "' is used twice or clashes with 'loss'; give the metric another name with withName(...)");
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
        if (loss == null) throw new IllegalStateException(what + ": the model is not compiled; call compile(loss, optimizer, metrics) first");
    }

    /** Trains the model; see {@link FitOptions} for the options and their defaults. */
    public History fit(NDArray x, NDArray y, FitOptions options) {
        requireCompiled("fit");
        return Trainer.fit(this, x, y, options, metricFactory(), ProgressBar.toConsole());
    }

    /** Trains for {@code epochs} with mini-batches of {@code batchSize}, shuffled each epoch. */
    public History fit(NDArray x, NDArray y, int epochs, int batchSize) {
        return fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(batchSize));
    }

    /** Loss and metrics on (x, y), in evaluation mode. */
    public Map<String, Double> evaluate(NDArray x, NDArray y) {
        requireCompiled("evaluate");
        return Trainer.evaluate(this, x, y, 256, metricFactory().get(), "");
    }

    /** The model's outputs for every sample of x (evaluation mode, batches of 256). */
    public NDArray predict(NDArray x) {
        return Trainer.predict(this, x, 256);
    }

    @Override
    public float trainStep(NDArray x, NDArray y, List<Metric> metrics) {
        List<Parameter> params = parameters();
        Optimizer.zeroGrad(params);
        boolean fused = lossFusesWithOutput();
        for (Layer layer : layers()) layer.takeActivityLoss(); // a fused output layer is not applied: drop its stale penalty
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

    /** The model's layers, for their activity penalties; subclasses with layers override it (Sequential does). */
    public List<Layer> layers() {
        return List.of();
    }

    /**
     * {@code loss} plus the penalties of the trainable weights' regularizers and of the layers' activity
     * regularizers from this forward pass, as Keras adds {@code model.losses} to the loss it reports.
     */
    protected Tensor withPenalties(Tensor loss, List<Parameter> params) {
        Tensor total = loss;
        for (Parameter p : params) if (p.regularizer() != null && p.trainable()) total = total.add(p.regularizer().penalty(p.tensor()));
        for (Layer layer : layers()) {
            Tensor a = layer.takeActivityLoss();
            if (a != null) total = total.add(a);
        }
        return total;
    }

    /** Projects every trainable weight that has a constraint, right after the optimizer step (as Keras). */
    protected static void applyConstraints(List<Parameter> params) {
        for (Parameter p : params) if (p.constraint() != null && p.trainable()) p.constraint().apply(p.value());
    }

    /** Turns logits into the output layer's values (sigmoid, else softmax probabilities) for the metrics. */
    protected NDArray outputFromLogits(NDArray logits) {
        if (outputActivation() == Activation.SIGMOID) return logits.sigmoid();
        NDArray e = logits.sub(logits.max(true, logits.rank() - 1)).exp();
        return e.div(e.sum(true, logits.rank() - 1));
    }
}
