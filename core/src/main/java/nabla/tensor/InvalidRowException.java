package nabla.tensor;

/**
 * An invalid value in one row (sample) of a batch, e.g. a label that is not a class index, a binary target
 * outside [0, 1] or an embedding id beyond the vocabulary. The message says where, as {@code "... at row 3 ..."},
 * the row counted within the batch given; the training loop ({@code nabla.train.Trainer}), which knows which of
 * the caller's samples each batch row holds, throws {@link #at(String)} instead, naming the sample's index in the
 * caller's arrays.
 */
public final class InvalidRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The message before and after the place ("at row 3"). */
    private final String before, after;

    /** The row within the batch. */
    private final int row;

    /**
     * An exception whose message is {@code before + "at row " + row + after}.
     *
     * @param before the message up to the place, ending with a space, e.g. {@code "loss x: label 7.0 "}
     * @param row the row within the batch, from 0
     * @param after the message after the place, starting with a space, e.g. {@code " is not a class index in [0, 5)"}
     */
    public InvalidRowException(String before, int row, String after) {
        this(before, row, after, null);
    }

    private InvalidRowException(String before, int row, String after, Throwable cause) {
        super(before + "at row " + row + after, cause);
        this.before = before;
        this.row = row;
        this.after = after;
    }

    /**
     * The row within the batch.
     *
     * @return the row, from 0
     */
    public int row() {
        return row;
    }

    /**
     * The same problem said of another place.
     *
     * @param where the place, e.g. {@code "of sample 1234"} or {@code "at row 3 of batch 5 of epoch 2"}
     * @return a new exception whose message has {@code where} in place of {@code "at row N"}, with this one as its
     *     cause
     */
    public IllegalArgumentException at(String where) {
        return new IllegalArgumentException(before + where + after, this);
    }

    /**
     * The same problem with a prefix, e.g. naming the model output it belongs to; the row is kept.
     *
     * @param prefix put before the message, e.g. {@code "output 'digits': "}
     * @return a new exception with this one as its cause
     */
    public InvalidRowException prefixed(String prefix) {
        return new InvalidRowException(prefix + before, row, after, this);
    }
}
