package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import nabla.tensor.Shape;

/**
 * Converts a {@link Sequential} or a {@link Functional} to and from a {@link ModelArchive}: name, seed, input shape,
 * layers (type, name, config; in a functional model also the names of the layers feeding each one), weights keyed "layerName.weightName", compile settings, text assets and, unless left out, the optimizer's state
 * (step count, base learning rate, slots keyed by weight name), so that a loaded model resumes training exactly where
 * the saved one stopped. A file without optimizer state loads with a fresh optimizer of the same hyperparameters.
 */
final class ModelFiles {
    /** The type of the entries that declare a functional model's inputs, when it has several. */
    private static final String INPUT_LAYER = "InputLayer";

    private ModelFiles() {}

    static void save(Sequential model, Path path, boolean includeOptimizer) throws IOException {
        if (model.inputShape() == null)
            throw new IllegalStateException("cannot save Sequential '" + model.name() + "' to " + path
                    + ": it is not built yet; build the model first: call fit/predict or build(...)");
        List<LayerSpec> layers = new ArrayList<>();
        for (Layer l : model.layers()) layers.add(LayerSpec.of(l));
        CompileSpec compile =
                model.loss() == null ? null : CompileSpec.of(model.loss(), model.optimizer(), model.metricNames());
        ModelSpec spec = new ModelSpec("Sequential", model.name(), model.seed(), model.inputShape(), layers, compile);
        OptimizerState state =
                compile != null && includeOptimizer ? model.optimizer().state(model.namedParameters()) : null;
        new ModelArchive(spec, Weights.values(model.namedParameters()), model.assets(), state).write(path);
    }

    static Sequential load(Path path) throws IOException {
        String file = path.toString();
        ModelArchive archive = read(path, "Sequential");
        ModelSpec spec = archive.spec();
        Sequential model = new Sequential(spec.seed()).named(spec.name());
        try {
            for (LayerSpec l : spec.layers()) model.add(l.instantiate(file));
            model.build(spec.inputShape().dims());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "the saved layers do not fit together: " + e.getMessage(), e);
        }
        Weights.loadStrict(model.namedParameters(), archive.weights(), file);
        archive.assets().forEach(model::putAsset);
        restore(model, spec, archive, file);
        return model;
    }

    /** The archive at {@code path}, which must hold a model of class {@code modelClass}. */
    private static ModelArchive read(Path path, String modelClass) throws IOException {
        ModelArchive archive = ModelArchive.read(path);
        String saved = archive.spec().modelClass();
        if (!saved.equals(modelClass))
            throw new ModelFileException(
                    path.toString(),
                    "holds a " + saved + " model; " + modelClass + ".load reads " + modelClass + " models only");
        return archive;
    }

    /** Compile settings and optimizer state into a model whose layers and weights are loaded. */
    private static void restore(Model model, ModelSpec spec, ModelArchive archive, String file) throws IOException {
        CompileSpec c = spec.compile();
        if (c != null) {
            Optimizer optimizer = c.instantiateOptimizer(file);
            Loss loss = c.instantiateLoss(file);
            try {
                model.compile(loss, optimizer, c.metrics().toArray(String[]::new));
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

    static void save(Functional model, Path path, boolean includeOptimizer) throws IOException {
        List<LayerSpec> layers = new ArrayList<>();
        List<Shape> inputs = model.inputShapes();
        if (inputs.size() > 1) // a model of several inputs lists them first, as Keras' InputLayer entries
        for (int i = 0; i < inputs.size(); i++)
                layers.add(new LayerSpec(
                        INPUT_LAYER,
                        Functional.inputName(i),
                        Map.of(
                                "shape",
                                Arrays.stream(inputs.get(i).dims()).boxed().toList())));
        for (int i = 0; i < model.layers().size(); i++)
            layers.add(LayerSpec.of(model.layers().get(i), model.inboundNames(i)));
        CompileSpec compile =
                model.loss() == null ? null : CompileSpec.of(model.loss(), model.optimizer(), model.metricNames());
        ModelSpec spec = new ModelSpec("Functional", model.name(), model.seed(), model.inputShape(), layers, compile);
        OptimizerState state =
                compile != null && includeOptimizer ? model.optimizer().state(model.namedParameters()) : null;
        new ModelArchive(spec, Weights.values(model.namedParameters()), Map.of(), state).write(path);
    }

    static Functional loadFunctional(Path path) throws IOException {
        String file = path.toString();
        ModelArchive archive = read(path, "Functional");
        ModelSpec spec = archive.spec();
        List<SymbolicTensor> inputs = new ArrayList<>();
        Map<String, SymbolicTensor> byName = new HashMap<>();
        List<LayerSpec> specs = spec.layers();
        int first = 0;
        for (; first < specs.size() && specs.get(first).type().equals(INPUT_LAYER); first++) {
            LayerSpec in = specs.get(first);
            Object dims = in.config().get("shape");
            if (!(dims instanceof List<?> list)
                    || list.isEmpty()
                    || !list.stream().allMatch(d -> d instanceof Long i && i > 0 && i <= Integer.MAX_VALUE)
                    || !in.name().equals(Functional.inputName(first)))
                throw new CorruptModelFileException(
                        file,
                        "input entry " + first + " ('" + in.name() + "') needs the name '" + Functional.inputName(first)
                                + "' and a shape of positive integers, got " + in.config());
            inputs.add(Functional.input(
                    list.stream().mapToInt(d -> (int) (long) (Long) d).toArray()));
        }
        if (inputs.isEmpty()) inputs.add(Functional.input(spec.inputShape().dims()));
        for (int i = 0; i < inputs.size(); i++) byName.put(Functional.inputName(i), inputs.get(i));
        if (first == specs.size())
            throw new CorruptModelFileException(file, "a functional model needs at least one layer");
        SymbolicTensor last = null;
        Functional model;
        try {
            for (LayerSpec l : specs.subList(first, specs.size())) {
                if (l.inbound().isEmpty())
                    throw new CorruptModelFileException(file, "layer '" + l.name() + "' names no inbound layers");
                List<SymbolicTensor> in = new ArrayList<>();
                for (String n : l.inbound()) {
                    SymbolicTensor t = byName.get(n);
                    if (t == null)
                        throw new CorruptModelFileException(
                                file, "layer '" + l.name() + "' is fed by '" + n + "', which is not defined before it");
                    in.add(t);
                }
                Layer layer = l.instantiate(file);
                last = layer instanceof Merge m
                        ? Functional.merge(m, in.toArray(SymbolicTensor[]::new))
                        : in.getFirst().then(layer);
                byName.put(l.name(), last);
            }
            model = new Functional(spec.seed(), inputs, last).named(spec.name());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "the saved layers do not fit together: " + e.getMessage(), e);
        }
        Weights.loadStrict(model.namedParameters(), archive.weights(), file);
        restore(model, spec, archive, file);
        return model;
    }
}
