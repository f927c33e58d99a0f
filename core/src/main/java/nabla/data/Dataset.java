package nabla.data;

import java.util.Iterator;

/** TEMPORARY STUB, replaced by the data-stream branch. */
public abstract class Dataset {
    /** For subclasses. */
    protected Dataset() {}

    /** One pass. */
    public interface Epoch extends Iterator<Example>, AutoCloseable {
        @Override
        void close();
    }

    /**
     * A pass.
     *
     * @param epoch the epoch
     * @return the pass
     */
    public abstract Epoch epoch(int epoch);

    /**
     * Count.
     *
     * @return -1
     */
    public long cardinality() {
        return -1;
    }

    /**
     * Batched.
     *
     * @return true
     */
    public boolean batched() {
        return true;
    }
}
