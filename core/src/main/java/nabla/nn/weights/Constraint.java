package nabla.nn.weights;

import java.util.Arrays;
import nabla.nn.Layer;
import nabla.tensor.NDArray;

/**
 * A projection applied to a weight after every optimizer step, as Keras' {@code constraints}: attach with
 * {@link Layer#withConstraint} / {@link Layer#withKernelConstraint}; models apply it to each trainable weight
 * that has one right after {@code optimizer.step}. Immutable; saved by {@link #name()} and read back by
 * {@link #byName}.
 */
public sealed interface Constraint permits Constraint.MaxNorm, Constraint.NonNeg {
    /**
     * Rescales so that the L2 norm over {@code axes} (for each index of the other axes) is at most
     * {@code maxValue}: {@code w·min(‖w‖, c)/(1e-7 + ‖w‖)}, Keras' formula. Keras defaults: c = 2, axes = {0},
     * which for a Dense kernel (in, units) bounds each unit's incoming weight vector (each column).
     *
     * @param maxValue the largest norm allowed, c &gt; 0
     * @param axes the axes of the weight the norm is taken over; none means {0} (copied in and out)
     */
    record MaxNorm(float maxValue, int... axes) implements Constraint {
        /**
         * Checks the bound and copies the axes.
         *
         * @throws IllegalArgumentException if {@code maxValue} is not positive
         */
        public MaxNorm {
            if (!(maxValue > 0))
                throw new IllegalArgumentException("MaxNorm: maxValue must be positive, got " + maxValue);
            axes = axes.length == 0 ? new int[] {0} : axes.clone();
        }

        /**
         * The axes the norm is taken over.
         *
         * @return a copy of the axes
         */
        @Override
        public int[] axes() {
            return axes.clone();
        }

        @Override
        public void apply(NDArray w) {
            NDArray norms = w.square().sum(true, axes).sqrt();
            NDArray factor = norms.minimum(NDArray.scalar(maxValue)).div(norms.add(1e-7f));
            w.assign(w.mul(factor));
        }

        @Override
        public String name() {
            StringBuilder sb = new StringBuilder("max_norm(").append(maxValue);
            for (int a : axes) sb.append(',').append(a);
            return sb.append(')').toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MaxNorm m && m.maxValue == maxValue && Arrays.equals(m.axes, axes);
        }

        @Override
        public int hashCode() {
            return Float.hashCode(maxValue) * 31 + Arrays.hashCode(axes);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Sets negative weights to zero. */
    record NonNeg() implements Constraint {
        @Override
        public void apply(NDArray w) {
            w.assign(w.relu());
        }

        @Override
        public String name() {
            return "non_neg";
        }
    }

    /**
     * Projects {@code w} in place.
     *
     * @param w the weight's value, changed
     */
    void apply(NDArray w);

    /**
     * The saved form, which {@link #byName} reads back.
     *
     * @return e.g. "max_norm(2.0,0)" or "non_neg"
     */
    String name();

    /**
     * Keras' {@code MaxNorm(max_value)} over axis 0.
     *
     * @param maxValue the largest norm allowed, &gt; 0
     * @return the constraint
     * @throws IllegalArgumentException if {@code maxValue} is not positive
     */
    static Constraint maxNorm(float maxValue) {
        return new MaxNorm(maxValue, 0);
    }

    /**
     * Reads "max_norm(c[,axis...])" (Keras default c = 2, axis 0; "maxnorm" also accepted) or "non_neg"
     * ("nonneg").
     *
     * @param name the saved form
     * @return the constraint
     * @throws IllegalArgumentException for an unknown name, malformed arguments or a non-integer axis
     */
    static Constraint byName(String name) {
        NameArgs n = NameArgs.parse("constraint", name);
        return switch (n.name()) {
            case "max_norm", "maxnorm" -> {
                int[] axes = new int[Math.max(1, n.args().size() - 1)];
                for (int i = 1; i < n.args().size(); i++) axes[i - 1] = n.intArg(i);
                yield new MaxNorm(n.arg(0, 2f), axes);
            }
            case "non_neg", "nonneg" -> new NonNeg();
            default ->
                throw new IllegalArgumentException(
                        "unknown constraint '" + name + "'; known: max_norm(c,axis...), non_neg");
        };
    }
}
