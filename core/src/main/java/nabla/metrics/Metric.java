package nabla.metrics;

import nabla.tensor.NDArray;

/** A streaming metric: fed batch by batch, read with {@link #result()}, cleared with {@link #reset()}. */
public interface Metric {
    /** Adds one batch of targets and predictions. */
    void update(NDArray yTrue, NDArray yPred);

    /** The value over everything since the last reset. */
    double result();

    void reset();

    /** The key under which the value is reported, e.g. "accuracy". */
    String name();
}
