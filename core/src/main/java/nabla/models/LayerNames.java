package nabla.models;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import nabla.nn.Layer;

/**
 * How a model adopts its layers, shared by {@link Sequential} and {@link Functional}: unnamed layers get Keras'
 * names (the type in lower case, then "_1", "_2", ...), a given name must be unique, and a layer not built yet is
 * seeded from the model's seed and its position, so the same model built twice starts from the same weights.
 */
final class LayerNames {
    private final Set<String> used = new HashSet<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final String owner, uniquenessNote;

    /** {@code owner} starts error messages ("Sequential"); {@code uniquenessNote} ends the duplicate-name one. */
    LayerNames(String owner, String uniquenessNote) {
        this.owner = owner;
        this.uniquenessNote = uniquenessNote;
    }

    /** Takes a name that no layer may use (a functional model's inputs). */
    void reserve(String name) {
        used.add(name);
    }

    /** Names (or checks the name of) the {@code index}-th layer and seeds it when it is not built yet. */
    void adopt(Layer layer, long modelSeed, int index) {
        if (!layer.hasName()) {
            String base = layer.type().toLowerCase(), candidate = base;
            while (used.contains(candidate)) candidate = base + "_" + counts.merge(base, 1, Integer::sum);
            layer.named(candidate);
        } else if (used.contains(layer.name())) {
            throw new IllegalArgumentException(owner + ": two layers are named '" + layer.name()
                    + "'; layer names must be unique" + uniquenessNote);
        }
        used.add(layer.name());
        if (!layer.isBuilt()) layer.seeded(modelSeed * 1_000_003L + index);
    }
}
