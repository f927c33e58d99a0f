package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Base of the accuracy metrics: sums the weights of the correct predictions and of all predictions since the last
 * reset (each prediction weighs 1 without sample weights, so the sums are counts); the result is their ratio (0
 * when there are none). The subclass implements {@link #update(NDArray, NDArray, NDArray)}, adding to
 * {@link #correct} and {@link #total}.
 */
abstract class CorrectCount implements Metric {
    final String name;
    /** Exact as counts up to 2^53. */
    double correct;

    double total;

    CorrectCount(String name) {
        this.name = name;
    }

    @Override
    public final void update(NDArray yTrue, NDArray yPred) {
        update(yTrue, yPred, null);
    }

    @Override
    public abstract void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight);

    @Override
    public final double result() {
        return total == 0 ? 0 : correct / total;
    }

    @Override
    public final void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public final String name() {
        return name;
    }
}
