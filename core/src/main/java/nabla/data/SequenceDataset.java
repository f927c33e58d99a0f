package nabla.data;

import java.util.Objects;
import nabla.data.text.Tokenizer;
import nabla.tensor.NDArray;

/**
 * A text data set as padded word-index sequences, ready for an Embedding layer: x of shape (n, maxlen) holding
 * word indices as floats (0 = padding), y the class indices of shape (n), and the fitted {@link Tokenizer} that
 * made them, needed to turn new raw text into the same indices (save it with the model, e.g. as
 * {@code Sequential.putAsset("tokenizer.json", tokenizer.toJson())}). The arrays are held, not copied.
 *
 * @param name the data set's name, e.g. {@code IMDB sequences}
 * @param trainX the training sequences, shape (n, maxlen)
 * @param trainY the training labels as class indices, shape (n)
 * @param testX the test sequences, shape (m, maxlen)
 * @param testY the test labels as class indices, shape (m)
 * @param tokenizer the tokenizer fitted on the training texts
 */
public record SequenceDataset(
        String name, NDArray trainX, NDArray trainY, NDArray testX, NDArray testY, Tokenizer tokenizer) {
    /**
     * Checks that the name and the tokenizer are given.
     *
     * @throws NullPointerException if {@code name} or {@code tokenizer} is null
     */
    public SequenceDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /**
     * Training sequences with their labels, for a {@link DataLoader}.
     *
     * @return the training split, sharing this record's arrays
     * @throws IllegalArgumentException if sequences and labels differ in number
     */
    public ArrayDataset train() {
        return new ArrayDataset(trainX, trainY);
    }

    /**
     * Test sequences with their labels.
     *
     * @return the test split, sharing this record's arrays
     * @throws IllegalArgumentException if sequences and labels differ in number
     */
    public ArrayDataset test() {
        return new ArrayDataset(testX, testY);
    }

    @Override
    public String toString() {
        return "%s: train %s, test %s, %s".formatted(name, trainX.shape(), testX.shape(), tokenizer);
    }
}
