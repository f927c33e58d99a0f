package nabla.autograd;

import nabla.kernels.ActKind;
import nabla.nn.activation.ELU;

/**
 * The activations a layer accepts as an argument (Keras names, as {@code activation="relu"}), and the function
 * each applies elementwise (softmax along the last axis). Linear, relu, sigmoid and tanh are fused into the
 * convolution kernels' output pass ({@link ConvOps}), and all but sigmoid into the dense kernel's
 * ({@link NNOps#linear(Tensor, Tensor, Tensor, Activation)}); the others run as a separate op after the product.
 * Layers save the {@link #kerasName()}.
 *
 * <p>{@link #apply} with {@link #SOFTMAX} or {@link #SIGMOID}, and a dense layer ending in either, returns a
 * tensor that remembers its input as its {@link Tensor#logits()}: the cross-entropy losses then compute
 * themselves from the logits (Keras 3 does the same). A sigmoid fused into a convolution kernel keeps none.
 */
public enum Activation {
    /** The identity (no activation). */
    LINEAR("linear", ActKind.NONE),
    /** max(x, 0). */
    RELU("relu", ActKind.RELU),
    /** The logistic sigmoid 1 / (1 + e<sup>−x</sup>). */
    SIGMOID("sigmoid", ActKind.SIGMOID),
    /** The hyperbolic tangent. */
    TANH("tanh", ActKind.TANH),
    /** Softmax over the last axis, computed stably. */
    SOFTMAX("softmax", null),
    /** ELU with alpha 1 (use the {@link nabla.nn.activation.ELU} layer for another alpha). */
    ELU("elu", null),
    /** SELU: scale·elu(x, alpha) with alpha ≈ 1.6733, scale ≈ 1.0507 (Klambauer et al., 2017). */
    SELU("selu", null),
    /** log(1 + e<sup>x</sup>), computed without overflow. */
    SOFTPLUS("softplus", null),
    /** x / (1 + |x|). */
    SOFTSIGN("softsign", null),
    /** Keras 3's hard sigmoid: relu6(x + 3) / 6. */
    HARD_SIGMOID("hard_sigmoid", null),
    /** x·sigmoid(x); "silu" is accepted as a name too. */
    SWISH("swish", null),
    /**
     * Leaky ReLU with Keras' activation default negative slope 0.2 (the {@link nabla.nn.activation.LeakyReLU} layer
     * defaults to 0.3).
     */
    LEAKY_RELU("leaky_relu", null),
    /** Exact (erf) GELU, Keras' default. */
    GELU("gelu", null);

    private final String kerasName;
    private final ActKind fused;

    Activation(String kerasName, ActKind fused) {
        this.kerasName = kerasName;
        this.fused = fused;
    }

    /**
     * The Keras name, e.g. "relu", as saved in model files and accepted by {@link #byName}.
     *
     * @return the name
     */
    public String kerasName() {
        return kerasName;
    }

    /** The kernel activation that can be fused into a matrix product, or null when it cannot. */
    ActKind fused() {
        return fused;
    }

    /** What a fusing kernel applies in its output pass: this activation when it can, none otherwise. */
    ActKind kernelPart() {
        return fused != null ? fused : ActKind.NONE;
    }

    /** The output of a kernel that applied {@link #kernelPart()}: {@code y} itself, or this activation of it. */
    Tensor afterKernel(Tensor y) {
        return fused != null ? y : apply(y);
    }

    /**
     * Applies this activation to {@code x} as a differentiable op ({@link #LINEAR} returns {@code x} itself). The
     * result of {@link #SOFTMAX} and {@link #SIGMOID} carries {@code x} as its {@link Tensor#logits()}.
     *
     * @param x the input, any shape (softmax needs rank at least 1)
     * @return the activated tensor, x's shape
     */
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

    /**
     * Looks up by Keras name ("relu", "softmax", ...); "silu" is accepted for {@link #SWISH}.
     *
     * @param name the Keras name, case-sensitive
     * @return the activation
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static Activation byName(String name) {
        for (Activation a : values()) if (a.kerasName.equals(name)) return a;
        if (name.equals("silu")) return SWISH;
        StringBuilder known = new StringBuilder();
        for (Activation a : values()) known.append(known.isEmpty() ? "" : ", ").append(a.kerasName);
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + known + ", silu");
    }
}
