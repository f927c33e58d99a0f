package nabla.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.nn.Layer;

/**
 * One layer as saved: its type ({@link Layer#type()}), its name, its constructor arguments
 * ({@link Layer#savedConfig()}: strings, numbers, booleans and lists of them) and, in a functional model, the
 * names of the layers (or of the model's input) that feed it; empty in a Sequential, where each layer takes the
 * previous one's output.
 */
public record LayerSpec(String type, String name, Map<String, Object> config, List<String> inbound) {
    public LayerSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        inbound = List.copyOf(inbound);
    }

    /** A layer of a Sequential (no inbound names). */
    public LayerSpec(String type, String name, Map<String, Object> config) {
        this(type, name, config, List.of());
    }

    /** The saved form of {@code layer}. */
    public static LayerSpec of(Layer layer) {
        return new LayerSpec(layer.type(), layer.name(), layer.savedConfig());
    }

    /** The saved form of {@code layer} fed by the layers (or input) named {@code inbound}. */
    public static LayerSpec of(Layer layer, List<String> inbound) {
        return new LayerSpec(layer.type(), layer.name(), layer.savedConfig(), inbound);
    }

    /**
     * A new, unbuilt layer of this type and name, through {@link Layers#fromConfig}.
     *
     * @throws ModelFileException naming {@code file} for an unknown type or a config the layer rejects
     */
    public Layer instantiate(String file) throws ModelFileException {
        try {
            return LayerRegistry.fromConfig(type, config).named(name);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "cannot rebuild layer '" + name + "': " + e.getMessage(), e);
        }
    }
}
