package nabla.autograd;

import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.kernels.ActKind;

/** The activations a layer accepts as an argument (Keras names), and the function each applies. */
public enum Activation {
    LINEAR("linear", ActKind.NONE),
    RELU("relu", ActKind.RELU),
    SIGMOID("sigmoid", ActKind.SIGMOID),
    TANH("tanh", ActKind.TANH),
    /** Softmax over the last axis. */
    SOFTMAX("softmax", null),
    /** ELU with alpha 1 (use the {@code ELU} layer for another alpha). */
    ELU("elu", null),
    SELU("selu", null),
    SOFTPLUS("softplus", null),
    SOFTSIGN("softsign", null),
    /** Keras 3's hard sigmoid: relu6(x + 3) / 6. */
    HARD_SIGMOID("hard_sigmoid", null),
    /** x·sigmoid(x); "silu" is accepted as a name too. */
    SWISH("swish", null),
    /** Leaky ReLU with Keras' activation default negative slope 0.2 (the {@code LeakyReLU} layer defaults to 0.3). */
    LEAKY_RELU("leaky_relu", null),
    /** Exact (erf) GELU, Keras' default. */
    GELU("gelu", null);

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
    ActKind fused() {
        return fused;
    }

    public Tensor apply(Tensor x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTMAX -> x.softmax(-1);
            case ELU -> ActivationOps.elu(x, 1f);
            case SELU -> ActivationOps.selu(x);
            case SOFTPLUS -> ActivationOps.softplus(x);
            case SOFTSIGN -> ActivationOps.softsign(x);
            case HARD_SIGMOID -> ActivationOps.hardSigmoid(x);
            case SWISH -> ActivationOps.swish(x);
            case LEAKY_RELU -> ActivationOps.leakyRelu(x, 0.2f);
            case GELU -> ActivationOps.gelu(x);
        };
    }

    /** Looks up by Keras name ("relu", "softmax", ...). */
    public static Activation byName(String name) {
        for (Activation a : values()) if (a.kerasName.equals(name)) return a;
        if (name.equals("silu")) return SWISH;
        StringBuilder known = new StringBuilder();
        for (Activation a : values()) known.append(known.isEmpty() ? "" : ", ").append(a.kerasName);
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + known + ", silu");
    }
}
