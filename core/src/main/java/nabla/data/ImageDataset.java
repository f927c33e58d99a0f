package nabla.data;

import nabla.tensor.NDArray;

/**
 * An image-classification data set in memory: images as floats in [0, 1] of shape (n, rows, cols), labels
 * as class indices stored as floats in a vector of shape (n). Add a channel axis or flatten with
 * {@code NDArray.reshape}; use the helpers for int labels or one-hot rows. The arrays are held, not copied.
 *
 * @param name the data set's name, e.g. {@code MNIST}
 * @param trainImages the training images, shape (n, rows, cols), values in [0, 1]
 * @param trainLabels the training labels as class indices, shape (n)
 * @param testImages the test images, shape (m, rows, cols), values in [0, 1]
 * @param testLabels the test labels as class indices, shape (m)
 * @param classes the number of classes; labels are in {@code 0..classes-1}
 */
public record ImageDataset(
        String name, NDArray trainImages, NDArray trainLabels, NDArray testImages, NDArray testLabels, int classes) {

    /**
     * Training images with their labels (class indices), for a {@link DataLoader}.
     *
     * @return the training split, sharing this record's arrays
     * @throws IllegalArgumentException if images and labels differ in number
     */
    public ArrayDataset train() {
        return new ArrayDataset(trainImages, trainLabels);
    }

    /**
     * Test images with their labels (class indices).
     *
     * @return the test split, sharing this record's arrays
     * @throws IllegalArgumentException if images and labels differ in number
     */
    public ArrayDataset test() {
        return new ArrayDataset(testImages, testLabels);
    }

    /**
     * The training labels as ints.
     *
     * @return a new array of n class indices
     * @throws IllegalArgumentException if a label is not a whole number
     */
    public int[] trainLabelIndices() {
        return Preprocessing.toIndices(trainLabels);
    }

    /**
     * The test labels as ints.
     *
     * @return a new array of m class indices
     * @throws IllegalArgumentException if a label is not a whole number
     */
    public int[] testLabelIndices() {
        return Preprocessing.toIndices(testLabels);
    }

    /**
     * The training labels one-hot, for {@code categorical_crossentropy}.
     *
     * @return a new array of shape (n, classes)
     * @throws IllegalArgumentException if a label is not a whole number in {@code 0..classes-1}
     */
    public NDArray trainLabelsOneHot() {
        return Preprocessing.oneHot(trainLabelIndices(), classes);
    }

    /**
     * The test labels one-hot.
     *
     * @return a new array of shape (m, classes)
     * @throws IllegalArgumentException if a label is not a whole number in {@code 0..classes-1}
     */
    public NDArray testLabelsOneHot() {
        return Preprocessing.oneHot(testLabelIndices(), classes);
    }

    @Override
    public String toString() {
        return "%s: train %s, test %s, %d classes".formatted(name, trainImages.shape(), testImages.shape(), classes);
    }
}
