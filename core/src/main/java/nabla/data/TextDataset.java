package nabla.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * A text-classification data set in memory: raw texts with class indices, split into train and test, and the
 * class names (index i names class i). Tokenize the texts with {@link nabla.data.text.Tokenizer}.
 */
public record TextDataset(String name, List<String> trainTexts, int[] trainLabels, List<String> testTexts, int[] testLabels,
                          List<String> classNames) {
    public TextDataset {
        Objects.requireNonNull(name, "name");
        trainTexts = List.copyOf(trainTexts);
        testTexts = List.copyOf(testTexts);
        trainLabels = trainLabels.clone();
        testLabels = testLabels.clone();
        classNames = List.copyOf(classNames);
        if (trainTexts.size() != trainLabels.length || testTexts.size() != testLabels.length)
            throw new IllegalArgumentException("TextDataset %s: %d/%d train and %d/%d test texts/labels differ in number"
                    .formatted(name, trainTexts.size(), trainLabels.length, testTexts.size(), testLabels.length));
        for (int[] labels : new int[][] {trainLabels, testLabels})
            for (int i = 0; i < labels.length; i++)
                if (labels[i] < 0 || labels[i] >= classNames.size())
                    throw new IllegalArgumentException("TextDataset %s: label %d at index %d is outside 0..%d"
                            .formatted(name, labels[i], i, classNames.size() - 1));
    }

    /** The training labels (a copy). */
    @Override
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    /** The test labels (a copy). */
    @Override
    public int[] testLabels() {
        return testLabels.clone();
    }

    public int classes() {
        return classNames.size();
    }

    /** The training labels as a float vector of shape (n), the form a loader's y takes. */
    public NDArray trainY() {
        return Preprocessing.fromIndices(trainLabels);
    }

    /** The test labels as a float vector of shape (n). */
    public NDArray testY() {
        return Preprocessing.fromIndices(testLabels);
    }

    /** How many samples of each class: {@code [0][c]} in train, {@code [1][c]} in test. */
    public int[][] classCounts() {
        int[][] counts = new int[2][classNames.size()];
        for (int l : trainLabels) counts[0][l]++;
        for (int l : testLabels) counts[1][l]++;
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextDataset d && name.equals(d.name) && trainTexts.equals(d.trainTexts) && testTexts.equals(d.testTexts)
                && Arrays.equals(trainLabels, d.trainLabels) && Arrays.equals(testLabels, d.testLabels) && classNames.equals(d.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, trainTexts, testTexts, Arrays.hashCode(trainLabels), Arrays.hashCode(testLabels), classNames);
    }

    @Override
    public String toString() {
        return "%s: %d train and %d test texts, %d classes".formatted(name, trainTexts.size(), testTexts.size(), classNames.size());
    }
}
