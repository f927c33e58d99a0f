package nabla.metrics;

/**
 * The fraction of rows whose target class is among the k highest-scoring predictions (default k = 5), as Keras'
 * {@code SparseTopKCategoricalAccuracy}, for class-index targets (batch,) or (batch, 1) and predictions (batch, classes). Ties at the boundary count
 * as in (as TensorFlow's {@code in_top_k}).
 */
public final class SparseTopKCategoricalAccuracy extends ClassAccuracy {
    /** k = 5, reported as "sparse_top_k_categorical_accuracy". */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    /**
     * Top-k accuracy with another k, reported as "sparse_top_k_categorical_accuracy".
     *
     * @param k how many of the highest scores count as a hit, &gt; 0 (k = 1 is sparse categorical accuracy, up to ties)
     * @throws IllegalArgumentException if {@code k} is not positive
     */
    public SparseTopKCategoricalAccuracy(int k) {
        this(k, "sparse_top_k_categorical_accuracy");
    }

    private SparseTopKCategoricalAccuracy(int k, String name) {
        if (k <= 0)
            throw new IllegalArgumentException("sparse_top_k_categorical_accuracy: k must be positive, got " + k);
        super(name, true, k);
    }

    /**
     * A new, empty top-k accuracy with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public SparseTopKCategoricalAccuracy withName(String name) {
        return new SparseTopKCategoricalAccuracy(k, name);
    }

    /**
     * How many of the highest scores count as a hit.
     *
     * @return k
     */
    public int k() {
        return k;
    }

    @Override
    public SparseTopKCategoricalAccuracy copy() {
        return new SparseTopKCategoricalAccuracy(k, name);
    }
}
