package nabla.nn.pool;

import nabla.nn.ConfigMap;

/** The average of each channel over all positions (Keras' {@code GlobalAveragePooling2D}): input (batch, height, width, channels), output (batch, channels). */
public final class GlobalAveragePooling2D extends GlobalPoolBase {
    public GlobalAveragePooling2D() {
        super(2, false);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static GlobalAveragePooling2D fromConfig(ConfigMap c) {
        c.allowOnly();
        return new GlobalAveragePooling2D();
    }
}
