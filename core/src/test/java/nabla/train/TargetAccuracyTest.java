package nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.autograd.Activation;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The target-accuracy callback on tiny synthetic fits. */
class TargetAccuracyTest {
    /** Two Gaussian blobs in 2-D (class 0 around (−1, −1), class 1 around (1, 1)); {@code flip} of the labels flipped. */
    static NDArray[] blobs(int n, double flip, long seed) {
        Rng rng = new Rng(seed);
        NDArray x = NDArray.zeros(n, 2), y = NDArray.zeros(n);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            float c = label == 0 ? -1f : 1f;
            x.set((float) (c + 0.5 * rng.nextGaussian()), i, 0);
            x.set((float) (c + 0.5 * rng.nextGaussian()), i, 1);
            y.set(rng.nextFloat() < flip ? 1 - label : label, i);
        }
        return new NDArray[] {x, y};
    }

    private static Sequential model() {
        Sequential m = new Sequential(3, new Dense(8, Activation.TANH), new Dense(2, Activation.SOFTMAX)).build(2);
        m.compile("sparse_categorical_crossentropy", new Adam(0.05f), "accuracy");
        return m;
    }

    @Test
    void stopsInTheEpochThatReachesTheTargetAndTimesIt() {
        NDArray[] train = blobs(400, 0, 1), test = blobs(200, 0, 2);
        TargetAccuracy t = TargetAccuracy.onData(0.95, test[0], test[1], 64);
        History h = model().fit(
                        train[0],
                        train[1],
                        FitOptions.defaults()
                                .epochs(50)
                                .batchSize(32)
                                .verbose(false)
                                .callback(t));
        assertTrue(t.reached(), h.toString());
        assertTrue(h.epochs() < 50, "should stop early: " + h);
        assertEquals(h.epochs(), t.epochReached());
        assertTrue(t.accuracyReached() >= 0.95 && h.last("heldout_accuracy") == t.accuracyReached(), h.toString());
        for (int e = 0; e < h.epochs() - 1; e++)
            assertTrue(h.get("heldout_accuracy").get(e) < 0.95, "reached earlier: " + h);
        assertTrue(h.stopReason().contains("target accuracy"), h.stopReason());
        assertTrue(
                t.secondsToTarget() > 0 && t.secondsToTarget() <= t.secondsToTargetWithEvaluation(),
                t.secondsToTarget() + " " + t.secondsToTargetWithEvaluation());
        assertEquals(t.evaluationSeconds(), t.secondsToTargetWithEvaluation() - t.secondsToTarget(), 1e-6);
    }

    @Test
    void anUnreachableTargetRunsEveryEpochAndKeepsTheBest() {
        NDArray[] train = blobs(200, 0.3, 3), test = blobs(100, 0.3, 4); // 30 % label noise: 100 % is out of reach
        TargetAccuracy t = TargetAccuracy.onData(1.0, test[0], test[1], 1000);
        History h = model().fit(
                        train[0],
                        train[1],
                        FitOptions.defaults()
                                .epochs(3)
                                .batchSize(32)
                                .verbose(false)
                                .callback(t));
        assertFalse(t.reached());
        assertEquals(3, h.epochs());
        assertEquals(0, t.epochReached());
        assertTrue(Double.isNaN(t.secondsToTarget()) && Double.isNaN(t.accuracyReached()));
        double best = h.get("heldout_accuracy").stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
        assertEquals(best, t.bestAccuracy());
        assertEquals(null, h.stopReason());
    }

    @Test
    void watchesValidationAccuracyFromTheLogs() {
        NDArray[] train = blobs(400, 0, 5), val = blobs(200, 0, 6);
        TargetAccuracy t = TargetAccuracy.onLogs(0.9, "val_accuracy");
        History h = model().fit(
                        train[0],
                        train[1],
                        FitOptions.defaults()
                                .epochs(50)
                                .batchSize(32)
                                .verbose(false)
                                .validationData(val[0], val[1])
                                .callback(t));
        assertTrue(t.reached() && h.epochs() == t.epochReached() && h.epochs() < 50, h.toString());
        assertEquals(h.last("val_accuracy"), t.accuracyReached());
        assertEquals(0, t.evaluationSeconds());
        assertFalse(h.asMap().containsKey("heldout_accuracy"));

        TargetAccuracy missing = TargetAccuracy.onLogs(0.9, "val_accuracy");
        var e = assertThrows(
                IllegalStateException.class,
                () -> model().fit(
                                train[0],
                                train[1],
                                FitOptions.defaults().epochs(1).verbose(false).callback(missing)));
        assertTrue(e.getMessage().contains("val_accuracy") && e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void accuracyReadsOneHotIndexAndBinaryLabels() {
        NDArray p = NDArray.of(new float[][] {{0.1f, 0.9f}, {0.8f, 0.2f}, {0.3f, 0.7f}});
        assertEquals(2 / 3.0, TargetAccuracy.accuracy(p, NDArray.of(new float[] {1, 0, 0}, 3)), 1e-12);
        assertEquals(2 / 3.0, TargetAccuracy.accuracy(p, NDArray.of(new float[][] {{0, 1}, {1, 0}, {1, 0}})), 1e-12);
        assertEquals(
                1.0,
                TargetAccuracy.accuracy(
                        NDArray.of(new float[] {0.2f, 0.6f}, 2, 1), NDArray.of(new float[] {0, 1}, 2, 1)),
                1e-12);
    }

    @Test
    void rejectsBadArguments() {
        NDArray x = NDArray.zeros(4, 2), y = NDArray.zeros(3);
        assertThrows(IllegalArgumentException.class, () -> TargetAccuracy.onData(0.9, x, y, 8));
        assertThrows(IllegalArgumentException.class, () -> TargetAccuracy.onData(1.5, x, NDArray.zeros(4), 8));
        assertThrows(IllegalArgumentException.class, () -> TargetAccuracy.onData(0.9, x, NDArray.zeros(4), 0));
    }
}
