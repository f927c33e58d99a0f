package nabla.nn;

/** The average of each channel over all positions (Keras' {@code GlobalAveragePooling2D}): input (batch, height, width, channels), output (batch, channels). */
public final class GlobalAveragePooling2D extends GlobalPoolBase {
    public GlobalAveragePooling2D() {
        super(2, false);
    }
}
