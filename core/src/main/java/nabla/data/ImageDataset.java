package nabla.data;

import nabla.tensor.NDArray;

/**
 * An image-classification data set in memory: images as floats in [0, 1] of shape (n, rows, cols), labels
 * as class indices stored as floats in a vector of shape (n). Add a channel axis or flatten with
 * {@code NDArray.reshape}; use the helpers for int labels or one-hot rows.
 */
public record ImageDataset(String name, NDArray trainImages, NDArray trainLabels,
                           NDArray testImages, NDArray testLabels, int classes) {

    /** Training images with their labels (class indices), for a {@link DataLoader}. */
    public ArrayDataset train() {
        return new ArrayDataset(trainImages, trainLabels);
    }

    /** Test images with their labels (class indices). */
    public ArrayDataset test() {
        return new ArrayDataset(testImages, testLabels);
    }

    /** The training labels as ints (a new array). */
    public int[] trainLabelIndices() {
        return Preprocessing.toIndices(trainLabels);
    }

    /** The test labels as ints (a new array). */
    public int[] testLabelIndices() {
        return Preprocessing.toIndices(testLabels);
    }

    /** The training labels one-hot, shape (n, classes). */
    public NDArray trainLabelsOneHot() {
        return Preprocessing.oneHot(trainLabelIndices(), classes);
    }

    /** The test labels one-hot, shape (n, classes). */
    public NDArray testLabelsOneHot() {
        return Preprocessing.oneHot(testLabelIndices(), classes);
    }

    @Override
    public String toString() {
        return "%s: train %s, test %s, %d classes".formatted(name, trainImages.shape(), testImages.shape(), classes);
    }
}
