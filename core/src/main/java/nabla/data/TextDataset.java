package nabla.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * A text-classification data set in memory: raw texts with class indices, split into train and test, and the
 * class names (index i names class i). Tokenize the texts with {@link nabla.data.text.Tokenizer}. Immutable: the
 * constructor copies the lists and arrays, and the label accessors return copies.
 *
 * @param name the data set's name, e.g. {@code IMDB}
 * @param trainTexts the training texts
 * @param trainLabels the class index of each training text
 * @param testTexts the test texts
 * @param testLabels the class index of each test text
 * @param classNames the class names; labels are in {@code 0..classNames.size()-1}
 */
public record TextDataset(
        String name,
        List<String> trainTexts,
        int[] trainLabels,
        List<String> testTexts,
        int[] testLabels,
        List<String> classNames) {
    /**
     * Copies the components and checks them.
     *
     * @throws NullPointerException if a component, a text or a class name is null
     * @throws IllegalArgumentException if texts and labels differ in number, or a label is not a class index
     */
    public TextDataset {
        Objects.requireNonNull(name, "name");
        trainTexts = List.copyOf(trainTexts);
        testTexts = List.copyOf(testTexts);
        trainLabels = trainLabels.clone();
        testLabels = testLabels.clone();
        classNames = List.copyOf(classNames);
        if (trainTexts.size() != trainLabels.length || testTexts.size() != testLabels.length)
            throw new IllegalArgumentException(
                    "TextDataset %s: %d/%d train and %d/%d test texts/labels differ in number"
                            .formatted(
                                    name, trainTexts.size(), trainLabels.length, testTexts.size(), testLabels.length));
        for (int[] labels : new int[][] {trainLabels, testLabels})
            for (int i = 0; i < labels.length; i++)
                if (labels[i] < 0 || labels[i] >= classNames.size())
                    throw new IllegalArgumentException("TextDataset %s: label %d at index %d is outside 0..%d"
                            .formatted(name, labels[i], i, classNames.size() - 1));
    }

    /**
     * The training labels.
     *
     * @return a copy of the class indices
     */
    @Override
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    /**
     * The test labels.
     *
     * @return a copy of the class indices
     */
    @Override
    public int[] testLabels() {
        return testLabels.clone();
    }

    /**
     * The number of classes.
     *
     * @return {@code classNames().size()}
     */
    public int classes() {
        return classNames.size();
    }

    /**
     * The training labels as a float vector, the form a loader's y takes.
     *
     * @return a new array of shape (n)
     */
    public NDArray trainY() {
        return Preprocessing.fromIndices(trainLabels);
    }

    /**
     * The test labels as a float vector.
     *
     * @return a new array of shape (m)
     */
    public NDArray testY() {
        return Preprocessing.fromIndices(testLabels);
    }

    /**
     * How many samples of each class: {@code [0][c]} in train, {@code [1][c]} in test.
     *
     * @return a new 2 × classes array of counts
     */
    public int[][] classCounts() {
        int[][] counts = new int[2][classNames.size()];
        for (int l : trainLabels) counts[0][l]++;
        for (int l : testLabels) counts[1][l]++;
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextDataset d
                && name.equals(d.name)
                && trainTexts.equals(d.trainTexts)
                && testTexts.equals(d.testTexts)
                && Arrays.equals(trainLabels, d.trainLabels)
                && Arrays.equals(testLabels, d.testLabels)
                && classNames.equals(d.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name, trainTexts, testTexts, Arrays.hashCode(trainLabels), Arrays.hashCode(testLabels), classNames);
    }

    @Override
    public String toString() {
        return "%s: %d train and %d test texts, %d classes"
                .formatted(name, trainTexts.size(), testTexts.size(), classNames.size());
    }
}
