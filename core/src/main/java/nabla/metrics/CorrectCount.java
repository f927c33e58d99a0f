package nabla.metrics;

/**
 * Base of the accuracy metrics: counts correct predictions and predictions since the last reset; the result is their
 * ratio (0 when there are none). The subclass implements {@code update} and adds to {@link #correct} and
 * {@link #total}.
 */
abstract class CorrectCount implements Metric {
    final String name;
    long correct;
    long total;

    CorrectCount(String name) {
        this.name = name;
    }

    @Override
    public final double result() {
        return total == 0 ? 0 : (double) correct / total;
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
