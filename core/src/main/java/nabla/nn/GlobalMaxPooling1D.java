package nabla.nn;

/** The maximum of each channel over all positions (Keras' {@code GlobalMaxPooling1D}): input (batch, steps, channels), output (batch, channels). */
public final class GlobalMaxPooling1D extends GlobalPoolBase {
    public GlobalMaxPooling1D() {
        super(1, true);
    }
}
