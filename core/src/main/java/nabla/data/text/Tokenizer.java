package nabla.data.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import nabla.data.CorruptDataException;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Turns texts into sequences of word indices, as Keras' {@code keras.preprocessing.text.Tokenizer}: lower-cases,
 * replaces every character of {@code filters} by the split character, splits, counts words over the texts it is
 * fitted on, and numbers them 1, 2, ... by decreasing count, ties in order of first occurrence (Keras sorts an
 * OrderedDict with a stable sort). Index 0 is never a word (it is left for padding). With an out-of-vocabulary
 * token that token is index 1 and unknown words map to it; without one they are dropped.
 *
 * <p>{@code numWords} (0 = all, Keras' {@code None}) does not change the index, only its use: a sequence or a
 * matrix keeps indices below {@code numWords}, i.e. the {@code numWords - 1} most frequent words (or
 * {@code numWords - 2} and the OOV token), and {@link #textsToMatrix} has {@code numWords} columns.
 *
 * <p>One addition to Keras, on by default: HTML line breaks ({@code <br>}, {@code <br />}, any case) are replaced
 * by the split character before anything else, so IMDB's {@code <br /><br />} does not become the word "br";
 * {@code withStripHtmlBreaks(false)} gives Keras' exact behaviour.
 *
 * <p>Configuration is immutable: each {@code withX} returns a copy that keeps the fitted vocabulary. Fitting is
 * the one mutation: {@link #fitOnTexts} adds to the counts and renumbers, as Keras' does. {@link #toJson} writes
 * Keras' {@code tokenizer.to_json()} format (readable by {@code tokenizer_from_json}); {@link #fromJson} reads it.
 *
 * <p>Not thread-safe while fitting: do not call {@link #fitOnTexts} while other threads use the tokenizer. A
 * settings change on a fitted tokenizer ({@code withLower}, {@code withFilters}, ...) applies to the texts it
 * tokenizes next, not to the vocabulary already counted.
 */
public final class Tokenizer {
    /** Keras' default filters: ASCII punctuation except the apostrophe, plus tab and newline. */
    public static final String DEFAULT_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private static final Pattern HTML_BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);

    private final int numWords;
    private final String filters;
    private final boolean lower;
    private final char split;
    private final boolean charLevel;
    private final String oovToken;
    private final boolean stripHtmlBreaks;
    private final boolean[] asciiSeparator = new boolean[128];

    // Fitted state. wordCounts keeps first-occurrence order; each value is {count, documents, last document seen}.
    private final LinkedHashMap<String, int[]> wordCounts = new LinkedHashMap<>();
    private int documentCount;
    private final HashMap<String, Integer> wordIndex = new HashMap<>();
    private String[] indexWord = new String[1]; // indexWord[i] is the word numbered i; [0] is null
    private int[] indexDocs = new int[1]; // documents that contained word i, 0 when unknown

    /**
     * A tokenizer with Keras' defaults: all words, default filters, lower-casing, split on ' ', no OOV token; and
     * Nabla's HTML-break stripping on (see the class comment).
     */
    public Tokenizer() {
        this(0, DEFAULT_FILTERS, true, ' ', false, null, true);
    }

    /**
     * A tokenizer that keeps word indices below {@code numWords} (0 = all), with Keras' other defaults
     * ({@code Tokenizer(num_words=numWords)}).
     *
     * @param numWords one more than the largest index sequences and matrices keep; 0 for all words
     * @throws IllegalArgumentException if {@code numWords} is negative
     */
    public Tokenizer(int numWords) {
        this(numWords, DEFAULT_FILTERS, true, ' ', false, null, true);
    }

    private Tokenizer(
            int numWords,
            String filters,
            boolean lower,
            char split,
            boolean charLevel,
            String oovToken,
            boolean stripHtmlBreaks) {
        if (numWords < 0)
            throw new IllegalArgumentException("Tokenizer: numWords must be >= 0 (0 = all words), got " + numWords);
        Objects.requireNonNull(filters, "filters");
        if (oovToken != null && oovToken.isEmpty())
            throw new IllegalArgumentException("Tokenizer: the OOV token must not be empty; pass null for none");
        this.numWords = numWords;
        this.filters = filters;
        this.lower = lower;
        this.split = split;
        this.charLevel = charLevel;
        this.oovToken = oovToken;
        this.stripHtmlBreaks = stripHtmlBreaks;
        for (int i = 0; i < filters.length(); i++)
            if (filters.charAt(i) < 128) asciiSeparator[filters.charAt(i)] = true;
        if (split < 128) asciiSeparator[split] = true;
    }

    private Tokenizer copy(
            int numWords,
            String filters,
            boolean lower,
            char split,
            boolean charLevel,
            String oovToken,
            boolean stripHtmlBreaks) {
        Tokenizer t = new Tokenizer(numWords, filters, lower, split, charLevel, oovToken, stripHtmlBreaks);
        for (var e : wordCounts.entrySet())
            t.wordCounts.put(e.getKey(), e.getValue().clone());
        t.documentCount = documentCount;
        t.wordIndex.putAll(wordIndex);
        t.indexWord = indexWord.clone();
        t.indexDocs = indexDocs.clone();
        return t;
    }

    /**
     * Keras' {@code num_words}; the vocabulary is kept, only its use changes.
     *
     * @param n one more than the largest index kept; 0 for all words
     * @return a copy with the setting and this tokenizer's vocabulary
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Tokenizer withNumWords(int n) {
        return copy(n, filters, lower, split, charLevel, oovToken, stripHtmlBreaks);
    }
    /**
     * Keras' {@code filters}: the characters replaced by the split character before splitting.
     *
     * @param f the characters to remove; empty for none (default {@link #DEFAULT_FILTERS})
     * @return a copy with the setting and this tokenizer's vocabulary
     * @throws NullPointerException if {@code f} is null
     */
    public Tokenizer withFilters(String f) {
        return copy(numWords, f, lower, split, charLevel, oovToken, stripHtmlBreaks);
    }
    /**
     * Keras' {@code lower}: whether texts are lower-cased (in the root locale) before splitting.
     *
     * @param l true to lower-case (the default)
     * @return a copy with the setting and this tokenizer's vocabulary
     */
    public Tokenizer withLower(boolean l) {
        return copy(numWords, filters, l, split, charLevel, oovToken, stripHtmlBreaks);
    }
    /**
     * Keras' {@code split}: the character words are separated by (Nabla takes one character).
     *
     * @param s the separator (default ' ')
     * @return a copy with the setting and this tokenizer's vocabulary
     */
    public Tokenizer withSplit(char s) {
        return copy(numWords, filters, lower, s, charLevel, oovToken, stripHtmlBreaks);
    }
    /**
     * Keras' {@code char_level}: every character is a token (filters are not applied, as in Keras).
     *
     * @param c true for character tokens (default false)
     * @return a copy with the setting and this tokenizer's vocabulary
     */
    public Tokenizer withCharLevel(boolean c) {
        return copy(numWords, filters, lower, split, c, oovToken, stripHtmlBreaks);
    }
    /**
     * Whether HTML line breaks ({@code <br>}, {@code <br />}) are replaced by the split character first; Nabla's
     * addition, false gives Keras' exact behaviour.
     *
     * @param s true to strip them (the default)
     * @return a copy with the setting and this tokenizer's vocabulary
     */
    public Tokenizer withStripHtmlBreaks(boolean s) {
        return copy(numWords, filters, lower, split, charLevel, oovToken, s);
    }

    /**
     * Adds an out-of-vocabulary token (null for none). It takes index 1 at the next {@link #fitOnTexts}; on an
     * already fitted tokenizer, call this before fitting, as in Keras, where it is a constructor argument.
     *
     * @param token the OOV token (Keras' {@code oov_token}), or null for none
     * @return a copy with the setting and this tokenizer's vocabulary (not renumbered)
     * @throws IllegalArgumentException if {@code token} is empty
     */
    public Tokenizer withOovToken(String token) {
        return copy(numWords, filters, lower, split, charLevel, token, stripHtmlBreaks);
    }

    /**
     * Keras' {@code num_words}.
     *
     * @return one more than the largest index kept, or 0 for all words
     */
    public int numWords() {
        return numWords;
    }
    /**
     * Keras' {@code filters}.
     *
     * @return the characters replaced by the split character
     */
    public String filters() {
        return filters;
    }
    /**
     * Keras' {@code lower}.
     *
     * @return whether texts are lower-cased
     */
    public boolean lower() {
        return lower;
    }
    /**
     * Keras' {@code split}.
     *
     * @return the word separator
     */
    public char split() {
        return split;
    }
    /**
     * Keras' {@code char_level}.
     *
     * @return whether every character is a token
     */
    public boolean charLevel() {
        return charLevel;
    }
    /**
     * Keras' {@code oov_token}.
     *
     * @return the out-of-vocabulary token, or null
     */
    public String oovToken() {
        return oovToken;
    }
    /**
     * Whether HTML line breaks are stripped before splitting.
     *
     * @return true unless turned off with {@link #withStripHtmlBreaks(boolean)}
     */
    public boolean stripHtmlBreaks() {
        return stripHtmlBreaks;
    }
    /**
     * How many texts the tokenizer was fitted on, over all calls to {@link #fitOnTexts}.
     *
     * @return Keras' {@code document_count}
     */
    public int documentCount() {
        return documentCount;
    }

    /**
     * Number of indexed words (including the OOV token); indices run 1..size.
     *
     * @return the largest index, 0 before fitting
     */
    public int vocabularySize() {
        return indexWord.length - 1;
    }

    /**
     * Word → index, in index order (a new unmodifiable map), Keras' {@code word_index}; all words, whatever
     * {@code numWords}.
     *
     * @return the index, empty before fitting
     */
    public Map<String, Integer> wordIndex() {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>();
        for (int i = 1; i < indexWord.length; i++) if (indexWord[i] != null) m.put(indexWord[i], i);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Word → number of occurrences in the fitted texts, in order of first occurrence (a new unmodifiable map).
     *
     * @return Keras' {@code word_counts}
     */
    public Map<String, Integer> wordCounts() {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>();
        wordCounts.forEach((w, c) -> m.put(w, c[0]));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Word → number of fitted texts that contain it, in order of first occurrence (a new unmodifiable map).
     *
     * @return Keras' {@code word_docs}
     */
    public Map<String, Integer> wordDocs() {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>();
        wordCounts.forEach((w, c) -> m.put(w, c[1]));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The index of {@code word} as given, else lower-cased if this tokenizer lower-cases, or 0 when not indexed.
     *
     * @param word a word, not split or filtered
     * @return its index (ignoring {@code numWords}), or 0
     */
    public int indexOf(String word) {
        Integer i = wordIndex.get(word);
        if (i == null && lower) i = wordIndex.get(word.toLowerCase(Locale.ROOT));
        return i == null ? 0 : i;
    }

    /**
     * The word numbered {@code index}, or null when no word has it.
     *
     * @param index the index, 1 or more for a word
     * @return the word (Keras' {@code index_word[index]}), or null
     */
    public String wordAt(int index) {
        return index > 0 && index < indexWord.length ? indexWord[index] : null;
    }

    /**
     * Keras' {@code text_to_word_sequence} with this tokenizer's settings (plus the HTML-break stripping). Needs
     * no fitting.
     *
     * @param text the raw text
     * @return its words (or characters, at character level), in order; empty words are dropped
     */
    public List<String> textToWordSequence(String text) {
        String t = text;
        if (stripHtmlBreaks && t.indexOf('<') >= 0)
            t = HTML_BREAK.matcher(t).replaceAll(java.util.regex.Matcher.quoteReplacement(String.valueOf(split)));
        if (lower) t = t.toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        if (charLevel) {
            for (int i = 0; i < t.length(); i++) words.add(String.valueOf(t.charAt(i)));
            return words;
        }
        int start = -1;
        for (int i = 0, n = t.length(); i < n; i++) {
            char c = t.charAt(i);
            boolean separator = c < 128 ? asciiSeparator[c] : (c == split || filters.indexOf(c) >= 0);
            if (separator) {
                if (start >= 0) words.add(t.substring(start, i));
                start = -1;
            } else if (start < 0) start = i;
        }
        if (start >= 0) words.add(t.substring(start));
        return words;
    }

    /**
     * Counts the words of {@code texts} (adding to earlier fits) and renumbers the vocabulary, as Keras'
     * {@code fit_on_texts}. The one mutating method.
     *
     * @param texts the texts, each one document
     */
    public void fitOnTexts(List<String> texts) {
        for (String text : texts) {
            documentCount++;
            for (String w : textToWordSequence(text)) {
                int[] c = wordCounts.computeIfAbsent(w, k -> new int[3]);
                c[0]++;
                if (c[2] != documentCount) {
                    c[1]++;
                    c[2] = documentCount;
                }
            }
        }
        reindex();
    }

    private void reindex() {
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(wordCounts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0])); // List.sort is stable
        List<String> order = new ArrayList<>(entries.size() + 1);
        if (oovToken != null) order.add(oovToken);
        for (var e : entries)
            if (!e.getKey().equals(oovToken)) order.add(e.getKey()); // a word equal to the OOV token keeps index 1
        wordIndex.clear();
        indexWord = new String[order.size() + 1];
        indexDocs = new int[order.size() + 1];
        for (int i = 0; i < order.size(); i++) {
            String w = order.get(i);
            wordIndex.put(w, i + 1);
            indexWord[i + 1] = w;
            int[] c = wordCounts.get(w);
            indexDocs[i + 1] = c == null ? 0 : c[1];
        }
    }

    /**
     * Each text as the indices of its words, with Keras' numWords and OOV rules ({@code texts_to_sequences}).
     *
     * @param texts the raw texts
     * @return one array of indices per text, of varying lengths (pad them with {@link Sequences#padSequences})
     * @throws IllegalStateException if the tokenizer has no vocabulary yet (call {@link #fitOnTexts} first)
     */
    public int[][] textsToSequences(List<String> texts) {
        int[][] out = new int[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = textToSequence(texts.get(i));
        return out;
    }

    /**
     * One text as the indices of its words: a word's index when it is below {@code numWords} (or numWords is 0),
     * else the OOV index when there is an OOV token, else nothing.
     *
     * @param text the raw text
     * @return the indices, at most one per word
     * @throws IllegalStateException if the tokenizer has no vocabulary yet (call {@link #fitOnTexts} first)
     */
    public int[] textToSequence(String text) {
        requireFitted("textsToSequences");
        int oov = oovIndex();
        List<String> words = textToWordSequence(text);
        int[] seq = new int[words.size()];
        int n = 0;
        for (String w : words) {
            Integer i = wordIndex.get(w);
            if (i != null && (numWords == 0 || i < numWords)) seq[n++] = i;
            else if (oov > 0) seq[n++] = oov;
        }
        return n == seq.length ? seq : Arrays.copyOf(seq, n);
    }

    /**
     * Each sequence back as a text, words joined by spaces; unknown or cut-off indices, padding 0 included, become
     * the OOV token or vanish (Keras' {@code sequences_to_texts}).
     *
     * @param sequences sequences of indices
     * @return one text per sequence
     */
    public List<String> sequencesToTexts(int[][] sequences) {
        int oov = oovIndex();
        List<String> texts = new ArrayList<>(sequences.length);
        for (int[] seq : sequences) {
            StringBuilder sb = new StringBuilder();
            for (int num : seq) {
                String word = wordAt(num);
                String out = word != null && (numWords == 0 || num < numWords) ? word : oov > 0 ? indexWord[oov] : null;
                if (out == null) continue;
                if (!sb.isEmpty()) sb.append(' ');
                sb.append(out);
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    /**
     * The texts as a (texts, columns) matrix in {@code mode}; columns = numWords, or vocabulary size + 1 when 0
     * (Keras' {@code texts_to_matrix}). Column 0 is never set.
     *
     * @param texts the raw texts
     * @param mode how a row is filled (see {@link TextMatrixMode})
     * @return a new array of shape (texts.size(), columns)
     * @throws IllegalStateException if the tokenizer has no vocabulary yet (call {@link #fitOnTexts} first)
     */
    public NDArray textsToMatrix(List<String> texts, TextMatrixMode mode) {
        return sequencesToMatrix(textsToSequences(texts), mode);
    }

    /**
     * Keras' {@code sequences_to_matrix}: indices at or above the column count are ignored (see {@link TextMatrixMode}).
     *
     * @param sequences sequences of indices, each at least 0
     * @param mode how a row is filled
     * @return a new array of shape (sequences.length, columns), columns = numWords, or vocabulary size + 1 when 0
     * @throws NullPointerException if {@code mode} is null
     * @throws IllegalStateException if numWords is 0 and the tokenizer has no vocabulary yet, or the mode is
     *     tf-idf and it was fitted on no text
     * @throws IllegalArgumentException if a sequence holds a negative index
     */
    public NDArray sequencesToMatrix(int[][] sequences, TextMatrixMode mode) {
        Objects.requireNonNull(mode, "mode");
        int cols = numWords;
        if (cols == 0) {
            requireFitted("sequencesToMatrix without numWords");
            cols = vocabularySize() + 1;
        }
        if (mode == TextMatrixMode.TFIDF && documentCount == 0)
            throw new IllegalStateException(
                    "Tokenizer: tf-idf needs document counts; call fitOnTexts before sequencesToMatrix");
        float[] x = new float[Math.multiplyExact(sequences.length, cols)];
        int[] counts = new int[cols];
        for (int r = 0; r < sequences.length; r++) {
            int[] seq = sequences[r];
            for (int j : seq) {
                if (j < 0)
                    throw new IllegalArgumentException(
                            "sequencesToMatrix: sequence %d holds the negative index %d".formatted(r, j));
                if (j < cols) counts[j]++;
            }
            int row = r * cols;
            for (int j : seq) {
                if (j >= cols || counts[j] == 0) continue;
                int c = counts[j];
                counts[j] = 0; // each distinct index once
                x[row + j] = switch (mode) {
                    case BINARY -> 1f;
                    case COUNT -> c;
                    case FREQ -> (float) ((double) c / seq.length);
                    case TFIDF -> (float) ((1 + Math.log(c)) * Math.log(1 + (double) documentCount / (1 + docsOf(j))));
                };
            }
        }
        return NDArray.wrap(x, Shape.of(sequences.length, cols));
    }

    private int docsOf(int index) {
        return index < indexDocs.length ? indexDocs[index] : 0;
    }

    private int oovIndex() {
        if (oovToken == null) return 0;
        Integer i = wordIndex.get(oovToken);
        return i == null ? 0 : i;
    }

    private void requireFitted(String what) {
        if (indexWord.length == 1 && documentCount == 0)
            throw new IllegalStateException("Tokenizer: " + what + " needs a vocabulary; call fitOnTexts first");
    }

    /**
     * Keras' {@code tokenizer.to_json()}; the HTML-break setting goes in a top-level "nabla" object Keras ignores.
     *
     * @return the settings and the fitted counts and index, as JSON text
     */
    public String toJson() {
        return TokenizerJson.write(this, wordCounts, indexWord, indexDocs);
    }

    /**
     * A tokenizer from {@link #toJson} or from Keras' {@code tokenizer.to_json()}; throws naming the bad field.
     * JSON without Nabla's "nabla" object (Keras' own) loads with HTML-break stripping off, as Keras behaves.
     *
     * @param json the JSON text
     * @return a new, fitted tokenizer
     * @throws IllegalArgumentException if the text is not valid JSON, not a Tokenizer, or a field is malformed
     *     (e.g. a split of more than one character)
     */
    public static Tokenizer fromJson(String json) {
        return TokenizerJson.read(json, "Tokenizer.fromJson");
    }

    /**
     * A tokenizer from {@link #toJson} or Keras' {@code tokenizer.to_json()}, whose errors name {@code source}: as
     * {@link #fromJson(String)}, each message starting with {@code source + ": "} instead of
     * {@code "Tokenizer.fromJson: "}. The text may be at most 64 Mi characters; the word indices must number the
     * words 1 to n, as Keras does.
     *
     * @param json the JSON text
     * @param source where the text comes from, e.g. {@code "model.nabla!/assets/tokenizer.json"}
     * @return a new, fitted tokenizer
     * @throws IllegalArgumentException if the text is too long, not valid JSON, not a Tokenizer, or a field is
     *     malformed; the message starts with {@code source}
     */
    public static Tokenizer fromJson(String json, String source) {
        return TokenizerJson.read(json, source);
    }

    /**
     * A tokenizer read from a JSON file (e.g. Keras' {@code tokenizer.to_json()} saved to disk), at most 64 MiB.
     *
     * @param file the JSON file, UTF-8
     * @return a new, fitted tokenizer
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws CorruptDataException if the file is larger than 64 MiB, not UTF-8, or not a tokenizer's
     *     JSON (the message names the file and the field)
     * @throws IOException if the file cannot be read
     */
    public static Tokenizer readJson(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(TokenizerJson.MAX_CHARS + 1);
        }
        if (bytes.length > TokenizerJson.MAX_CHARS)
            throw new CorruptDataException(
                    file,
                    "the file is larger than " + TokenizerJson.MAX_CHARS + " bytes, more than a tokenizer's JSON");
        String json;
        try {
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptDataException(file, "the file is not UTF-8 text", e);
        }
        try {
            return TokenizerJson.decode(json);
        } catch (TokenizerJson.Problem p) {
            throw new CorruptDataException(file, p.getMessage(), p.getCause() != null ? p.getCause() : p);
        }
    }

    /** Rebuilds a fitted tokenizer from its parts (used by {@link TokenizerJson}). */
    static Tokenizer restore(
            int numWords,
            String filters,
            boolean lower,
            char split,
            boolean charLevel,
            String oovToken,
            boolean stripHtmlBreaks,
            int documentCount,
            LinkedHashMap<String, int[]> counts,
            String[] indexWord,
            int[] indexDocs) {
        Tokenizer t = new Tokenizer(numWords, filters, lower, split, charLevel, oovToken, stripHtmlBreaks);
        t.documentCount = documentCount;
        t.wordCounts.putAll(counts);
        t.indexWord = indexWord;
        t.indexDocs = indexDocs;
        for (int i = 1; i < indexWord.length; i++) if (indexWord[i] != null) t.wordIndex.put(indexWord[i], i);
        return t;
    }

    @Override
    public String toString() {
        return "Tokenizer(numWords=%d, vocabulary=%d, documents=%d%s)"
                .formatted(numWords, vocabularySize(), documentCount, oovToken == null ? "" : ", oov=" + oovToken);
    }
}
