package nabla.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Every metric against values computed by hand (or by a tiny reference implementation kept here). */
class MetricsTest {
    private static NDArray v(float... x) {
        return NDArray.of(x, x.length);
    }

    private static double once(Metric m, NDArray t, NDArray p) {
        m.reset();
        m.update(t, p);
        return m.result();
    }

    @Test
    void binaryAccuracyThresholds() {
        NDArray t = v(1, 0, 1, 0), p = v(0.6f, 0.4f, 0.3f, 0.7f);
        assertEquals(0.5, once(new BinaryAccuracy(), t, p), 1e-12);
        assertEquals(0.25, once(new BinaryAccuracy(0.35f), t, p), 1e-12); // 0.6→1 ✓, 0.4→1 ✗, 0.3→0 ✗, 0.7→1 ✗
        assertEquals(0.5, once(new BinaryAccuracy(), t.reshape(4, 1), p), 1e-12); // (n, 1) against (n,)
        assertThrows(IllegalArgumentException.class, () -> new BinaryAccuracy().update(v(1, 0), p));
    }

    @Test
    void categoricalSparseAndTopK() {
        NDArray oneHot = NDArray.of(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
        NDArray pred = NDArray.of(
                new float[][] {{0.1f, 0.7f, 0.2f}, {0.3f, 0.4f, 0.3f}, {0.2f, 0.3f, 0.5f}, {0.5f, 0.2f, 0.3f}});
        // argmax: 1 ✓, 1 ✗ (true 0), 2 ✓, 0 ✗ (true 1)
        assertEquals(0.5, once(new CategoricalAccuracy(), oneHot, pred), 1e-12);
        NDArray labels = v(1, 0, 2, 1);
        assertEquals(0.5, once(new SparseCategoricalAccuracy(), labels, pred), 1e-12);
        assertEquals(0.5, once(new SparseCategoricalAccuracy(), labels.reshape(4, 1), pred), 1e-12);
        // top-2: row 1 true 0 (0.3, ranks 2nd with a tie at 0.3: in), row 3 true 1 (0.2 is the lowest: out)
        assertEquals(0.75, once(new TopKCategoricalAccuracy(2), oneHot, pred), 1e-12);
        assertEquals(0.75, once(new SparseTopKCategoricalAccuracy(2), labels, pred), 1e-12);
        assertEquals(1.0, once(new TopKCategoricalAccuracy(), oneHot, pred), 1e-12); // k = 5 > classes
        assertEquals(0.5, once(new TopKCategoricalAccuracy(1), oneHot, pred), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new CategoricalAccuracy().update(labels, pred));
        assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalAccuracy().update(v(0, 3, 1, 1), pred));
        // the shape-resolved "accuracy" agrees with each form
        assertEquals(0.5, once(new Accuracy(), oneHot, pred), 1e-12);
        assertEquals(0.5, once(new Accuracy(), labels, pred), 1e-12);
    }

    @Test
    void precisionAndRecall() {
        NDArray t = v(1, 1, 0, 0, 1);
        // predicted positive: 0 (tp), 2 (fp), 4 (tp); missed: 1 (fn)
        assertEquals(2.0 / 3, once(new Precision(), t, v(0.9f, 0.4f, 0.6f, 0.2f, 0.7f)), 1e-12);
        assertEquals(2.0 / 3, once(new Recall(), t, v(0.9f, 0.4f, 0.6f, 0.2f, 0.7f)), 1e-12);
        // tp 1, fp 1, fn 2
        assertEquals(0.5, once(new Precision(), t, v(0.9f, 0.4f, 0.6f, 0.2f, 0.4f)), 1e-12);
        assertEquals(1.0 / 3, once(new Recall(), t, v(0.9f, 0.4f, 0.6f, 0.2f, 0.4f)), 1e-12);
        // threshold 0.65: predicted 0 and 4, both positive
        assertEquals(1.0, once(new Precision(0.65f), t, v(0.9f, 0.4f, 0.6f, 0.2f, 0.7f)), 1e-12);
        assertEquals(0.0, once(new Precision(), t, v(0, 0, 0, 0, 0)), 0); // nothing predicted: 0, not NaN
        // one class column of one-hot data: column 1 has targets 1,0,1 and predictions 0.8, 0.6, 0.1
        NDArray oneHot = NDArray.of(new float[][] {{0, 1}, {1, 0}, {0, 1}});
        NDArray pred = NDArray.of(new float[][] {{0.2f, 0.8f}, {0.4f, 0.6f}, {0.9f, 0.1f}});
        assertEquals(0.5, once(new Precision().forClass(1), oneHot, pred), 1e-12);
        assertEquals(0.5, once(new Recall().forClass(1), oneHot, pred), 1e-12);
        assertEquals(0.0, once(new Recall().forClass(0), oneHot, pred), 1e-12);
        // micro-average over all 6 elements: predicted positive (0,1) ✓, (1,1) ✗, (2,0) ✗ → 1/3; recall 1/3
        assertEquals(1.0 / 3, once(new Precision(), oneHot, pred), 1e-12);
    }

