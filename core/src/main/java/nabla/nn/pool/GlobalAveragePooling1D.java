package nabla.nn.pool;

import nabla.nn.ConfigMap;

/** The average of each channel over all positions (Keras' {@code GlobalAveragePooling1D}): input (batch, steps, channels), output (batch, channels). */
public final class GlobalAveragePooling1D extends GlobalPoolBase {
    /** A global average pooling layer (it has no settings). */
    public GlobalAveragePooling1D() {
        super(1, false);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: no keys
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GlobalAveragePooling1D fromConfig(ConfigMap c) {
        c.allowOnly();
        return new GlobalAveragePooling1D();
    }
}
