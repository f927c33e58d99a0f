package nabla.keras;

import java.util.List;
import java.util.Map;

/**
 * A Keras model description in one form for the three file formats: the Keras 3 config and the legacy
 * ({@code {"class_name", "config"}}) configs of Keras 2 and TF.js are both read into it.
 */
final class Graph {
    private Graph() {}

    /** The file format a description came from: the weight layout and a few config conventions differ. */
    enum Format {
        /** Keras 3 {@code .keras}. */
        KERAS3,
        /** Keras 2 / tf.keras {@code .h5}. */
        KERAS2,
        /** TensorFlow.js layers format. */
        TFJS;

        /** Whether the configs are the legacy form (node indices of nested models shifted by one, etc.). */
        boolean legacy() {
            return this != KERAS3;
        }
    }

    /** One tensor: output {@code tensor} of node {@code node} of the layer (or input) named {@code layer}. */
    record Ref(String layer, int node, int tensor) {}

    /**
     * One layer of a model.
     *
     * @param className the Keras class ("Dense", "Sequential", ...)
     * @param name the layer's name
     * @param config its config (the nested model's config for a model)
     * @param nodes in a functional model, the tensors feeding each of its nodes, in node order; empty in a Sequential
     * @param model the nested model, for a Sequential or Functional used as a layer; else null
     */
    record KLayer(String className, String name, Map<String, Object> config, List<List<Ref>> nodes, KModel model) {}

    /**
     * A Sequential or functional model.
     *
     * @param functional whether it is a functional model (else a Sequential)
     * @param name the model's name
     * @param layers its layers (a functional model's InputLayers included, each with {@link KLayer#className()}
     *     "InputLayer")
     * @param inputShape a Sequential's per-sample input shape (null entries for unknown dimensions), or null if it
     *     declares none
     * @param inputs a functional model's inputs
     * @param outputs a functional model's outputs
     * @param inputShapes a functional model's per-sample input shapes by input layer name
     */
    record KModel(
            boolean functional,
            String name,
            List<KLayer> layers,
            List<Long> inputShape,
            List<Ref> inputs,
            List<Ref> outputs,
            Map<String, List<Long>> inputShapes) {}
}
