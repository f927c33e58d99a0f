package nabla.nn.pool;

import nabla.nn.ConfigMap;

/** The average of each channel over all positions (Keras' {@code GlobalAveragePooling2D}): input (batch, height, width, channels), output (batch, channels). */
public final class GlobalAveragePooling2D extends GlobalPoolBase {
    /** A global average pooling layer (it has no settings). */
    public GlobalAveragePooling2D() {
        super(2, false);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: no keys
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GlobalAveragePooling2D fromConfig(ConfigMap c) {
        c.allowOnly();
        return new GlobalAveragePooling2D();
    }
}
