package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.data.Dataset;
import nabla.data.Example;
import nabla.losses.Loss;
import nabla.metrics.Metric;
import nabla.metrics.Metrics;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.optim.Optimizer;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import nabla.train.ProgressBar;
import nabla.train.Trainable;
import nabla.train.Trainer;

/**
 * The Keras-style façade: {@code compile}, {@code fit}, {@code evaluate}, {@code predict}, {@code summary},
 * {@code save}; and a {@link Layer}, so that a model can be used inside another model (a pretrained encoder inside a
 * classifier, one encoder shared by the two branches of a siamese network). {@link Sequential} and
 * {@link Functional} are the two kinds users build; subclass {@code Model} directly for a model with its own
 * training step (a GAN holding a generator and a discriminator): implement {@link #forwardAll} and
 * {@link #layers()}, and override {@link #trainStep} (Keras' {@code train_step}).
 *
 * <h2>Inputs, outputs, targets</h2>
 * A model has one or more inputs and one or more outputs, named ({@link #inputNames()}, {@link #outputNames()}).
 * Arrays have the batch (sample) axis first. {@code fit}, {@code evaluate} and {@code predict} take one array, a
 * list of arrays (one per input or output, in order) or a map by name, or a {@link Dataset} of batches. Targets
 * have the samples of the inputs: class indices (n) for {@code sparse_categorical_crossentropy}, one-hot
 * (n, classes) for {@code categorical_crossentropy}, otherwise the output's shape.
 *
 * <h2>Losses</h2>
 * One loss for every output ({@link #compile(Loss, Optimizer, String...)}), or one per output with weights
 * ({@link #compile(Optimizer, Map, Map, Map)}); the total is the weighted sum, plus the weight regularizers'
 * penalties and the losses the layers add ({@link Layer#addLoss}). A cross-entropy after a softmax or sigmoid output
 * is computed from the logits (the loss sees them on the output tensor, as in Keras), or give a linear output and a
 * loss made with {@code fromLogits} true. Sample weights (an array (n)) and class weights
 * ({@link FitOptions#classWeights}) weight each sample's loss.
 *
 * <p>A model is mutable and not thread-safe: training changes its weights and its optimizer's state, and even a
 * forward pass records per-layer state; use one model from one thread at a time.
 */
public abstract class Model extends Layer implements Trainable {
    private Optimizer optimizer;
    private List<Loss> losses = List.of(); // one per output, null for an output without a loss
    private float[] lossWeights = new float[0];
    private boolean sharedCompile; // compiled with one loss and one metric list for every output
    private List<List<String>> metricNames = List.of(); // per output: the names a saved model keeps
    private List<OutputMetric> metricPrototypes = List.of(); // copied for each use
    private int completedEpochs;

    /** A model not compiled yet; for subclasses. */
    protected Model() {}

    // ---- the graph ------------------------------------------------------------------------------------------

    /**
     * The forward pass on a batch: one tensor per input in, one per output out.
     *
     * @param inputs one batch per input, in {@link #inputNames()} order, batch axis first
     * @param training true for training mode (dropout, noise and batch statistics on), false for inference
     * @return one batch per output, in {@link #outputNames()} order
     * @throws IllegalArgumentException if the inputs do not fit the model
     */
    protected abstract List<Tensor> forwardAll(List<Tensor> inputs, boolean training);

    /**
     * The model's layers, each once (a layer used at several nodes appears once), in the order they first run.
     *
     * @return an unmodifiable list
     */
    public abstract List<Layer> layers();

