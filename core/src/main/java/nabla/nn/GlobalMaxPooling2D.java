package nabla.nn;

/** The maximum of each channel over all positions (Keras' {@code GlobalMaxPooling2D}): input (batch, height, width, channels), output (batch, channels). */
public final class GlobalMaxPooling2D extends GlobalPoolBase {
    public GlobalMaxPooling2D() {
        super(2, true);
    }
}