    @Test
    void aucOfTheTextbookExampleIsExact() {
        // scikit-learn's roc_auc_score example: 3 of the 4 (positive, negative) pairs are ordered correctly
        assertEquals(0.75, once(new AUC(), v(0, 0, 1, 1), v(0.1f, 0.4f, 0.35f, 0.8f)), 1e-9);
        assertEquals(1.0, once(new AUC(), v(0, 0, 1, 1), v(0.1f, 0.2f, 0.7f, 0.8f)), 1e-9);
        assertEquals(0.0, once(new AUC(), v(1, 1, 0, 0), v(0.1f, 0.2f, 0.7f, 0.8f)), 1e-9);
        assertEquals(0.5, once(new AUC(), v(1, 0), v(0.5f, 0.5f)), 1e-9); // a tie is worth half
    }

    /** A direct transcription of Keras' algorithm: one pass over the thresholds per element, then the trapezoids. */
    private static double kerasAuc(float[] t, float[] p, int numThresholds) {
        double[] th = new double[numThresholds];
        th[0] = -1e-7;
        for (int i = 0; i < numThresholds - 2; i++) th[i + 1] = (i + 1) * 1.0 / (numThresholds - 1);
        th[numThresholds - 1] = 1 + 1e-7;
        double[] tp = new double[numThresholds],
                fp = new double[numThresholds],
                fn = new double[numThresholds],
                tn = new double[numThresholds];
        for (int i = 0; i < numThresholds; i++) {
            float thr = (float) th[i]; // Keras keeps thresholds as float32
            for (int j = 0; j < t.length; j++) {
                boolean pos = t[j] != 0, above = p[j] > thr;
                if (pos && above) tp[i]++;
                else if (!pos && above) fp[i]++;
                else if (pos) fn[i]++;
                else tn[i]++;
            }
        }
        double area = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double x0 = fp[i] + tn[i] == 0 ? 0 : fp[i] / (fp[i] + tn[i]),
                    x1 = fp[i + 1] + tn[i + 1] == 0 ? 0 : fp[i + 1] / (fp[i + 1] + tn[i + 1]);
            double y0 = tp[i] + fn[i] == 0 ? 0 : tp[i] / (tp[i] + fn[i]),
                    y1 = tp[i + 1] + fn[i + 1] == 0 ? 0 : tp[i + 1] / (tp[i + 1] + fn[i + 1]);
            area += (x0 - x1) * (y0 + y1) / 2;
        }
        return area;
    }

    /** The exact area: the fraction of (positive, negative) pairs ranked correctly, ties counting half. */
    private static double exactAuc(float[] t, float[] p) {
        double good = 0, pairs = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == 0) continue;
            for (int j = 0; j < t.length; j++) {
                if (t[j] != 0) continue;
                pairs++;
                good += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
            }
        }
        return good / pairs;
    }

    @Test
    void aucMatchesKerasThresholdAlgorithmAndApproximatesTheExactArea() {
        Rng rng = new Rng(3);
        int n = 1000;
        float[] t = new float[n], p = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextFloat() < 0.4f ? 1 : 0;
            float s = Math.min(
                    1f, Math.max(0f, 0.5f * rng.nextFloat() + 0.35f * t[i] + 0.1f * (float) rng.nextGaussian()));
            p[i] = i % 10 == 0 ? (float) ((i / 10 % 199) / 199.0) : s; // some scores exactly on thresholds
        }
        p[1] = 0f;
        p[2] = 1f;
        for (int thresholds : new int[] {200, 7}) {
            AUC auc = new AUC(thresholds);
            auc.update(NDArray.of(t, n).slice(0, 0, 300), NDArray.of(p, n).slice(0, 0, 300)); // two batches
            auc.update(NDArray.of(t, n).slice(0, 300, n), NDArray.of(p, n).slice(0, 300, n));
            assertEquals(kerasAuc(t, p, thresholds), auc.result(), 1e-12, "thresholds " + thresholds);
        }
        double exact = exactAuc(t, p);
        assertEquals(exact, kerasAuc(t, p, 200), 0.01);
        assertTrue(exact > 0.8, "the scores separate the classes: " + exact);
    }

    @Test
    void errorsAccumulateSumsNotBatchMeans() {
        Metric mae = new MeanAbsoluteError(), mse = new MeanSquaredError(), rmse = new RootMeanSquaredError();
        NDArray t1 = NDArray.zeros(2, 1), p1 = NDArray.of(new float[] {1, -1}, 2, 1); // squared errors 1, 1
        NDArray t2 = NDArray.zeros(6, 1), p2 = NDArray.full(Shape.of(6, 1), 3f); // squared errors 9 × 6
        for (Metric m : List.of(mae, mse, rmse)) {
            m.update(t1, p1);
            m.update(t2, p2);
        }
        assertEquals((2 + 18) / 8.0, mae.result(), 1e-12);
        assertEquals((2 + 54) / 8.0, mse.result(), 1e-12);
        assertEquals(Math.sqrt(7), rmse.result(), 1e-12);
        assertNotEquals(Math.sqrt((1 + 9) / 2.0), rmse.result(), 1e-3); // root of the mean of batch MSEs
        assertNotEquals((1 + 3) / 2.0, rmse.result(), 1e-3); // mean of batch RMSEs
        assertEquals(Math.sqrt(mse.result()), rmse.result(), 1e-12);
        rmse.reset();
        assertEquals(0, rmse.result());
    }

    @Test
    void confusionMatrixCountsAndPerClassScores() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        NDArray pred = NDArray.of(new float[][] {
            {0.1f, 0.7f, 0.2f}, {0.3f, 0.4f, 0.3f}, {0.2f, 0.3f, 0.5f}, {0.5f, 0.2f, 0.3f}, {0.9f, 0, 0.1f}
        });
        cm.update(v(1, 0, 2, 1, 0), pred); // (true, pred): (1,1) (0,1) (2,2) (1,0) (0,0)
        assertEquals(1, cm.count(1, 1));
        assertEquals(1, cm.count(0, 1));
        assertEquals(1, cm.count(2, 2));
        assertEquals(1, cm.count(1, 0));
        assertEquals(1, cm.count(0, 0));
        assertEquals(5, cm.total());
        assertEquals(3.0 / 5, cm.accuracy(), 1e-12);
        assertEquals(0.5, cm.precision(0), 1e-12); // predicted 0: true 1, true 0
        assertEquals(0.5, cm.recall(0), 1e-12);
        assertEquals(1.0, cm.precision(2), 1e-12);
        assertEquals((0.5 + 0.5 + 1) / 3, cm.macroPrecision(), 1e-12);
        assertEquals((0.5 + 0.5 + 1) / 3, cm.macroRecall(), 1e-12);
        assertEquals("""
                true\\pred 0 1 2
                        0 1 1 0
                        1 1 1 0
                        2 0 0 1
                """, cm.toString());
        cm.update(NDArray.of(new float[][] {{1, 0, 0}}), NDArray.of(new float[][] {{0, 0, 1}})); // one-hot targets
        assertEquals(1, cm.count(0, 2));
        ConfusionMatrix bin = new ConfusionMatrix(2);
        bin.update(v(1, 0, 1, 0), v(0.6f, 0.4f, 0.3f, 0.7f));
        assertEquals(1, bin.count(1, 1));
        assertEquals(1, bin.count(0, 0));
        assertEquals(1, bin.count(1, 0));
        assertEquals(1, bin.count(0, 1));
        assertThrows(IllegalArgumentException.class, () -> cm.update(v(3), NDArray.of(new float[][] {{1, 0, 0}})));
        cm.reset();
        assertEquals(0, cm.total());
    }

    @Test
    void byNameReportsUnderTheGivenNameAndCopiesAreIndependent() {
        for (String name : Metrics.NAMES)
            assertEquals(name, Metrics.byName(name).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("f1"));
        assertTrue(
                e.getMessage().contains("'f1'")
                        && e.getMessage().contains("auc")
                        && e.getMessage().contains("rmse"),
                e.getMessage());
        Precision p = new Precision(0.7f).withName("p70");
        Metric c = p.copy();
        assertNotSame(p, c);
        assertEquals("p70", c.name());
        p.update(v(1, 0), v(0.8f, 0.75f));
        assertEquals(0.5, p.result(), 1e-12);
        assertEquals(0, c.result()); // the copy has its own, empty state
        c.update(v(1, 0), v(0.8f, 0.6f));
        assertEquals(1.0, c.result(), 1e-12); // and the same threshold
    }

    @Test
    void noAllocationPerBatch() {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        NDArray oneHot = NDArray.zeros(64, 10),
                labels = NDArray.zeros(64),
                pred = NDArray.uniform(Shape.of(64, 10), 0, 1, new Rng(1));
        for (int r = 0; r < 64; r++) {
            labels.set(r % 10, r);
            oneHot.set(1, r, r % 10);
        }
        Metric[] metrics = {
            new Accuracy(),
            new BinaryAccuracy(),
            new CategoricalAccuracy(),
            new SparseCategoricalAccuracy(),
            new TopKCategoricalAccuracy(),
            new SparseTopKCategoricalAccuracy(),
            new Precision(),
            new Recall(),
            new AUC(),
            new MeanAbsoluteError(),
            new MeanSquaredError(),
            new RootMeanSquaredError()
        };
        boolean[] sparse = {true, false, false, true, false, true, false, false, false, false, false, false};
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            for (int i = 0; i < 200; i++) {
                for (int m = 0; m < metrics.length; m++) metrics[m].update(sparse[m] ? labels : oneHot, pred);
            }
            long bytes = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
            if (round == 1) assertTrue(bytes < 16_384, "2400 updates allocated " + bytes + " bytes");
        }
    }
}
