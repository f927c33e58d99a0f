package nabla.nn.weights;

import nabla.autograd.RegularizationOps;
import nabla.autograd.Tensor;
import nabla.nn.Layer;

/**
 * A penalty added to the training loss, as Keras' {@code regularizers}: attached to a layer's weight
 * ({@link Layer#withRegularizer}, {@link Layer#withKernelRegularizer}, ...) it adds {@code penalty(w)}; attached
 * to its output ({@link Layer#withActivityRegularizer}) it adds {@code penalty(output)} on every call, summed
 * over the batch (Keras 3 does not divide it by the batch size). Models add these penalties to the loss they
 * report, in training and in evaluation, as Keras does.
 */
public sealed interface Regularizer permits Regularizer.L1, Regularizer.L2, Regularizer.L1L2 {
    /**
     * {@code l1·Σ|x|} (Keras default l1 = 0.01).
     *
     * @param l1 the factor, finite and &gt;= 0
     */
    record L1(float l1) implements Regularizer {
        /**
         * Checks the factor.
         *
         * @throws IllegalArgumentException if {@code l1} is negative, infinite or NaN
         */
        public L1 {
            check("L1", l1);
        }

        @Override
        public Tensor penalty(Tensor x) {
            return RegularizationOps.l1l2(x, l1, 0f);
        }

        @Override
        public String name() {
            return "l1(" + l1 + ")";
        }
    }

    /**
     * {@code l2·Σx²} (Keras default l2 = 0.01); note: no factor 1/2, so its gradient is {@code 2·l2·x} (PyTorch's
     * coupled {@code weight_decay=wd}, as in its SGD and Adam, corresponds to l2 = wd/2).
     *
     * @param l2 the factor, finite and &gt;= 0
     */
    record L2(float l2) implements Regularizer {
        /**
         * Checks the factor.
         *
         * @throws IllegalArgumentException if {@code l2} is negative, infinite or NaN
         */
        public L2 {
            check("L2", l2);
        }

        @Override
        public Tensor penalty(Tensor x) {
            return RegularizationOps.l1l2(x, 0f, l2);
        }

        @Override
        public String name() {
            return "l2(" + l2 + ")";
        }
    }

    /**
     * {@code l1·Σ|x| + l2·Σx²} (Keras' {@code L1L2}).
     *
     * @param l1 the L1 factor, finite and &gt;= 0
     * @param l2 the L2 factor, finite and &gt;= 0
     */
    record L1L2(float l1, float l2) implements Regularizer {
        /**
         * Checks the factors.
         *
         * @throws IllegalArgumentException if a factor is negative, infinite or NaN
         */
        public L1L2 {
            check("L1L2", l1);
            check("L1L2", l2);
        }

        @Override
        public Tensor penalty(Tensor x) {
            return RegularizationOps.l1l2(x, l1, l2);
        }

        @Override
        public String name() {
            return "l1_l2(" + l1 + "," + l2 + ")";
        }
    }

    /**
     * The penalty of {@code x}, summed over all its elements (not averaged).
     *
     * @param x a weight's tensor or a layer's output batch
     * @return a scalar tensor, differentiable with respect to {@code x}
     */
    Tensor penalty(Tensor x);

    /**
     * The saved form; {@link #byName} reads it back.
     *
     * @return e.g. "l2(0.01)"
     */
    String name();

    /**
     * Keras' {@code regularizers.l1(l1)}.
     *
     * @param l1 the factor, finite and &gt;= 0
     * @return {@code l1·Σ|x|}
     * @throws IllegalArgumentException if the factor is negative, infinite or NaN
     */
    static Regularizer l1(float l1) {
        return new L1(l1);
    }

    /**
     * Keras' {@code regularizers.l2(l2)}.
     *
     * @param l2 the factor, finite and &gt;= 0
     * @return {@code l2·Σx²}
     * @throws IllegalArgumentException if the factor is negative, infinite or NaN
     */
    static Regularizer l2(float l2) {
        return new L2(l2);
    }

    /**
     * Keras' {@code regularizers.l1_l2(l1, l2)}.
     *
     * @param l1 the L1 factor, finite and &gt;= 0
     * @param l2 the L2 factor, finite and &gt;= 0
     * @return {@code l1·Σ|x| + l2·Σx²}
     * @throws IllegalArgumentException if a factor is negative, infinite or NaN
     */
    static Regularizer l1l2(float l1, float l2) {
        return new L1L2(l1, l2);
    }

    /**
     * Reads "l1(a)", "l2(b)", "l1_l2(a,b)" ("l1l2" also accepted), or the bare Keras names "l1", "l2" (factor
     * 0.01) and "l1_l2" (0.01, 0.01).
     *
     * @param name the saved form
     * @return the regularizer
     * @throws IllegalArgumentException for an unknown name, malformed arguments or an invalid factor
     */
    static Regularizer byName(String name) {
        NameArgs n = NameArgs.parse("regularizer", name);
        return switch (n.name()) {
            case "l1" -> new L1(n.arg(0, 0.01f));
            case "l2" -> new L2(n.arg(0, 0.01f));
            case "l1_l2", "l1l2" -> new L1L2(n.arg(0, 0.01f), n.arg(1, 0.01f));
            default ->
                throw new IllegalArgumentException(
                        "unknown regularizer '" + name + "'; known: l1(a), l2(b), l1_l2(a,b)");
        };
    }

    private static void check(String who, float v) {
        if (!(v >= 0) || !Float.isFinite(v))
            throw new IllegalArgumentException(who + ": the factor must be a finite number >= 0, got " + v);
    }
}
