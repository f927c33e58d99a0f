package nabla.data.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Word hashing by letter trigrams (Huang et al. 2013, DSSM): a word is wrapped in boundary marks and cut into
 * its letter trigrams ({@code good} → {@code #good#} → {@code #go, goo, ood, od#}); a text becomes the bag (counts)
 * of the trigrams of its words, in a fixed number of columns. Two ways to number trigrams:
 * <ul>
 *   <li>{@link #hashed(int)}: the 32-bit FNV-1a hash of the trigram's UTF-16 chars modulo the bucket count;
 *       nothing to fit or save, collisions possible;</li>
 *   <li>{@link #fitVocabulary(List, int)}: the most frequent trigrams of some texts, numbered by decreasing
 *       count (ties by first occurrence); unknown trigrams are ignored.</li>
 * </ul>
 * Words come from Keras' default {@link Tokenizer} splitting (lower-cased, punctuation removed, and HTML line
 * breaks removed as the Tokenizer does by default). Immutable once made, so one instance can be shared between
 * threads.
 */
public final class LetterTrigrams {
    /** The boundary mark added before and after each word. */
    public static final char BOUNDARY = '#';

    private final Tokenizer splitter = new Tokenizer();
    private final int size;
    private final Map<String, Integer> vocabulary; // null when hashed

    private LetterTrigrams(int size, Map<String, Integer> vocabulary) {
        this.size = size;
        this.vocabulary = vocabulary;
    }

    /**
     * Trigrams hashed into {@code buckets} columns.
     *
     * @param buckets the number of columns, positive
     * @return a hashing instance: nothing to fit, the same columns on every JVM and run
     * @throws IllegalArgumentException if {@code buckets} is not positive
     */
    public static LetterTrigrams hashed(int buckets) {
        if (buckets <= 0)
            throw new IllegalArgumentException("LetterTrigrams: buckets must be positive, got " + buckets);
        return new LetterTrigrams(buckets, null);
    }

    /**
     * Trigrams numbered by frequency in {@code texts}, keeping at most {@code maxSize} of them.
     *
     * @param texts the texts to count trigrams in
     * @param maxSize the most columns to keep, positive
     * @return an instance with {@code min(maxSize, distinct trigrams)} columns, column 0 the most frequent trigram
     * @throws IllegalArgumentException if {@code maxSize} is not positive
     */
    public static LetterTrigrams fitVocabulary(List<String> texts, int maxSize) {
        if (maxSize <= 0)
            throw new IllegalArgumentException("LetterTrigrams: maxSize must be positive, got " + maxSize);
        Tokenizer splitter = new Tokenizer();
        LinkedHashMap<String, int[]> counts = new LinkedHashMap<>();
        for (String text : texts)
            for (String w : splitter.textToWordSequence(text))
                for (String g : of(w)) counts.computeIfAbsent(g, k -> new int[1])[0]++;
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0])); // stable: ties keep first occurrence
        LinkedHashMap<String, Integer> vocabulary = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(maxSize, entries.size()); i++)
            vocabulary.put(entries.get(i).getKey(), i);
        return new LetterTrigrams(vocabulary.size(), vocabulary);
    }

    /**
     * A fitted vocabulary given as trigram → column (e.g. read back from a saved model).
     *
     * @param vocabulary the columns of the known trigrams (copied)
     * @return an instance with one more column than the largest given
     * @throws IllegalArgumentException if a column is negative
     */
    public static LetterTrigrams ofVocabulary(Map<String, Integer> vocabulary) {
        int size = 0;
        for (var e : vocabulary.entrySet()) {
            if (e.getValue() < 0)
                throw new IllegalArgumentException("LetterTrigrams: column of '" + e.getKey() + "' is negative");
            size = Math.max(size, e.getValue() + 1);
        }
        return new LetterTrigrams(size, new LinkedHashMap<>(vocabulary));
    }

    /**
     * The letter trigrams of one word with boundary marks, in order, repeats kept; none for an empty word.
     *
     * @param word the word, used as given (not lower-cased)
     * @return {@code word.length()} trigrams of {@code #word#}, e.g. {@code [#go, goo, ood, od#]} for {@code good}
     */
    public static List<String> of(String word) {
        if (word.isEmpty()) return List.of();
        String w = BOUNDARY + word + BOUNDARY;
        List<String> out = new ArrayList<>(w.length() - 2);
        for (int i = 0; i + 3 <= w.length(); i++) out.add(w.substring(i, i + 3));
        return out;
    }

    /**
     * The number of columns of a bag.
     *
     * @return the bucket count, or the vocabulary's size
     */
    public int size() {
        return size;
    }

    /**
     * Whether trigrams are hashed (true) or looked up in a fitted vocabulary (false).
     *
     * @return true for {@link #hashed(int)} instances
     */
    public boolean isHashed() {
        return vocabulary == null;
    }

    /**
     * The fitted vocabulary, trigram → column (unmodifiable); empty when hashed.
     *
     * @return the vocabulary in column order for a fitted one, in the given order for {@link #ofVocabulary}
     */
    public Map<String, Integer> vocabulary() {
        return vocabulary == null ? Map.of() : Collections.unmodifiableMap(vocabulary);
    }

    /**
     * The column of {@code trigram}, or -1 when it is not in the vocabulary.
     *
     * @param trigram the trigram, e.g. {@code #go}
     * @return its column in {@code 0..size()-1} (always, when hashed), or -1
     */
    public int column(String trigram) {
        if (vocabulary == null) return Math.floorMod(fnv1a(trigram), size);
        Integer c = vocabulary.get(trigram);
        return c == null ? -1 : c;
    }

    /**
     * The bag of trigrams of one text's words: count per column.
     *
     * @param text the raw text
     * @return a new array of {@link #size()} counts
     */
    public float[] bag(String text) {
        float[] row = new float[size];
        addBag(text, row, 0);
        return row;
    }

    /**
     * The bags of several texts, one row per text.
     *
     * @param texts the raw texts
     * @return a new array of shape (texts.size(), size())
     */
    public NDArray transform(List<String> texts) {
        float[] x = new float[Math.multiplyExact(texts.size(), size)];
        for (int i = 0; i < texts.size(); i++) addBag(texts.get(i), x, i * size);
        return NDArray.wrap(x, Shape.of(texts.size(), size));
    }

    private void addBag(String text, float[] out, int offset) {
        for (String w : splitter.textToWordSequence(text))
            for (String g : of(w)) {
                int c = column(g);
                if (c >= 0) out[offset + c] += 1f;
            }
    }

    /** 32-bit FNV-1a over the UTF-16 chars: specified, so the same on every JVM and run, and it spreads short strings better than String.hashCode. */
    static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        return h;
    }
}
