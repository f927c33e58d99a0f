package nabla.data;

import java.util.Objects;
import nabla.data.text.Tokenizer;
import nabla.tensor.NDArray;

/**
 * A text data set as padded word-index sequences, ready for an Embedding layer: x of shape (n, maxlen) holding
 * word indices as floats (0 = padding), y the class indices of shape (n), and the fitted {@link Tokenizer} that
 * made them, needed to turn new raw text into the same indices.
 */
public record SequenceDataset(String name, NDArray trainX, NDArray trainY, NDArray testX, NDArray testY, Tokenizer tokenizer) {
    public SequenceDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** Training sequences with their labels, for a {@link DataLoader}. */
    public ArrayDataset train() {
        return new ArrayDataset(trainX, trainY);
    }

    /** Test sequences with their labels. */
    public ArrayDataset test() {
        return new ArrayDataset(testX, testY);
    }

    @Override
    public String toString() {
        return "%s: train %s, test %s, %s".formatted(name, trainX.shape(), testX.shape(), tokenizer);
    }
}