    /**
     * The layer named {@code name} (Keras' {@code get_layer}).
     *
     * @param name a layer's name
     * @return the layer
     * @throws IllegalArgumentException if no layer has that name (the message lists the names)
     */
    public Layer getLayer(String name) {
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) {
            if (l.name().equals(name)) return l;
            names.add(l.name());
        }
        throw new IllegalArgumentException(
                describe() + " has no layer named '" + name + "'; its layers are " + String.join(", ", names));
    }

    /**
     * The names of the inputs, in order; "input" for a model of one input unless it was named.
     *
     * @return an unmodifiable list
     */
    public List<String> inputNames() {
        return List.of("input");
    }

    /**
     * The names of the outputs, in order: the names of the layers that produce them (as Keras).
     *
     * @return an unmodifiable list
     */
    public List<String> outputNames() {
        List<Layer> l = layers();
        return List.of(l.isEmpty() ? "output" : l.getLast().name());
    }

    /**
     * Every weight of every layer, each once, in layer order (trainable and not, e.g. batch-norm moving statistics).
     *
     * @return a new list of the model's parameters, empty while the layers are not built
     */
    @Override
    public List<Parameter> parameters() {
        return new ArrayList<>(namedWeights().values());
    }

    /**
     * The weights keyed by path: "layerName.weightName", and for a nested model "modelName.layerName.weightName"
     * (the save format's keys). A weight reached twice (a layer object held by two nested models) is listed once,
     * under its first path.
     *
     * @return a new map, in layer order
     */
    @Override
    public Map<String, Parameter> namedWeights() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Layer l : layers())
            l.namedWeights().forEach((k, p) -> {
                if (seen.add(p)) m.put(l.name() + "." + k, p);
            });
        return m;
    }

    /**
     * The same as {@link #namedWeights()}.
     *
     * @return the weights by path
     */
    @Override
    public Map<String, Parameter> namedParameters() {
        return namedWeights();
    }

    /**
     * The number of scalar weights, trainable or not.
     *
     * @return the sum of the weights' sizes
     */
    @Override
    public int parameterCount() {
        int n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /**
     * The random states of every layer that draws during training, keyed "layerName.key" (nested models prefix
     * theirs): saved with the model so that training resumes with the same dropout masks.
     *
     * @return a new map
     */
    @Override
    public Map<String, Rng.State> randomStates() {
        Map<String, Rng.State> m = new LinkedHashMap<>();
        for (Layer l : layers()) l.randomStates().forEach((k, v) -> m.put(l.name() + "." + k, v));
        return m;
    }

    /**
     * Puts back states from {@link #randomStates()}.
     *
     * @param states the states by path
     * @throws IllegalArgumentException if a path names no layer or a state the layer does not keep
     */
    @Override
    public void restoreRandomStates(Map<String, Rng.State> states) {
        Map<String, Map<String, Rng.State>> byLayer = new LinkedHashMap<>();
        states.forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot < 0) throw new IllegalArgumentException(describe() + ": random state '" + k + "' names no layer");
            byLayer.computeIfAbsent(k.substring(0, dot), x -> new LinkedHashMap<>())
                    .put(k.substring(dot + 1), v);
        });
        byLayer.forEach((layer, m) -> getLayer(layer).restoreRandomStates(m));
    }

    /**
     * The number of epochs this model has been trained for by {@code fit} (counting from the
     * {@link FitOptions#initialEpoch} of each run), saved with it: pass it as the initial epoch to continue a run.
     *
     * @return the epochs completed
     */
    public int completedEpochs() {
        return completedEpochs;
    }

    /**
     * Sets the epoch count (loading a model does).
     *
     * @param epochs the epochs completed, &gt;= 0
     * @throws IllegalArgumentException if negative
     */
    public void setCompletedEpochs(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("completed epochs must be >= 0, got " + epochs);
        completedEpochs = epochs;
    }

    /**
     * Records that epoch {@code epoch} (0-based) of a fit is done; the training loop calls it before the epoch's
     * callbacks, so that a checkpoint saved at the end of the epoch knows it.
     *
     * @param epoch the epoch just completed
     */
    @Override
    public void onEpochCompleted(int epoch) {
        completedEpochs = epoch + 1;
    }

    /**
     * Freezes or unfreezes the model and every layer in it (Keras' {@code model.trainable}).
     *
     * @param trainable false to freeze
     */
    @Override
    public void setTrainable(boolean trainable) {
        super.setTrainable(trainable);
        for (Layer l : layers()) l.setTrainable(trainable);
    }

    /**
     * The losses added by the layers during the last forward pass (and by this model itself), taken and cleared.
     *
     * @return a new list of scalar tensors
     */
    @Override
    public List<Tensor> takeLosses() {
        List<Tensor> all = new ArrayList<>(super.takeLosses());
        for (Layer l : layers()) all.addAll(l.takeLosses());
        return all;
    }

    /**
     * Models are not copied; build a new one.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Layer copy() {
        throw new UnsupportedOperationException(describe()
                + ": a model cannot be copied or reconfigured with withX; build a new model (or save and load it)");
    }

    /**
     * A model builds its layers itself; the seed it is given as a layer has no effect.
     *
     * @param seed ignored
     * @return this model
     */
    @Override
    public Layer seeded(long seed) {
        return this;
    }

    /**
     * Builds nothing by default: models built from layers build them when they are made or first called.
     *
     * @param sampleShape the per-sample input shape
     * @param rng unused
     */
    @Override
    protected void create(Shape sampleShape, Rng rng) {}

    /**
     * The per-sample output shape for a per-sample input shape; by default found by running {@link #forwardAll} on
     * one sample of zeros in inference mode (Sequential and Functional compute it from their layers instead).
     *
     * @param sampleShape the per-sample input shape
     * @return the per-sample output shape (of the first output)
     * @throws IllegalArgumentException if the model does not accept the shape
     */
    @Override
    public Shape outputShape(Shape sampleShape) {
        try (var g = NoGrad.enter()) {
            Tensor y = forwardAll(List.of(Tensor.of(NDArray.zeros(sampleShape.prepend(1)))), false)
                    .getFirst();
            takeLosses();
            return y.shape().dropFirst();
        }
    }

    /**
     * The model as a layer with one input and one output: {@link #forwardAll} on {@code x}.
     *
     * @param x the input batch
     * @param training true in training
     * @return the output batch
     * @throws IllegalArgumentException if the model has several outputs (use {@link #applyAll})
     */
    @Override
    protected Tensor call(Tensor x, boolean training) {
        List<Tensor> out = forwardAll(List.of(x), training);
        if (out.size() != 1)
            throw new IllegalArgumentException(
                    describe() + " has " + out.size() + " outputs; call it with applyAll (Functional.call)");
        return out.getFirst();
    }

    /**
     * The model at a node of another model: {@link #forwardAll} on the inputs (masks are not passed into a model).
     *
     * @param inputs one batch per input
     * @param masks ignored
     * @param training true in training
     * @return one batch per output
     * @throws IllegalArgumentException if the inputs do not fit
     */
    @Override
    public List<Tensor> applyAll(List<Tensor> inputs, List<NDArray> masks, boolean training) {
        if (inputs.size() != inputNames().size())
            throw new IllegalArgumentException(
                    describe() + " takes " + inputNames().size() + " inputs, got " + inputs.size());
        if (inputs.size() == 1) {
            return List.of(apply(inputs.getFirst(), null, training));
        }
        return forwardAll(inputs, training);
    }

    /**
     * No masks leave a model.
     *
     * @param inputs the input batches
     * @param masks their masks
     * @return a list of nulls, one per output
     */
    @Override
    public List<NDArray> computeMasks(List<Tensor> inputs, List<NDArray> masks) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < outputNames().size(); i++) out.add(null);
        return out;
    }

    /**
     * The human-readable architecture table, as Keras' {@code model.summary()}: each layer with its output shape
     * ({@code None} for the batch axis) and parameter count, nested models indented under their row, then the
     * total, trainable and non-trainable counts.
     *
     * @return the table, lines ending with a newline
     */
    public String summary() {
        return Summary.of(this);
    }

    // ---- saving ---------------------------------------------------------------------------------------------

    /**
     * Writes architecture, weights, compile settings and the optimizer's state to {@code path}, atomically (one
     * file, replaced only once the new one is complete; the format is {@link nabla.io.ModelArchive}'s). Load it with
     * {@code Sequential.load}, {@code Functional.load} or {@link #load}; a loaded model resumes training where this one
     * stopped.
     *
     * @param path the file to write, e.g. {@code model.nabla}
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the model is a {@link Sequential} not built yet
     * @throws UnsupportedOperationException for a model class that cannot be saved (a custom subclass of Model)
     */
    @Override
    public final void save(Path path) throws IOException {
        save(path, true);
    }

    /**
     * As {@link #save(Path)}; with {@code includeOptimizer} false (Keras' {@code include_optimizer=False}) the
     * optimizer's state (step count, slots) is left out, and a loaded model trains on with a fresh optimizer. The
     * compile settings are saved either way, when the model is compiled. The default supports {@link Sequential} and
     * {@link Functional}; a custom model throws.
     *
     * @param path the file to write
     * @param includeOptimizer whether to save the optimizer's state
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the model is a {@link Sequential} not built yet
     * @throws UnsupportedOperationException for a model class that cannot be saved
     */
    public void save(Path path, boolean includeOptimizer) throws IOException {
        ModelFiles.save(this, path, includeOptimizer);
    }

    /**
     * Reads a model written by {@link #save}, Sequential or Functional, whichever the file holds.
     *
     * @param path a model file
     * @return the model, compiled when it was saved compiled
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws nabla.io.ModelFileException if the file is not a model Nabla can read
     * @throws IOException if the file cannot be read
     */
    public static Model load(Path path) throws IOException {
        return ModelFiles.loadAny(path);
    }

    /**
     * The model's description as JSON-friendly values, the form a nested model is saved in.
     *
     * @return a new map
     * @throws UnsupportedOperationException for a custom model class
     */
    @Override
    public Map<String, Object> config() {
        return ModelFiles.config(this);
    }

    // ---- compile --------------------------------------------------------------------------------------------

    /**
     * Sets the loss (for every output), optimizer and metrics by Keras name ("accuracy", "auc", "mae", ...: see
     * {@link Metrics}) used by fit and evaluate, as Keras' {@code model.compile}. Compiling again replaces all.
     * The optimizer object is used as given, not copied: training updates its state. With several outputs each
     * metric is reported per output ("name_accuracy").
     *
     * @param loss the loss to minimise
     * @param optimizer the optimizer that updates the weights
     * @param metrics metric names to report besides the loss; none for the loss only
     * @return this model
     * @throws NullPointerException if {@code loss} or {@code optimizer} is null
     * @throws IllegalArgumentException if a metric name is unknown, given twice or "loss"
     */
    public Model compile(Loss loss, Optimizer optimizer, String... metrics) {
        List<Metric> protos = new ArrayList<>();
        for (String m : metrics) protos.add(Metrics.byName(m));
        compileShared(loss, optimizer, protos, List.of(metrics));
        return this;
    }

    /**
     * As {@link #compile(Loss, Optimizer, String...)} with metric objects, e.g. {@code new Precision(0.7f)}; fit and
     * evaluate use fresh {@link Metric#copy() copies}. A saved model keeps the names of the metrics
     * {@link Metrics#byName} knows, which reload with their default settings.
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
        List<Metric> protos = new ArrayList<>();
        protos.add(metric.copy());
        for (Metric m : more) protos.add(m.copy());
        compileShared(
                loss,
                optimizer,
                protos,
                protos.stream().map(Metric::name).filter(Metrics::isKnown).toList());
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
     * Per-output losses, loss weights and metrics, by output name, as Keras'
     * {@code compile(loss={...}, loss_weights={...}, metrics={...})}. An output without a loss is not trained
     * (its targets may then be left out of a map); the total loss is Σ weight × loss. Logs report "loss", each
     * output's "name_loss" and its metrics as "name_metric".
     *
     * @param optimizer the optimizer
     * @param losses the loss of each trained output, by output name; may be empty when the layers add the loss
     *     ({@link Layer#addLoss}) or a custom {@link #trainStep} computes it
     * @param lossWeights the weight of each output's loss, by output name; missing ones are 1
     * @param metrics metric names by output name; missing outputs report none
     * @return this model
     * @throws IllegalArgumentException if a name is not an output's, no loss is given, a weight is negative or not
     *     finite, or a metric name is unknown
     * @throws NullPointerException if an argument is null
     */
    public Model compile(
            Optimizer optimizer,
            Map<String, Loss> losses,
            Map<String, ? extends Number> lossWeights,
            Map<String, List<String>> metrics) {
        Objects.requireNonNull(optimizer, "optimizer");
        List<String> outs = outputNames();
        checkKeys("losses", losses.keySet(), outs);
        checkKeys("lossWeights", lossWeights.keySet(), outs);
        checkKeys("metrics", metrics.keySet(), outs);
        List<Loss> ls = new ArrayList<>();
        float[] w = new float[outs.size()];
        List<List<String>> names = new ArrayList<>();
        List<OutputMetric> slots = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            String o = outs.get(i);
            ls.add(losses.get(o));
            Number n = lossWeights.get(o);
            w[i] = n == null ? 1f : n.floatValue();
            if (!(w[i] >= 0) || !Float.isFinite(w[i]))
                throw new IllegalArgumentException(
                        "compile: the loss weight of output '" + o + "' must be a finite number >= 0, got " + n);
            List<String> ms = metrics.getOrDefault(o, List.of());
            names.add(List.copyOf(ms));
            for (String m : ms) slots.add(OutputMetric.of(Metrics.byName(m), i));
        }
        this.optimizer = optimizer;
        this.losses = Collections.unmodifiableList(ls);
        this.lossWeights = w;
        this.sharedCompile = false;
        this.metricNames = List.copyOf(names);
        this.metricPrototypes = checkedMetrics(renamed(slots));
        return this;
    }

    /**
     * Sets only the optimizer, as Keras' {@code compile(optimizer)} without a loss: for models whose layers add their
     * loss ({@link Layer#addLoss}, e.g. a VAE) and for custom training steps that compute their own (a GAN).
     *
     * @param optimizer the optimizer
     * @return this model
     * @throws NullPointerException if {@code optimizer} is null
     */
    public Model compile(Optimizer optimizer) {
        return compile(optimizer, Map.of(), Map.of(), Map.of());
    }

    private static void checkKeys(String what, Set<String> keys, List<String> outputs) {
        for (String k : keys)
            if (!outputs.contains(k))
                throw new IllegalArgumentException(
                        "compile: " + what + " names '" + k + "', which is not an output; the outputs are " + outputs);
    }

    private void compileShared(Loss loss, Optimizer optimizer, List<Metric> protos, List<String> savedNames) {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        int n = outputNames().size();
        List<OutputMetric> slots = new ArrayList<>();
        for (int o = 0; o < n; o++) for (Metric m : protos) slots.add(OutputMetric.of(o == 0 ? m : m.copy(), o));
        List<OutputMetric> checked = checkedMetrics(renamed(slots));
        List<Loss> ls = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        for (int o = 0; o < n; o++) {
            ls.add(loss);
            names.add(List.copyOf(savedNames));
        }
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        this.optimizer = optimizer;
        this.losses = Collections.unmodifiableList(ls);
        this.lossWeights = w;
        this.sharedCompile = true;
        this.metricNames = List.copyOf(names);
        this.metricPrototypes = checked;
    }

    /** With several outputs, each metric reports as "output_metric". */
    private List<OutputMetric> renamed(List<OutputMetric> slots) {
        if (outputNames().size() == 1) return slots;
        List<OutputMetric> out = new ArrayList<>();
        for (OutputMetric s : slots)
            out.add(new OutputMetric(outputNames().get(s.output) + "_" + s.name, s.metric, s.output));
        return out;
    }

    private static List<OutputMetric> checkedMetrics(List<OutputMetric> metrics) {
        Set<String> seen = new HashSet<>();
        for (OutputMetric s : metrics) {
            String n = s.name;
            if (!seen.add(n) || n.equals("loss") || n.endsWith("_loss"))
                throw new IllegalArgumentException("compile: metric name '" + n
                        + "' is used twice or clashes with a loss; give the metric another name with withName(...)");
        }
        return List.copyOf(metrics);
    }

    /**
     * The loss set by {@code compile}: the one loss of every output, or the first output's loss.
     *
     * @return the loss, or null before {@code compile}
     */
    public Loss loss() {
        for (Loss l : losses) if (l != null) return l;
        return null;
    }

    /**
     * The loss of each output, in {@link #outputNames()} order (null for an output trained without one).
     *
     * @return an unmodifiable list, empty before {@code compile}
     */
    public List<Loss> losses() {
        return losses;
    }

    /**
     * The weight of each output's loss, in output order.
     *
     * @return a new array, empty before {@code compile}
     */
    public float[] lossWeights() {
        return lossWeights.clone();
    }

    /**
     * True when the model was compiled with one loss and one metric list for all outputs (the
     * {@code compile(loss, optimizer, metrics)} forms), false for per-output settings.
     *
     * @return whether the compile settings are shared by the outputs
     */
    public boolean compiledShared() {
        return sharedCompile;
    }

    /**
     * The optimizer set by {@code compile}; learning-rate callbacks read and set its rate.
     *
     * @return the optimizer, or null before {@code compile}
     */
    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The names of the compiled metrics that a saved model keeps (of the first output when they are shared).
     *
     * @return an unmodifiable list, empty before {@code compile}
     */
    public List<String> metricNames() {
        return metricNames.isEmpty() ? List.of() : metricNames.getFirst();
    }

    /**
     * The saved metric names of each output, in output order.
     *
     * @return an unmodifiable list of lists, empty before {@code compile}
     */
    public List<List<String>> outputMetricNames() {
        return metricNames;
    }

    /**
     * The metrics one fit or evaluation reports: per-output loss trackers (with several outputs), then fresh copies of
     * the compiled metrics under the names they report. {@code fit} asks twice (training, validation),
     * {@code evaluate} and the on-batch methods once. A custom model may override it to report its own trackers
     * (e.g. {@link nabla.metrics.Mean}s its {@link #trainStep} updates; returning the same objects on every call is
     * fine, as Keras' {@code metrics} property does: the loop resets them before each use).
     *
     * @return a new list of metrics
     */
    protected List<Metric> newMetrics() {
        List<Metric> l = new ArrayList<>();
        if (outputNames().size() > 1)
            for (int o = 0; o < losses.size(); o++)
                if (losses.get(o) != null) l.add(new OutputLoss(outputNames().get(o) + "_loss", o));
        for (OutputMetric s : metricPrototypes) l.add(s.copy());
        return l;
    }

    private Supplier<List<Metric>> metricFactory() {
        return this::newMetrics;
    }

    private void requireCompiled(String what) {
        if (optimizer == null)
            throw new IllegalStateException(
                    what + ": the model is not compiled; call compile(loss, optimizer, metrics) first");
    }

    // ---- fit / evaluate / predict ---------------------------------------------------------------------------

    /**
     * Trains the model, as Keras' {@code model.fit}; see {@link FitOptions} for the options and their defaults
     * (1 epoch, batch 32, shuffled, seed 0, no validation, progress shown).
     *
     * <p>With {@code validationSplit(f)} and no validation data, the first floor(n·(1−f)) samples train and the
     * last ones validate, split before any shuffling, as Keras; validation data, when given, is used instead. With
     * shuffling (the default) epoch e visits the training samples in a permutation that depends only on the options'
     * seed and e (see {@link nabla.data.DataLoader}), so a run is reproducible and a run resumed with
     * {@link FitOptions#initialEpoch} continues in the same order. Batches have the batch size, the last one fewer
     * samples when it does not divide n; each is one {@link #trainStep}. After each epoch the validation data, if
     * any, is evaluated. An epoch's logged loss is the sample-weighted mean of its batch losses (penalties included);
     * metrics accumulate over the epoch. Training stops early when a callback asks or when a batch loss is NaN or
     * infinite ({@link History} records why).
     *
     * @param x the inputs, shape (n, per-sample input shape...)
     * @param y the targets, (n, ...)
     * @param options epochs, batch size, shuffling, seed, validation, weights, verbosity and callbacks
     * @return the per-epoch logs: "loss" and the metrics, and "val_loss", "val_..." with validation
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if x and y differ in number of samples, the validation split leaves an
     *     empty part, or x does not fit the model's input shape
     */
    public History fit(NDArray x, NDArray y, FitOptions options) {
        return fit(List.of(x), List.of(y), options);
    }

    /**
     * Trains for {@code epochs} with mini-batches of {@code batchSize}, shuffled each epoch; the other options are
     * {@link FitOptions#defaults()}'.
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
     * {@link #fit(NDArray, NDArray, FitOptions)} for a model of several inputs or outputs: one array per input and
     * one per output, in order, all with the same number of samples.
     *
     * @param xs one array per input
     * @param ys one array per output (for every output that has a loss; others may be left out only in the map form)
     * @param options the training options
     * @return the per-epoch logs
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit the inputs or outputs
     */
    public History fit(List<NDArray> xs, List<NDArray> ys, FitOptions options) {
        requireCompiled("fit");
        checkCount("inputs", xs.size(), inputNames());
        if (!ys.isEmpty() || hasLoss()) checkCount("targets", ys.size(), outputNames());
        return Trainer.fit(this, xs, ys, options, metricFactory(), ProgressBar.toConsole());
    }

    /**
     * {@link #fit(List, List, FitOptions)} with the arrays by input and output name.
     *
     * @param xs the inputs by name
     * @param ys the targets by output name
     * @param options the training options
     * @return the per-epoch logs
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if a name is unknown or missing
     */
    public History fit(Map<String, NDArray> xs, Map<String, NDArray> ys, FitOptions options) {
        return fit(byName("input", xs, inputNames()), targetsByName(ys), options);
    }

    /**
     * Trains on a dataset of batches (see {@link Dataset#batch}): each element is one training step. The options'
     * batch size, shuffling, validation split and class weights do not apply (the dataset batches and shuffles);
     * validation data in the options, when given, is evaluated after each epoch.
     *
     * @param data the training batches; epoch e iterates {@code data.epoch(e)}
     * @param options epochs, initial epoch, validation data, verbosity and callbacks
     * @return the per-epoch logs
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the dataset is not batched or a batch does not fit
     */
    public History fit(Dataset data, FitOptions options) {
        requireCompiled("fit");
        return Trainer.fit(this, data, options, metricFactory(), ProgressBar.toConsole());
    }

    /**
     * Loss and metrics on (x, y), in evaluation mode (dropout and noise off, batch norm on its moving statistics,
     * no gradients), in batches of 256, as Keras' {@code model.evaluate}. The loss is the sample-weighted mean over
     * the batches and includes the penalties, as in training.
     *
     * @param x the inputs, shape (n, per-sample input shape...)
     * @param y the targets, (n, ...)
     * @return "loss" and each compiled metric by name, in compile order
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if x and y differ in number of samples or x does not fit the model
     */
    public Map<String, Double> evaluate(NDArray x, NDArray y) {
        return evaluate(List.of(x), List.of(y), null);
    }

    /**
     * {@link #evaluate(NDArray, NDArray)} with sample weights.
     *
     * @param x the inputs
     * @param y the targets
     * @param sampleWeights a weight per sample (n), or null
     * @return "loss" and each compiled metric by name
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit
     */
    public Map<String, Double> evaluate(NDArray x, NDArray y, NDArray sampleWeights) {
        return evaluate(List.of(x), List.of(y), sampleWeights);
    }

    /**
     * {@link #evaluate(NDArray, NDArray)} with one array per input and per output.
     *
     * @param xs one array per input
     * @param ys one array per output
     * @param sampleWeights a weight per sample (n), or null
     * @return "loss", the per-output losses and each compiled metric by name
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit
     */
    public Map<String, Double> evaluate(List<NDArray> xs, List<NDArray> ys, NDArray sampleWeights) {
        requireCompiled("evaluate");
        checkCount("inputs", xs.size(), inputNames());
        if (!ys.isEmpty() || hasLoss()) checkCount("targets", ys.size(), outputNames());
        return Trainer.evaluate(
                this, xs, ys, sampleWeights, 256, metricFactory().get(), "");
    }

    /**
     * {@link #evaluate(List, List, NDArray)} with the arrays by name.
     *
     * @param xs the inputs by name
     * @param ys the targets by output name
     * @return "loss", the per-output losses and the metrics by name
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if a name is unknown or missing
     */
    public Map<String, Double> evaluate(Map<String, NDArray> xs, Map<String, NDArray> ys) {
        return evaluate(byName("input", xs, inputNames()), targetsByName(ys), null);
    }

    /**
     * Loss and metrics over a dataset of batches, in evaluation mode.
     *
     * @param data the batches
     * @return "loss" and the metrics by name
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the dataset is not batched or a batch does not fit
     */
    public Map<String, Double> evaluate(Dataset data) {
        requireCompiled("evaluate");
        return Trainer.evaluate(this, data, metricFactory().get(), "");
    }

    /**
     * The model's output for every sample of x (evaluation mode, batches of 256), as Keras' {@code model.predict};
     * the output layer's activation applied (probabilities for a softmax or sigmoid output). Needs no compile.
     *
     * @param x the inputs, shape (n, per-sample input shape...)
     * @return a new array of shape (n, per-sample output shape...)
     * @throws IllegalArgumentException if x does not fit the model's input shape, or the model has several inputs or
     *     outputs (use {@link #predict(List)} or {@link #predictAll})
     */
    public NDArray predict(NDArray x) {
        return predict(List.of(x));
    }

    /**
     * The output for every sample of a model of several inputs and one output.
     *
     * @param xs one array per input
     * @return the outputs, (n, per-sample output shape...)
     * @throws IllegalArgumentException if the arrays do not fit, or the model has several outputs (use
     *     {@link #predictAll})
     */
    public NDArray predict(List<NDArray> xs) {
        checkCount("inputs", xs.size(), inputNames());
        if (outputNames().size() != 1)
            throw new IllegalArgumentException(describe() + " has "
                    + outputNames().size() + " outputs " + outputNames() + "; use predictAll(...) or predict(Map)");
        return predictAll(xs).getFirst();
    }

    /**
     * Every output for every sample, in output order.
     *
     * @param xs one array per input
     * @return one new array per output
     * @throws IllegalArgumentException if the arrays do not fit the inputs
     */
    public List<NDArray> predictAll(List<NDArray> xs) {
        checkCount("inputs", xs.size(), inputNames());
        return Trainer.predict(this, xs, 256);
    }

    /**
     * Every output for every sample, by output name.
     *
     * @param xs the inputs by name
     * @return the outputs by name, in output order
     * @throws IllegalArgumentException if a name is unknown or missing
     */
    public Map<String, NDArray> predict(Map<String, NDArray> xs) {
        List<NDArray> out = predictAll(byName("input", xs, inputNames()));
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) m.put(outputNames().get(i), out.get(i));
        return m;
    }

    /**
     * The outputs for a dataset's batches, concatenated, one array per output.
     *
     * @param data the batches (targets, if any, are ignored)
     * @return one new array per output
     * @throws IllegalArgumentException if a batch does not fit
     */
    public List<NDArray> predict(Dataset data) {
        return Trainer.predict(this, data);
    }

    /**
     * One training step on one batch (Keras' {@code train_on_batch}): {@link #trainStep} without the loop.
     *
     * @param xs one array per input, a batch
     * @param ys one array per output
     * @param sampleWeights a weight per sample, or null
     * @return "loss", the per-output losses and the metrics on this batch
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit
     */
    public Map<String, Double> trainOnBatch(List<NDArray> xs, List<NDArray> ys, NDArray sampleWeights) {
        requireCompiled("trainOnBatch");
        List<Metric> metrics = metricFactory().get();
        float loss = trainStep(new Example(xs, ys, sampleWeights), metrics);
        return Trainer.logs(loss, metrics, "");
    }

    /**
     * {@link #trainOnBatch(List, List, NDArray)} for one input and one output, unweighted.
     *
     * @param x the batch's inputs
     * @param y the batch's targets
     * @return "loss" and the metrics on this batch
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit
     */
    public Map<String, Double> trainOnBatch(NDArray x, NDArray y) {
        return trainOnBatch(List.of(x), List.of(y), null);
    }

    /**
     * Loss and metrics on one batch in evaluation mode (Keras' {@code test_on_batch}).
     *
     * @param xs one array per input, a batch
     * @param ys one array per output
     * @param sampleWeights a weight per sample, or null
     * @return "loss", the per-output losses and the metrics on this batch
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit
     */
    public Map<String, Double> testOnBatch(List<NDArray> xs, List<NDArray> ys, NDArray sampleWeights) {
        requireCompiled("testOnBatch");
        List<Metric> metrics = metricFactory().get();
        float loss = testStep(new Example(xs, ys, sampleWeights), metrics);
        return Trainer.logs(loss, metrics, "");
    }

    /**
     * The outputs for one batch in evaluation mode (Keras' {@code predict_on_batch}).
     *
     * @param xs one array per input, a batch
     * @return one new array per output
     * @throws IllegalArgumentException if the arrays do not fit
     */
    public List<NDArray> predictOnBatch(List<NDArray> xs) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : predictStep(xs)) out.add(a.copy());
        return out;
    }

    // ---- steps ----------------------------------------------------------------------------------------------

    /**
     * One training step on a batch, as Keras' {@code train_step}: zeroes the gradients, runs the forward pass in
     * training mode, computes the weighted sum of the outputs' losses (with the sample weights), adds the penalties
     * and the layers' added losses, back-propagates, lets the optimizer update the trainable weights, applies the
     * weight constraints and updates {@code metrics}. A loss that is NaN or infinite is returned without any update,
     * so the weights stay the last finite ones (and {@code fit} stops, saying why). Override it for custom training (call
     * {@link #forwardAll}, compute a loss, then {@code optimizer().minimize(...)} or backward and step); {@link #fit}
     * calls it once per batch.
     *
     * @param batch the batch: inputs, targets and optional sample weights
     * @param metrics the metrics to update (from this model's compile settings), possibly none
     * @return the batch's total loss
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the batch does not fit the model
     */
    @Override
    public float trainStep(Example batch, List<Metric> metrics) {
        requireCompiled("trainStep");
        List<Parameter> params = parameters();
        Optimizer.zeroGrad(params);
        takeLosses(); // drop stale added losses
        List<Tensor> outs = forwardAll(tensors(batch.inputs()), true);
        float[] perOutput = new float[outs.size()];
        Tensor total = withPenalties(dataLoss(batch, outs, perOutput), params);
        float value = total.item();
        if (!Float.isFinite(value)) return value; // no update: the weights stay the last finite ones, fit stops
        total.backward();
        optimizer.step(params);
        applyConstraints(params);
        updateMetrics(metrics, batch, outs, perOutput);
        return value;
    }

    /**
     * One evaluation step on a batch, as Keras' {@code test_step}: the forward pass in evaluation mode without
     * gradients, the loss as in training, {@code metrics} updated.
     *
     * @param batch the batch
     * @param metrics the metrics to update, possibly none
     * @return the batch's total loss
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the batch does not fit the model
     */
    @Override
    public float testStep(Example batch, List<Metric> metrics) {
        requireCompiled("testStep");
        try (var g = NoGrad.enter()) {
            takeLosses();
            List<Tensor> outs = forwardAll(tensors(batch.inputs()), false);
            float[] perOutput = new float[outs.size()];
            Tensor total = withPenalties(dataLoss(batch, outs, perOutput), parameters());
            updateMetrics(metrics, batch, outs, perOutput);
            return total.item();
        }
    }

    /**
     * The forward pass in evaluation mode, without recording gradients.
     *
     * @param inputs one batch per input
     * @return one batch per output (the loop copies them out before the next call)
     * @throws IllegalArgumentException if the inputs do not fit
     */
    @Override
    public List<NDArray> predictStep(List<NDArray> inputs) {
        try (var g = NoGrad.enter()) {
            List<Tensor> outs = forwardAll(tensors(inputs), false);
            takeLosses();
            List<NDArray> v = new ArrayList<>(outs.size());
            for (Tensor t : outs) v.add(t.value());
            return v;
        }
    }

    /**
     * The weighted sum of the outputs' losses on a batch; each output's value goes to {@code perOutput}.
     *
     * @param batch the batch (targets one per output)
     * @param outs the outputs
     * @param perOutput receives each output's loss (0 for outputs without a loss)
     * @return the total data loss, a scalar tensor
     * @throws IllegalArgumentException if the targets do not fit the outputs
     */
    protected Tensor dataLoss(Example batch, List<Tensor> outs, float[] perOutput) {
        List<NDArray> ys = batch.targets();
        if (ys.isEmpty() && !hasLoss()) return null;
        if (ys.size() != outs.size())
            throw new IllegalArgumentException(describe() + ": got " + ys.size() + " target arrays for " + outs.size()
                    + " outputs " + outputNames());
        Tensor total = null;
        for (int i = 0; i < outs.size(); i++) {
            Loss l = losses.get(i);
            if (l == null) continue;
            NDArray y = ys.get(i);
            if (y == null)
                throw new IllegalArgumentException(
                        describe() + ": output '" + outputNames().get(i) + "' has a loss but no targets");
            Tensor li;
            try {
                li = l.compute(y, outs.get(i), batch.weights());
            } catch (InvalidRowException e) {
                if (outs.size() == 1) throw e;
                throw e.prefixed("output '" + outputNames().get(i) + "': ");
            } catch (IllegalArgumentException e) {
                if (outs.size() == 1) throw e;
                throw new IllegalArgumentException("output '" + outputNames().get(i) + "': " + e.getMessage(), e);
            }
            perOutput[i] = li.item();
            Tensor wl = lossWeights[i] == 1f ? li : li.mul(lossWeights[i]);
            total = total == null ? wl : total.add(wl);
        }
        return total;
    }

    /** Whether any output has a loss. */
    private boolean hasLoss() {
        for (Loss l : losses) if (l != null) return true;
        return false;
    }

    private void updateMetrics(List<Metric> metrics, Example batch, List<Tensor> outs, float[] perOutput) {
        int n = batch.batchSize();
        for (Metric m : metrics) {
            if (m instanceof OutputLoss ol) ol.add(perOutput[ol.output], n);
            else if (batch.targets().isEmpty()) continue;
            else if (m instanceof nabla.metrics.Mean) continue; // a custom step's own tracker
            else if (m instanceof OutputMetric sm)
                sm.metric.update(
                        batch.targets().get(sm.output), outs.get(sm.output).value(), batch.weights());
            else m.update(batch.targets().getFirst(), outs.getFirst().value(), batch.weights());
        }
    }

    private static List<Tensor> tensors(List<NDArray> xs) {
        List<Tensor> t = new ArrayList<>(xs.size());
        for (NDArray x : xs) t.add(Tensor.of(x));
        return t;
    }

    private void checkCount(String what, int got, List<String> names) {
        if (got != names.size())
            throw new IllegalArgumentException(describe() + ": expected " + names.size() + " "
                    + (what.equals("inputs") ? "input" : "target") + " arrays " + names + ", got " + got);
    }

    private List<NDArray> byName(String what, Map<String, NDArray> m, List<String> names) {
        for (String k : m.keySet())
            if (!names.contains(k))
                throw new IllegalArgumentException(
                        describe() + ": '" + k + "' is not an " + what + " of the model; they are " + names);
        List<NDArray> out = new ArrayList<>();
        for (String n : names) {
            NDArray a = m.get(n);
            if (a == null) throw new IllegalArgumentException(describe() + ": no array for " + what + " '" + n + "'");
            out.add(a);
        }
        return out;
    }

    /** Targets by output name; outputs without a loss may be left out (they get null). */
    private List<NDArray> targetsByName(Map<String, NDArray> m) {
        List<String> names = outputNames();
        for (String k : m.keySet())
            if (!names.contains(k))
                throw new IllegalArgumentException(
                        describe() + ": '" + k + "' is not an output of the model; they are " + names);
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            NDArray a = m.get(names.get(i));
            if (a == null && (losses.isEmpty() || losses.get(i) != null))
                throw new IllegalArgumentException(describe() + ": no targets for output '" + names.get(i) + "'");
            out.add(a);
        }
        return out;
    }

    /**
     * {@code loss} plus the penalties of the trainable weights' regularizers and the losses the layers added in this
     * forward pass (activity penalties, {@link Layer#addLoss}), as Keras adds {@code model.losses} to the loss it
     * reports. Takes (and so clears) the layers' added losses.
     *
     * @param loss the data loss of the batch, or null when no output has a loss (then only the penalties count)
     * @param params the parameters whose weight regularizers count (non-trainable ones are skipped)
     * @return the total loss, a tensor that back-propagates into the weights
     */
    protected Tensor withPenalties(Tensor loss, List<Parameter> params) {
        Tensor total = loss;
        for (Parameter p : params)
            if (p.regularizer() != null && p.trainable()) {
                Tensor r = p.regularizer().penalty(p.tensor());
                total = total == null ? r : total.add(r);
            }
        for (Tensor a : takeLosses()) total = total == null ? a : total.add(a);
        return total == null ? Tensor.scalar(0f) : total;
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

    /** A per-output loss tracker: the sample-weighted mean of an output's batch losses. */
    private static final class OutputLoss implements Metric {
        private final String name;
        final int output;
        private double sum;
        private long count;

        OutputLoss(String name, int output) {
            this.name = name;
            this.output = output;
        }

        void add(float loss, int samples) {
            sum += (double) loss * samples;
            count += samples;
        }

        @Override
        public void update(NDArray yTrue, NDArray yPred) {}

        @Override
        public double result() {
            return count == 0 ? 0 : sum / count;
        }

        @Override
        public void reset() {
            sum = 0;
            count = 0;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Metric copy() {
            return new OutputLoss(name, output);
        }
    }

    /** A compiled metric bound to one output, under the name it reports as ("department_accuracy"). */
    private static final class OutputMetric implements Metric {
        final String name;
        final Metric metric;
        final int output;

        OutputMetric(String name, Metric metric, int output) {
            this.name = name;
            this.metric = metric;
            this.output = output;
        }

        static OutputMetric of(Metric metric, int output) {
            return new OutputMetric(metric.name(), metric, output);
        }

        @Override
        public void update(NDArray yTrue, NDArray yPred) {
            metric.update(yTrue, yPred);
        }

        @Override
        public void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
            metric.update(yTrue, yPred, sampleWeight);
        }

        @Override
        public double result() {
            return metric.result();
        }

        @Override
        public void reset() {
            metric.reset();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Metric copy() {
            return new OutputMetric(name, metric.copy(), output);
        }
    }
}
