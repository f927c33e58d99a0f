package nabla.data;

import java.util.NoSuchElementException;

/**
 * The epochs of the built-in data sets: {@link #fetch()} returns the next element or null at the end, and
 * {@link #release()} frees what the epoch holds (files, upstream epochs, threads). Release runs once, at the end of
 * the data or on {@link #close()}, whichever comes first; after either, {@code hasNext()} is false.
 */
abstract class Pull implements Dataset.Epoch {
    private Example next;
    private boolean done;
    private boolean released;
    /** The number of elements handed out so far: the index of the next one. */
    long index;

    /**
     * The next element, or null when there is none.
     *
     * @return the element, or null at the end
     */
    abstract Example fetch();

    /** Frees what this epoch holds; called at most once. */
    void release() {}

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            Example e = fetch();
            if (e == null) finish();
            else next = e;
        }
        return next != null;
    }

    @Override
    public final Example next() {
        if (!hasNext())
            throw new NoSuchElementException(
                    "Dataset epoch: no element after the " + index + " already taken" + (released ? " or closed" : ""));
        Example e = next;
        next = null;
        index++;
        return e;
    }

    @Override
    public final void close() {
        next = null;
        finish();
    }

    private void finish() {
        done = true;
        if (!released) {
            released = true;
            release();
        }
    }
}
