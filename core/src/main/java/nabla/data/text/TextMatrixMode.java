package nabla.data.text;

/**
 * How {@link Tokenizer#textsToMatrix} fills a text's row, as Keras' {@code Tokenizer.sequences_to_matrix}; for a
 * word index j that occurs c times in a text of n tokens, among D fitted documents of which d_j contained it:
 * <ul>
 *   <li>{@link #BINARY}: 1;</li>
 *   <li>{@link #COUNT}: c;</li>
 *   <li>{@link #FREQ}: c / n (n counts every token of the sequence, also those past {@code numWords});</li>
 *   <li>{@link #TFIDF}: (1 + ln c) · ln(1 + D / (1 + d_j)).</li>
 * </ul>
 */
public enum TextMatrixMode {
    BINARY, COUNT, FREQ, TFIDF;

    /** The mode Keras names {@code name} ("binary", "count", "freq", "tfidf"). */
    public static TextMatrixMode of(String name) {
        for (TextMatrixMode m : values()) if (m.name().equalsIgnoreCase(name)) return m;
        throw new IllegalArgumentException("unknown text matrix mode '" + name + "'; use binary, count, freq or tfidf");
    }
}
