package nabla.nn;

/** The average of each channel over all positions (Keras' {@code GlobalAveragePooling1D}): input (batch, steps, channels), output (batch, channels). */
public final class GlobalAveragePooling1D extends GlobalPoolBase {
    public GlobalAveragePooling1D() {
        super(1, false);
    }
}
