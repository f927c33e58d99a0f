package nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import nabla.autograd.Activation;
import nabla.data.Dataset;
import nabla.metrics.SparseCategoricalAccuracy;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.optim.SGD;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * Values outside a loss's, metric's or layer's domain are named by the sample's index in the caller's arrays, not
 * by its row in a shuffled batch; {@link FitOptions#checkInputs} finds NaN and infinite values before training.
 */
class DegenerateInputsTest {
    private static FitOptions shuffled() {
        return FitOptions.defaults().epochs(2).batchSize(4).seed(11).verbose(false);
    }

    private static Sequential classifier(String loss) {
        Sequential m = new Sequential(1L, new Dense(3, Activation.SOFTMAX)).build(2);
        m.compile(loss, new SGD(0.1f));
        return m;
    }

    /** The first float array of the model's weights, copied. */
    private static float[] weights(Sequential m) {
        return m.getWeights().getFirst().toArray();
    }

    private static void assertMatches(String regex, String message) {
        assertTrue(Pattern.compile(regex).matcher(message).find(), message + "\n  does not match " + regex);
    }

    @Test
    void aBadSparseLabelIsNamedBySampleIndexClassCountAndBatch() {
        NDArray x = NDArray.ones(20, 2), y = NDArray.zeros(20);
        y.set(7f, 13);
        Sequential m = classifier("sparse_categorical_crossentropy");
        var e0 = assertThrows(IllegalArgumentException.class, () -> m.fit(x, y, shuffled()));
        // before: "label 7.0 at row 2", the row within a shuffled batch
        assertMatches(
                "^sparse_categorical_crossentropy: label 7\\.0 of sample 13 \\(row \\d of batch \\d, epoch 1\\) is"
                        + " not a class index in \\[0, 3\\) \\(the output has 3 classes\\)$",
                e0.getMessage());
        // the logits path (a from-logits loss on a linear output) says the same
        Sequential logits = new Sequential(1L, new Dense(3)).build(2);
        logits.compile(new nabla.losses.SparseCategoricalCrossEntropy(true), new SGD(0.1f));
        var e = assertThrows(IllegalArgumentException.class, () -> logits.fit(x, y, shuffled()));
        assertMatches("label 7\\.0 of sample 13 \\(row \\d of batch \\d, epoch 1\\)", e.getMessage());
        // a fractional label too
        y.set(0.5f, 13);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> classifier("sparse_categorical_crossentropy").fit(x, y, shuffled()));
        assertMatches("label 0\\.5 of sample 13 ", e.getMessage());
    }

    @Test
    void validationSamplesAreNamedByTheirIndexToo() {
        NDArray x = NDArray.ones(20, 2), y = NDArray.zeros(20);
        y.set(-1f, 17); // in the last quarter: the validation split
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> classifier("sparse_categorical_crossentropy")
                        .fit(x, y, shuffled().validationSplit(0.25)));
        assertMatches("label -1\\.0 of sample 17 \\(row 2 of batch 1\\) is not a class index", e.getMessage());

        NDArray vy = NDArray.zeros(6);
        vy.set(3f, 5);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> classifier("sparse_categorical_crossentropy")
                        .fit(x, NDArray.zeros(20), shuffled().validationData(NDArray.ones(6, 2), vy)));
        assertMatches("label 3\\.0 of validation sample 5 \\(row 1 of batch 2\\)", e.getMessage());
    }

    @Test
    void evaluateNamesTheSample() {
        NDArray y = NDArray.zeros(10);
        y.set(9f, 6);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> classifier("sparse_categorical_crossentropy").evaluate(NDArray.ones(10, 2), y));
        assertTrue(
                e.getMessage().contains("label 9.0 of sample 6 (row 6 of batch 1) is not a class index"),
                e.getMessage());
    }

    @Test
    void aDatasetsBadLabelIsNamedByEpochBatchAndRow() {
        NDArray y = NDArray.zeros(12);
        y.set(4f, 9);
        Dataset d = Dataset.fromArrays(NDArray.ones(12, 2), y).batch(4);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> classifier("sparse_categorical_crossentropy").fit(d, shuffled()));
        assertTrue(
                e.getMessage().contains("label 4.0 at row 1 of batch 3, epoch 1 is not a class index"), e.getMessage());
    }

    @Test
    void binaryTargetsOutsideZeroOneAreNamedBySample() {
        Sequential m = new Sequential(1L, new Dense(1, Activation.SIGMOID)).build(2);
        m.compile("binary_crossentropy", new SGD(0.1f));
        NDArray y = NDArray.zeros(16, 1);
        y.set(5f, 10, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(NDArray.ones(16, 2), y, shuffled()));
        assertMatches(
                "target 5\\.0 of sample 10 \\(row \\d of batch \\d, epoch 1\\) is outside \\[0, 1\\]", e.getMessage());
    }

    @Test
    void categoricalTargetsMustBeFiniteAndNonNegative() {
        // before: a target of -1 trained (the loss rewards the wrong class without bound from logits)
        NDArray y = NDArray.zeros(12, 3);
        for (int i = 0; i < 12; i++) y.set(1f, i, i % 3);
        y.set(-1f, 6, 2);
        Sequential m = classifier("categorical_crossentropy");
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(NDArray.ones(12, 2), y, shuffled()));
        assertMatches(
                "^categorical_crossentropy: target -1\\.0 of sample 6 \\(row \\d of batch \\d, epoch 1\\), class 2, is"
                        + " negative; categorical cross-entropy takes one-hot targets or probabilities, each >= 0$",
                e.getMessage());
        y.set(Float.POSITIVE_INFINITY, 6, 2);
        e = assertThrows(IllegalArgumentException.class, () -> m.fit(NDArray.ones(12, 2), y, shuffled()));
        assertMatches("target Infinity of sample 6 .*, class 2, is not finite", e.getMessage());
        // soft labels that do not sum to 1 are accepted, as in Keras
        y.set(0.5f, 6, 2);
        m.fit(NDArray.ones(12, 2), y, shuffled());
    }

    @Test
    void embeddingIdsBeyondTheVocabularyNameTheSample() {
        Sequential m = new Sequential(1L, new Embedding(10, 2), new Flatten(), new Dense(1)).build(3);
        m.compile("mse", new SGD(0.1f));
        NDArray x = NDArray.zeros(12, 3);
        x.set(12f, 9, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, NDArray.zeros(12, 1), shuffled()));
        assertMatches(
                "input value 12\\.0 of sample 9 \\(row \\d of batch \\d, epoch 1\\), position 1 of 3, is not an id in \\[0,"
                        + " 10\\)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(x));
        assertTrue(
                e.getMessage().contains("input value 12.0 of sample 9, position 1 of 3, is not an id"), e.getMessage());
    }

    @Test
    void metricsAndLossesThrowTheRowOfTheBatchTheyAreGiven() {
        // called directly, there is no caller's index to find: the row is the batch's, as before
        NDArray y = NDArray.of(new float[] {0, 1, 5}, 3), p = NDArray.zeros(3, 2);
        var e = assertThrows(InvalidRowException.class, () -> new SparseCategoricalAccuracy().update(y, p));
        assertEquals(2, e.row());
        assertEquals(
                "sparse_categorical_accuracy: target 5.0 at row 2 is not a class index in [0, 2) (the predictions have 2"
                        + " classes)",
                e.getMessage());
    }

    @Test
    void aNegativeSampleWeightIsNamedBySampleBeforeTraining() {
        NDArray w = NDArray.ones(12);
        w.set(-1f, 7);
        Sequential m = classifier("sparse_categorical_crossentropy");
        float[] before = weights(m);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> m.fit(NDArray.ones(12, 2), NDArray.zeros(12), shuffled().sampleWeights(w)));
        assertEquals(
                "fit: the sample weight -1.0 of sample 7 is negative or not finite; weights must be finite and >= 0",
                e.getMessage());
        assertArrayEquals(before, weights(m), "no step ran");
    }

    @Test
    void checkInputsNamesTheFirstNaNOrInfinityBeforeAnyStep() {
        NDArray x = NDArray.ones(12, 2, 3), y = NDArray.zeros(12, 1);
        x.set(Float.NaN, 5, 1, 2);
        Sequential m = new Sequential(1L, new Flatten(), new Dense(1)).build(2, 3);
        m.compile("mse", new SGD(0.1f));
        float[] before = weights(m);
        var e = assertThrows(
                IllegalArgumentException.class, () -> m.fit(x, y, shuffled().checkInputs(true)));
        assertEquals(
                "fit: input 0 has NaN at sample 5, position [1, 2] (checkInputs); remove or impute it before training",
                e.getMessage());
        assertArrayEquals(before, weights(m), "no step ran");

        x.set(1f, 5, 1, 2);
        y.set(Float.NEGATIVE_INFINITY, 3, 0);
        e = assertThrows(
                IllegalArgumentException.class, () -> m.fit(x, y, shuffled().checkInputs(true)));
        assertTrue(
                e.getMessage().startsWith("fit: target 0 has -Infinity at sample 3, position [0] (checkInputs)"),
                e.getMessage());

        y.set(0f, 3, 0);
        NDArray vx = NDArray.ones(4, 2, 3);
        vx.set(Float.POSITIVE_INFINITY, 2, 0, 0);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> m.fit(x, y, shuffled().checkInputs(true).validationData(vx, NDArray.zeros(4, 1))));
        assertTrue(
                e.getMessage().startsWith("fit: validation input 0 has Infinity at sample 2, position [0, 0]"),
                e.getMessage());
    }

    @Test
    void checkInputsScansEachBatchOfADataset() {
        NDArray x = NDArray.ones(12, 2), y = NDArray.zeros(12);
        x.set(Float.NaN, 10, 0);
        Sequential m = classifier("sparse_categorical_crossentropy");
        Dataset d = Dataset.fromArrays(x, y).batch(4);
        var e = assertThrows(
                IllegalArgumentException.class, () -> m.fit(d, shuffled().checkInputs(true)));
        assertEquals(
                "fit: input 0 has NaN at row 2 of batch 3, epoch 1, position [0] (checkInputs); remove or impute it"
                        + " before training",
                e.getMessage());
    }

    @Test
    void withoutCheckInputsANaNStopsTrainingAndTheHistorySaysSo() {
        NDArray x = NDArray.ones(12, 2), y = NDArray.zeros(12);
        x.set(Float.NaN, 10, 0);
        History h = classifier("sparse_categorical_crossentropy").fit(x, y, shuffled());
        assertTrue(h.toString().startsWith("stopped early: loss became NaN"), h.toString());
        assertEquals(false, FitOptions.defaults().checkInputs(), "off by default");
    }

    @Test
    void predictOnARowOfBadIdsNamesTheBatchOfADataset() {
        Sequential m = new Sequential(1L, new Embedding(10, 2), new Flatten(), new Dense(1)).build(3);
        NDArray x = NDArray.zeros(8, 3);
        x.set(-2f, 6, 0);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> m.predict(Dataset.fromArrays(x, NDArray.zeros(8)).batch(4)));
        assertTrue(
                e.getMessage().contains("input value -2.0 at row 2 of batch 2, position 0 of 3, is not an id"),
                e.getMessage());
    }
}
