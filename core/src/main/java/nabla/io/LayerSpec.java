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
 * previous one's output. Immutable: the constructor copies the config and the list into unmodifiable ones.
 *
 * @param type the layer type, as {@link LayerRegistry#fromConfig} knows it ("Dense", "LSTM", ...)
 * @param name the layer's name in the model ("dense_1"), the prefix of its weight keys
 * @param config the constructor arguments by name, JSON values (with the "..._regularizer" and "..._constraint"
 *     entries of {@link Layer#savedConfig()})
 * @param inbound the names of the layers or inputs feeding this layer in a functional model of format version 1,
 *     empty otherwise (version 2 keeps the connections in {@link ModelSpec#graph()})
 * @param trainable false for a frozen layer ({@link Layer#setTrainable})
 */
public record LayerSpec(String type, String name, Map<String, Object> config, List<String> inbound, boolean trainable) {
    /**
     * Copies the description.
     *
     * @throws NullPointerException if {@code type}, {@code name}, {@code config} or {@code inbound} is null
     */
    public LayerSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        inbound = List.copyOf(inbound);
    }

    /**
     * A layer of a Sequential (no inbound names).
     *
     * @param type the layer type
     * @param name the layer's name
     * @param config the constructor arguments by name
     */
    public LayerSpec(String type, String name, Map<String, Object> config) {
        this(type, name, config, List.of(), true);
    }

    /**
     * A trainable layer fed by {@code inbound} (format version 1).
     *
     * @param type the layer type
     * @param name the layer's name
     * @param config the constructor arguments by name
     * @param inbound the names of the layers or inputs feeding it
     */
    public LayerSpec(String type, String name, Map<String, Object> config, List<String> inbound) {
        this(type, name, config, inbound, true);
    }

    /**
     * The saved form of {@code layer} in a Sequential.
     *
     * @param layer the layer
     * @return its description
     */
    public static LayerSpec of(Layer layer) {
        return new LayerSpec(layer.type(), layer.name(), layer.savedConfig(), List.of(), layer.isTrainable());
    }

    /**
     * The saved form of {@code layer} in a functional model, fed by the layers (or inputs) named {@code inbound}.
     *
     * @param layer the layer
     * @param inbound the names of the layers or inputs feeding it
     * @return its description
     */
    public static LayerSpec of(Layer layer, List<String> inbound) {
        return new LayerSpec(layer.type(), layer.name(), layer.savedConfig(), inbound, layer.isTrainable());
    }

    /**
     * A new, unbuilt layer of this type, config and name, through {@link LayerRegistry#fromConfig}.
     *
     * @param file the model file, named in errors
     * @return the layer
     * @throws ModelFileException naming {@code file} for an unknown type or a config the layer rejects
     */
    public Layer instantiate(String file) throws ModelFileException {
        try {
            Layer l = LayerRegistry.fromConfig(type, config).named(name);
            if (!trainable) l.setTrainable(false);
            return l;
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "cannot rebuild layer '" + name + "': " + e.getMessage(), e);
        }
    }
}
