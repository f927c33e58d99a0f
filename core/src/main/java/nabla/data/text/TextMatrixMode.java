package nabla.data.text;

/**
 * How {@link Tokenizer#textsToMatrix} fills a text's row, as Keras' {@code Tokenizer.sequences_to_matrix}; for a
 * word index j that occurs c times in a text of n tokens, among D fitted documents of which d_j contained it:
 * <ul>
 *   <li>{@link #BINARY}: 1;</li>
 *   <li>{@link #COUNT}: c;</li>
 *   <li>{@link #FREQ}: c / n, n the length of the sequence (in {@link Tokenizer#sequencesToMatrix} it also counts
 *       indices at or above the column count, which get no column; {@link Tokenizer#textsToMatrix} has already
 *       dropped words past {@code numWords}, or mapped them to the OOV index);</li>
 *   <li>{@link #TFIDF}: (1 + ln c) · ln(1 + D / (1 + d_j)).</li>
 * </ul>
 */
public enum TextMatrixMode {
    /** 1 where the word occurs (Keras' "binary", its default). */
    BINARY,
    /** The number of occurrences (Keras' "count"). */
    COUNT,
    /** The share of the text's tokens (Keras' "freq"). */
    FREQ,
    /** tf-idf with Keras' smoothing (Keras' "tfidf"); needs a tokenizer fitted on texts. */
    TFIDF;

    /**
     * The mode Keras names {@code name} ("binary", "count", "freq", "tfidf"), in any case.
     *
     * @param name the mode's name
     * @return the mode
     * @throws IllegalArgumentException if {@code name} is none of the four
     */
    public static TextMatrixMode of(String name) {
        for (TextMatrixMode m : values()) if (m.name().equalsIgnoreCase(name)) return m;
        throw new IllegalArgumentException("unknown text matrix mode '" + name + "'; use binary, count, freq or tfidf");
    }
}
