package nabla.nn.pool;

import nabla.nn.ConfigMap;

/** The maximum of each channel over all positions (Keras' {@code GlobalMaxPooling1D}): input (batch, steps, channels), output (batch, channels). */
public final class GlobalMaxPooling1D extends GlobalPoolBase {
    /** A global max pooling layer (it has no settings). */
    public GlobalMaxPooling1D() {
        super(1, true);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: no keys
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GlobalMaxPooling1D fromConfig(ConfigMap c) {
        c.allowOnly();
        return new GlobalMaxPooling1D();
    }
}
