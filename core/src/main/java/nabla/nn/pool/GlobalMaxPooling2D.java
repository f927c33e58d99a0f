package nabla.nn.pool;

import nabla.nn.ConfigMap;

/** The maximum of each channel over all positions (Keras' {@code GlobalMaxPooling2D}): input (batch, height, width, channels), output (batch, channels). */
public final class GlobalMaxPooling2D extends GlobalPoolBase {
    /** A global max pooling layer (it has no settings). */
    public GlobalMaxPooling2D() {
        super(2, true);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: no keys
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GlobalMaxPooling2D fromConfig(ConfigMap c) {
        c.allowOnly();
        return new GlobalMaxPooling2D();
    }
}
