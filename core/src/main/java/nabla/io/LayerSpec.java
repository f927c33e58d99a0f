package nabla.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.nn.Layer;
import nabla.nn.Layers;

/**
 * One layer as saved: its type ({@link Layer#type()}), its name and its constructor arguments
 * ({@link Layer#savedConfig()}: strings, numbers, booleans and lists of them).
 */
public record LayerSpec(String type, String name, Map<String, Object> config) {
    public LayerSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** The saved form of {@code layer}. */
    public static LayerSpec of(Layer layer) {
        return new LayerSpec(layer.type(), layer.name(), layer.savedConfig());
    }

    /**
     * A new, unbuilt layer of this type and name, through {@link Layers#fromConfig}.
     *
     * @throws ModelFileException naming {@code file} for an unknown type or a config the layer rejects
     */
    public Layer instantiate(String file) throws ModelFileException {
        try {
            return Layers.fromConfig(type, config).named(name);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "cannot rebuild layer '" + name + "': " + e.getMessage(), e);
        }
    }
}
