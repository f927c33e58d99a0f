package nabla.io;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.tensor.Shape;

/**
 * A model's architecture and training configuration, as stored in a model file's {@code nabla.json}.
 *
 * @param modelClass the model class that wrote it ("Sequential" or "Functional"); loading checks it
 * @param name the model's name
 * @param seed the seed its layers were initialized from
 * @param inputShape the per-sample input shape (without the batch axis) the layers were built for; the first input's
 *     for a functional model, which lists every input as an "InputLayer" entry first when it has several
 * @param layers the layers in order, each once (unmodifiable)
 * @param graph a functional model's connections (format version 2): "inputs" (each {"name", "shape"}), "nodes" (in
 *     the order they run, each {"layer": name, "inbound": [[producer, node index, tensor index], ...]}, where the
 *     producer is an input's or a layer's name and the node index counts that layer's earlier nodes) and "outputs"
 *     ([producer, node index, tensor index] each); null for a Sequential and for version-1 functional files
 * @param compile the training configuration, or null for a model that was never compiled
 */
public record ModelSpec(
        String modelClass,
        String name,
        long seed,
        Shape inputShape,
        List<LayerSpec> layers,
        Map<String, Object> graph,
        CompileSpec compile) {
    /**
     * Copies the layer list.
     *
     * @throws NullPointerException if {@code modelClass}, {@code name}, {@code inputShape} or {@code layers} is null
     */
    public ModelSpec {
        Objects.requireNonNull(modelClass, "modelClass");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputShape, "inputShape");
        layers = List.copyOf(layers);
    }

    /**
     * A spec without graph (a Sequential, or a version-1 functional model).
     *
     * @param modelClass the model class
     * @param name the model's name
     * @param seed the seed
     * @param inputShape the per-sample input shape
     * @param layers the layers
     * @param compile the training configuration, or null
     */
    public ModelSpec(
            String modelClass, String name, long seed, Shape inputShape, List<LayerSpec> layers, CompileSpec compile) {
        this(modelClass, name, seed, inputShape, layers, null, compile);
    }

    /**
     * The spec as JSON-friendly values, without the compile settings: the form a nested model is saved in (its
     * layer config) and the body of a file's {@code nabla.json}.
     *
     * @return a new map
     */
    public Map<String, Object> toConfig() {
        return ArchiveJson.body(this);
    }

    /**
     * Reads the form {@link #toConfig()} writes (a nested model's config).
     *
     * @param config the values
     * @param where names the file and place in errors ("model.nabla!/nabla.json, layer 'encoder'")
     * @return the spec, without compile settings
     * @throws ModelFileException naming {@code where} and the field when a field is missing or malformed
     */
    public static ModelSpec fromConfig(Map<String, ?> config, String where) throws ModelFileException {
        return ArchiveJson.body(config, where, null);
    }
}
