package nabla.io;

import java.util.List;
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
 * @param layers the layers in order (unmodifiable)
 * @param compile the training configuration, or null for a model that was never compiled
 */
public record ModelSpec(
        String modelClass, String name, long seed, Shape inputShape, List<LayerSpec> layers, CompileSpec compile) {
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
}
