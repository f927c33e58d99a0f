package nabla.nn;

import nabla.autograd.Tensor;
import nabla.kernels.ActKind;

/** The activations a layer accepts as an argument (Keras names), and the function each applies. */
public enum Activation {
    LINEAR("linear", ActKind.NONE),
    RELU("relu", ActKind.RELU),
    SIGMOID("sigmoid", ActKind.SIGMOID),
    TANH("tanh", ActKind.TANH),
    /** Softmax over the last axis. */
    SOFTMAX("softmax", null);

    private final String kerasName;
    private final ActKind fused;

    Activation(String kerasName, ActKind fused) {
        this.kerasName = kerasName;
        this.fused = fused;
    }

    /** The Keras name, e.g. "relu". */
    public String kerasName() {
        return kerasName;
    }

    /** The kernel activation that can be fused into a matrix product, or null when it cannot. */
    public ActKind fused() {
        return fused;
    }

    public Tensor apply(Tensor x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTMAX -> x.softmax(-1);
        };
    }

    /** Looks up by Keras name ("relu", "softmax", ...). */
    public static Activation byName(String name) {
        for (Activation a : values()) if (a.kerasName.equals(name)) return a;
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: linear, relu, sigmoid, tanh, softmax");
    }
}
