package nabla.keras;

/** Keras' names for things. */
final class Naming {
    private Naming() {}

    /**
     * Keras' {@code to_snake_case} ({@code keras/src/utils/naming.py}): the name under which Keras 3 stores a layer's
     * weights in {@code model.weights.h5} ("Conv2D" to "conv2d", "PReLU" to "p_re_lu", "BatchNormalization" to
     * "batch_normalization").
     */
    static String snake(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
