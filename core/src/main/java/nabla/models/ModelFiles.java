package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.io.CompileSpec;
import nabla.io.CorruptModelFileException;
import nabla.io.LayerSpec;
import nabla.io.ModelArchive;
import nabla.io.ModelFileException;
import nabla.io.ModelSpec;
import nabla.io.Weights;
import nabla.losses.Loss;
import nabla.nn.Layer;
import nabla.nn.merge.Merge;
import nabla.optim.Optimizer;
import nabla.optim.OptimizerState;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Converts a {@link Sequential} or a {@link Functional} to and from a {@link ModelArchive}: name, seed, input shape,
 * layers (type, name, config, trainable; each once), a functional model's graph (its inputs, its nodes with the
 * layer and the tensors feeding each, its outputs: so shared layers and several inputs and outputs save), nested
 * models (a layer whose config is the nested model's own description), weights keyed by path
 * ("layerName.weightName", "encoder.dense.kernel"), compile settings (per output when compiled per output), text
 * assets and, unless left out, the optimizer's state, so that a loaded model resumes training exactly where the saved
 * one stopped. Format version 1 files (before nested models and shared layers) still load.
 */
final class ModelFiles {
    /** The type of the entries that declare a version-1 functional model's inputs, when it has several. */
    private static final String INPUT_LAYER = "InputLayer";

    private ModelFiles() {}

    // ---- model -> spec --------------------------------------------------------------------------------------

    static ModelSpec spec(Model model) {
        if (model instanceof Sequential s) {
            if (!s.isBuilt())
                throw new IllegalStateException("cannot save Sequential '" + s.name()
                        + "': it is not built yet; build the model first: call fit/predict or build(...)");
            List<LayerSpec> layers = new ArrayList<>();
            for (Layer l : s.layers()) layers.add(LayerSpec.of(l));
            return new ModelSpec("Sequential", s.name(), s.seed(), s.inputShape(), layers, compileSpec(s));
        }
        if (model instanceof Functional f) {
            List<LayerSpec> layers = new ArrayList<>();
            for (Layer l : f.layers()) layers.add(LayerSpec.of(l));
            Map<String, Object> graph = new LinkedHashMap<>();
            List<Object> ins = new ArrayList<>();
            for (int i = 0; i < f.inputTensors().size(); i++) {
                Map<String, Object> in = new LinkedHashMap<>();
                in.put("name", f.inputNames().get(i));
                in.put("shape", dims(f.inputTensors().get(i).shape()));
                ins.add(in);
            }
            graph.put("inputs", ins);
            List<Object> nodes = new ArrayList<>();
            for (SymbolicTensor.Node n : f.nodes()) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("layer", n.layer.name());
                List<Object> inbound = new ArrayList<>();
                for (SymbolicTensor t : n.inputs) inbound.add(ref(f, t));
                node.put("inbound", inbound);
                nodes.add(node);
            }
            graph.put("nodes", nodes);
            List<Object> outs = new ArrayList<>();
            for (SymbolicTensor t : f.outputTensors()) outs.add(ref(f, t));
            graph.put("outputs", outs);
            return new ModelSpec("Functional", f.name(), f.seed(), f.inputShape(), layers, graph, compileSpec(f));
        }
        throw new UnsupportedOperationException(model.describe() + " cannot be saved: only Sequential and Functional"
                + " models can; save the Sequential or Functional models it is made of");
    }

    private static List<Object> ref(Functional f, SymbolicTensor t) {
        return List.of(f.producerName(t), (long) f.nodeIndex(t.node), (long) t.index);
    }

    private static List<Long> dims(Shape s) {
        return Arrays.stream(s.dims()).mapToLong(d -> d).boxed().toList();
    }

    private static CompileSpec compileSpec(Model m) {
        if (m.optimizer() == null) return null;
        Optimizer opt = m.optimizer();
        if (m.compiledShared()) return CompileSpec.of(m.loss(), opt, m.metricNames());
        List<CompileSpec.Output> outs = new ArrayList<>();
        float[] w = m.lossWeights();
        for (int i = 0; i < m.outputNames().size(); i++) {
            Loss l = m.losses().get(i);
            outs.add(new CompileSpec.Output(
                    m.outputNames().get(i),
                    l == null ? null : l.name(),
                    l == null ? Map.of() : l.config(),
                    w[i],
                    m.outputMetricNames().get(i)));
        }
        Loss first = m.loss();
        return new CompileSpec(
                first == null ? "" : first.name(),
                first == null ? Map.of() : first.config(),
                opt.name(),
                opt.config(),
                List.of(),
                outs);
    }

    /** A nested model's config: its spec as JSON values (without compile settings). */
    static Map<String, Object> config(Model model) {
        ModelSpec s = spec(model);
        return new ModelSpec(s.modelClass(), s.name(), s.seed(), s.inputShape(), s.layers(), s.graph(), null)
                .toConfig();
    }

    static void save(Model model, Path path, boolean includeOptimizer) throws IOException {
        ModelSpec spec;
        try {
            spec = spec(model);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (saving to " + path + ")", e);
        }
        OptimizerState state =
                spec.compile() != null && includeOptimizer ? model.optimizer().state(model.namedParameters()) : null;
        Map<String, String> assets = model instanceof Sequential s ? s.assets() : Map.of();
        new ModelArchive(spec, Weights.values(model.namedParameters()), assets, state, trainingState(model))
                .write(path);
    }

    // ---- spec -> model --------------------------------------------------------------------------------------

    static Sequential load(Path path) throws IOException {
        return (Sequential) load(path, "Sequential");
    }

    static Functional loadFunctional(Path path) throws IOException {
        return (Functional) load(path, "Functional");
    }

    static Model loadAny(Path path) throws IOException {
        return load(path, null);
    }

    private static Model load(Path path, String modelClass) throws IOException {
        String file = path.toString();
        ModelArchive archive = ModelArchive.read(path);
        ModelSpec spec = archive.spec();
        if (modelClass != null && !spec.modelClass().equals(modelClass))
            throw new ModelFileException(
                    file,
                    "holds a " + spec.modelClass() + " model; " + modelClass + ".load reads " + modelClass
                            + " models only (Model.load reads either)");
        // the layers may create no more weights than the file stores (loadStrict then wants them equal): a declared
        // size the file cannot fill is an error before anything is allocated
        long stored = 0;
        for (var t : archive.weights().values()) stored += t.size();
        Model model;
        try (Layer.WeightLimit limit = Layer.limitWeights(stored)) {
            try {
                model = fromSpec(spec, file, file + "!/nabla.json");
            } catch (ModelFileException e) {
                if (!limit.exceeded()) throw e;
                throw new CorruptModelFileException(
                        file + "!/nabla.json",
                        "the layers declare more weights than " + ModelArchive.WEIGHTS_ENTRY + " stores (" + stored
                                + " scalars): " + rootMessage(e),
                        e);
            }
        }
        Weights.loadStrict(model.namedParameters(), archive.weights(), file);
        if (model instanceof Sequential s) archive.assets().forEach(s::putAsset);
        restore(model, spec, archive, file);
        if (archive.trainingState() != null) restoreTraining(model, archive.trainingState(), file);
        return model;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }

    /** The epochs completed and the layers' random states, as the training entry keeps them. */
    private static Map<String, Object> trainingState(Model model) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("completed_epochs", (long) model.completedEpochs());
        Map<String, Object> rs = new LinkedHashMap<>();
        model.randomStates().forEach((k, v) -> rs.put(k, json(v)));
        t.put("random_states", rs);
        return t;
    }

    private static Map<String, Object> json(Rng.State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", s.seed());
        m.put("origin", s.origin() == null ? null : json(s.origin()));
        List<Long> d = new ArrayList<>();
        for (long v : s.draws()) d.add(v);
        m.put("draws", d);
        return m;
    }

    private static Rng.State state(Object o, String entry, String key) throws CorruptModelFileException {
        if (!(o instanceof Map<?, ?> m)
                || !(m.get("seed") instanceof Long seed)
                || !(m.get("draws") instanceof List<?> d)
                || !d.stream().allMatch(v -> v instanceof Long))
            throw new CorruptModelFileException(
                    entry, "random state '" + key + "' needs a \"seed\" and \"draws\" of integers");
        long[] draws = d.stream().mapToLong(v -> (Long) v).toArray();
        try {
            return new Rng.State(seed, m.get("origin") == null ? null : state(m.get("origin"), entry, key), draws);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelFileException(entry, "random state '" + key + "': " + e.getMessage(), e);
        }
    }

    private static void restoreTraining(Model model, Map<String, Object> t, String file) throws IOException {
        String entry = file + "!/" + ModelArchive.TRAINING_ENTRY;
        if (!(t.get("completed_epochs") instanceof Long e) || e < 0 || e > Integer.MAX_VALUE)
            throw new CorruptModelFileException(entry, "completed_epochs must be a non-negative integer");
        model.setCompletedEpochs((int) (long) e);
        if (!(t.get("random_states") instanceof Map<?, ?> rs))
            throw new CorruptModelFileException(entry, "random_states must be a JSON object");
        Map<String, Rng.State> states = new LinkedHashMap<>();
        for (Map.Entry<?, ?> x : rs.entrySet())
            states.put((String) x.getKey(), state(x.getValue(), entry, (String) x.getKey()));
        try {
            model.restoreRandomStates(states);
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw new CorruptModelFileException(entry, "cannot restore the random states: " + ex.getMessage(), ex);
        }
    }

    /** The model a spec describes, unbuilt layers built; {@code where} names the place in errors. */
    static Model fromSpec(ModelSpec spec, String file, String where) throws ModelFileException {
        try {
            return switch (spec.modelClass()) {
                case "Sequential" -> {
                    if (spec.graph() != null)
                        throw new CorruptModelFileException(
                                where,
                                "model_class is 'Sequential', but the file describes a functional graph: the file is"
                                        + " damaged or was edited (model_class 'Functional' would match it)");
                    for (LayerSpec l : spec.layers())
                        if (!l.inbound().isEmpty() || l.type().equals(INPUT_LAYER))
                            throw new CorruptModelFileException(
                                    where,
                                    "model_class is 'Sequential', but layer '" + l.name()
                                            + "' is a functional model's (it names inbound layers or is an input)");
                    Sequential model = new Sequential(spec.seed()).named(spec.name());
                    for (LayerSpec l : spec.layers()) model.add(instantiate(l, file, where));
                    model.build(spec.inputShape().dims());
                    yield model;
                }
                case "Functional" ->
                    spec.graph() == null ? functionalV1(spec, file, where) : functional(spec, file, where);
                default ->
                    throw new CorruptModelFileException(
                            where, "model_class '" + spec.modelClass() + "' is not Sequential or Functional");
            };
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "the saved layers do not fit together: " + e.getMessage(), e);
        }
    }

    /** A saved layer, or a nested model (its config is the nested model's spec). */
    private static Layer instantiate(LayerSpec l, String file, String where) throws ModelFileException {
        if (l.type().equals("Sequential") || l.type().equals("Functional")) {
            String at = where + ", layer '" + l.name() + "'";
            Model m = fromSpec(ModelSpec.fromConfig(l.config(), at), file, at);
            if (!m.name().equals(l.name())) m.named(l.name());
            if (!l.trainable()) m.setTrainable(false);
            return m;
        }
        return l.instantiate(file);
    }

    private static Functional functional(ModelSpec spec, String file, String where) throws ModelFileException {
        Map<String, Object> g = spec.graph();
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (LayerSpec l : spec.layers()) {
            if (layers.containsKey(l.name()))
                throw new CorruptModelFileException(where, "two layers are named '" + l.name() + "'");
            layers.put(l.name(), instantiate(l, file, where));
        }
        Map<String, List<List<SymbolicTensor>>> made = new HashMap<>(); // producer -> its nodes' outputs
        List<SymbolicTensor> inputs = new ArrayList<>();
        for (Object o : list(g, "inputs", where)) {
            if (!(o instanceof Map<?, ?> in) || !(in.get("name") instanceof String name))
                throw new CorruptModelFileException(where, "graph.inputs holds an entry without a name: " + o);
            int[] dims = intList(in.get("shape"), where, "graph.inputs '" + name + "'.shape");
            SymbolicTensor t = Functional.input(name, dims);
            if (made.put(name, List.of(List.of(t))) != null || layers.containsKey(name))
                throw new CorruptModelFileException(where, "the input name '" + name + "' is used twice");
            inputs.add(t);
        }
        for (Object o : list(g, "nodes", where)) {
            if (!(o instanceof Map<?, ?> node) || !(node.get("layer") instanceof String name))
                throw new CorruptModelFileException(where, "graph.nodes holds an entry without a layer: " + o);
            Layer layer = layers.get(name);
            if (layer == null)
                throw new CorruptModelFileException(
                        where, "graph.nodes names layer '" + name + "', which is not saved");
            if (!(node.get("inbound") instanceof List<?> inbound) || inbound.isEmpty())
                throw new CorruptModelFileException(where, "the node of layer '" + name + "' names no inbound tensors");
            List<SymbolicTensor> in = new ArrayList<>();
            for (Object r : inbound) in.add(resolve(r, made, where, "layer '" + name + "'"));
            made.computeIfAbsent(name, k -> new ArrayList<>()).add(SymbolicTensor.apply(layer, in));
        }
        List<SymbolicTensor> outputs = new ArrayList<>();
        for (Object r : list(g, "outputs", where)) outputs.add(resolve(r, made, where, "graph.outputs"));
        return new Functional(spec.seed(), inputs, outputs).named(spec.name());
    }

    private static SymbolicTensor resolve(
            Object ref, Map<String, List<List<SymbolicTensor>>> made, String where, String user)
            throws CorruptModelFileException {
        if (!(ref instanceof List<?> r)
                || r.size() != 3
                || !(r.get(0) instanceof String producer)
                || !(r.get(1) instanceof Long node)
                || !(r.get(2) instanceof Long tensor))
            throw new CorruptModelFileException(
                    where, user + " refers to " + ref + "; expected [producer name, node index, tensor index]");
        List<List<SymbolicTensor>> nodes = made.get(producer);
        if (nodes == null || node < 0 || node >= nodes.size())
            throw new CorruptModelFileException(
                    where, user + " is fed by node " + node + " of '" + producer + "', which is not defined before it");
        List<SymbolicTensor> outs = nodes.get((int) (long) node);
        if (tensor < 0 || tensor >= outs.size())
            throw new CorruptModelFileException(
                    where, user + " is fed by output " + tensor + " of '" + producer + "', which has " + outs.size());
        return outs.get((int) (long) tensor);
    }

    private static List<?> list(Map<String, Object> g, String key, String where) throws CorruptModelFileException {
        if (!(g.get(key) instanceof List<?> l))
            throw new CorruptModelFileException(where, "graph." + key + " is missing or not an array");
        return l;
    }

    private static int[] intList(Object o, String where, String what) throws CorruptModelFileException {
        if (!(o instanceof List<?> list)
                || list.isEmpty()
                || !list.stream().allMatch(d -> d instanceof Long i && i > 0 && i <= Integer.MAX_VALUE))
            throw new CorruptModelFileException(where, what + " must be a list of positive integers, got " + o);
        return list.stream().mapToInt(d -> (int) (long) (Long) d).toArray();
    }

    /** A format-version-1 functional model: "InputLayer" entries, then layers naming the layers feeding them. */
    private static Functional functionalV1(ModelSpec spec, String file, String where) throws ModelFileException {
        List<SymbolicTensor> inputs = new ArrayList<>();
        Map<String, SymbolicTensor> byName = new HashMap<>();
        List<LayerSpec> specs = spec.layers();
        int first = 0;
        for (; first < specs.size() && specs.get(first).type().equals(INPUT_LAYER); first++) {
            LayerSpec in = specs.get(first);
            if (!in.name().equals(Functional.defaultInputName(first)))
                throw new CorruptModelFileException(
                        where,
                        "input entry " + first + " ('" + in.name() + "') needs the name '"
                                + Functional.defaultInputName(first) + "' and a shape of positive integers, got "
                                + in.config());
            inputs.add(Functional.input(intList(in.config().get("shape"), where, "input entry " + first + "'s shape")));
        }
        if (inputs.isEmpty()) inputs.add(Functional.input(spec.inputShape().dims()));
        for (int i = 0; i < inputs.size(); i++) byName.put(Functional.defaultInputName(i), inputs.get(i));
        if (first == specs.size())
            throw new CorruptModelFileException(where, "a functional model needs at least one layer");
        SymbolicTensor last = null;
        for (LayerSpec l : specs.subList(first, specs.size())) {
            if (l.inbound().isEmpty())
                throw new CorruptModelFileException(where, "layer '" + l.name() + "' names no inbound layers");
            List<SymbolicTensor> in = new ArrayList<>();
            for (String n : l.inbound()) {
                SymbolicTensor t = byName.get(n);
                if (t == null)
                    throw new CorruptModelFileException(
                            where, "layer '" + l.name() + "' is fed by '" + n + "', which is not defined before it");
                in.add(t);
            }
            Layer layer = instantiate(l, file, where);
            last = layer instanceof Merge m
                    ? Functional.merge(m, in.toArray(SymbolicTensor[]::new))
                    : in.getFirst().then(layer);
            byName.put(l.name(), last);
        }
        return new Functional(spec.seed(), inputs, last).named(spec.name());
    }

    /** Compile settings and optimizer state into a model whose layers and weights are loaded. */
    private static void restore(Model model, ModelSpec spec, ModelArchive archive, String file) throws IOException {
        CompileSpec c = spec.compile();
        if (c != null) {
            Optimizer optimizer = c.instantiateOptimizer(file);
            try {
                if (c.outputs().isEmpty())
                    model.compile(
                            c.instantiateLoss(file), optimizer, c.metrics().toArray(String[]::new));
                else {
                    Map<String, Loss> losses = new LinkedHashMap<>();
                    Map<String, Double> weights = new LinkedHashMap<>();
                    Map<String, List<String>> metrics = new LinkedHashMap<>();
                    for (CompileSpec.Output o : c.outputs()) {
                        Loss l = o.instantiateLoss(file);
                        if (l != null) losses.put(o.output(), l);
                        weights.put(o.output(), o.lossWeight());
                        metrics.put(o.output(), o.metrics());
                    }
                    model.compile(optimizer, losses, weights, metrics);
                }
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(file, "cannot restore the compile settings: " + e.getMessage(), e);
            }
        }
        OptimizerState state = archive.optimizerState();
        if (state != null) {
            String entry = file + "!/" + ModelArchive.OPTIMIZER_ENTRY;
            if (c == null)
                throw new CorruptModelFileException(
                        entry, "holds an optimizer state, but " + file + " has no compile settings");
            try {
                model.optimizer().loadState(state, model.namedParameters());
            } catch (IllegalArgumentException e) {
                throw new CorruptModelFileException(
                        entry,
                        "cannot restore the optimizer: " + e.getMessage()
                                + "; the weights are intact: to load the model with a fresh optimizer, delete the entry (zip -d "
                                + file + " " + ModelArchive.OPTIMIZER_ENTRY + ")",
                        e);
            }
        }
    }
}
