package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.io.CompileSpec;
import nabla.io.CorruptModelFileException;
import nabla.io.LayerSpec;
import nabla.io.ModelArchive;
import nabla.io.ModelFileException;
import nabla.io.ModelSpec;
import nabla.io.Weights;
import nabla.losses.Loss;
import nabla.nn.Layer;
import nabla.optim.Optimizer;
import nabla.optim.OptimizerState;

/**
 * Converts a {@link Sequential} to and from a {@link ModelArchive}: name, seed, input shape, layers (type, name,
 * config), weights keyed "layerName.weightName", compile settings, text assets and, unless left out, the optimizer's state
 * (step count, base learning rate, slots keyed by weight name), so that a loaded model resumes training exactly where
 * the saved one stopped. A file without optimizer state loads with a fresh optimizer of the same hyperparameters.
 */
final class ModelFiles {
    private ModelFiles() {}

    static void save(Sequential model, Path path, boolean includeOptimizer) throws IOException {
        if (model.inputShape() == null)
            throw new IllegalStateException("cannot save Sequential '" + model.name() + "' to " + path
                    + ": it is not built yet; build the model first: call fit/predict or withInputShape(...)");
        List<LayerSpec> layers = new ArrayList<>();
        for (Layer l : model.layers()) layers.add(LayerSpec.of(l));
        CompileSpec compile = model.loss() == null ? null : CompileSpec.of(model.loss(), model.optimizer(), model.metricNames());
        ModelSpec spec = new ModelSpec("Sequential", model.name(), model.seed(), model.inputShape(), layers, compile);
        OptimizerState state = compile != null && includeOptimizer ? model.optimizer().state(model.namedParameters()) : null;
        new ModelArchive(spec, Weights.values(model.namedParameters()), model.assets(), state).write(path);
    }

    static Sequential load(Path path) throws IOException {
        String file = path.toString();
        ModelArchive archive = ModelArchive.read(path);
        ModelSpec spec = archive.spec();
        if (!spec.modelClass().equals("Sequential"))
            throw new ModelFileException(file, "holds a " + spec.modelClass() + " model; Sequential.load reads Sequential models only");
        Sequential model = new Sequential(spec.seed()).named(spec.name());
        try {
            for (LayerSpec l : spec.layers()) model.add(l.instantiate(file));
            model.withInputShape(spec.inputShape().dims());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "the saved layers do not fit together: " + e.getMessage(), e);
        }
        Weights.loadStrict(model.namedParameters(), archive.weights(), file);
        archive.assets().forEach(model::withAsset);
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
            if (c == null) throw new CorruptModelFileException(entry, "holds an optimizer state, but " + file + " has no compile settings");
            try {
                model.optimizer().loadState(state, model.namedParameters());
            } catch (IllegalArgumentException e) {
                throw new CorruptModelFileException(entry, "cannot restore the optimizer: " + e.getMessage()
                        + "; the weights are intact: to load the model with a fresh optimizer, delete the entry (zip -d " + file + " " + ModelArchive.OPTIMIZER_ENTRY + ")", e);
            }
        }
        return model;
    }
}
