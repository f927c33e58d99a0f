package nabla.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Metrics with sample weights against hand-computed values, class-index errors, and custom metrics by name. */
class WeightedMetricsTest {
    private static NDArray v(float... x) {
        return NDArray.of(x, x.length);
    }

    private static double once(Metric m, NDArray t, NDArray p, NDArray w) {
        m.reset();
        m.update(t, p, w);
        return m.result();
    }

    private final NDArray oneHot = NDArray.of(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
    private final NDArray labels = v(1, 0, 2, 1);
    private final NDArray pred =
            NDArray.of(new float[][] {{0.1f, 0.7f, 0.2f}, {0.3f, 0.4f, 0.3f}, {0.2f, 0.3f, 0.5f}, {0.5f, 0.2f, 0.3f}});
    private final NDArray w4 = v(1, 2, 3, 4);

    @Test
    void weightedAccuracies() {
        NDArray t = v(1, 0, 1, 0), p = v(0.6f, 0.4f, 0.3f, 0.7f); // correct: yes, yes, no, no
        assertEquals(0.3, once(new BinaryAccuracy(), t, p, w4), 1e-12);
        assertEquals(0.3, once(new Accuracy(), t, p, w4.reshape(4, 1)), 1e-12);
        // two elements per sample: sample 0 both right, sample 1 both wrong; Keras: (1·1 + 3·0) / 4
        NDArray t2 = NDArray.of(new float[][] {{1, 0}, {1, 0}}),
                p2 = NDArray.of(new float[][] {{0.6f, 0.4f}, {0.3f, 0.7f}});
        assertEquals(0.25, once(new BinaryAccuracy(), t2, p2, v(1, 3)), 1e-12);
        // argmax hits: yes, no, yes, no; top-2 hits: yes, yes, yes, no
        assertEquals(0.4, once(new CategoricalAccuracy(), oneHot, pred, w4), 1e-12);
        assertEquals(0.4, once(new SparseCategoricalAccuracy(), labels, pred, w4), 1e-12);
        assertEquals(0.4, once(new Accuracy(), oneHot, pred, w4), 1e-12);
        assertEquals(0.4, once(new Accuracy(), labels, pred, w4), 1e-12);
        assertEquals(0.6, once(new TopKCategoricalAccuracy(2), oneHot, pred, w4), 1e-12);
        assertEquals(0.6, once(new SparseTopKCategoricalAccuracy(2), labels, pred, w4), 1e-12);
        // a weight of 0 leaves the sample out; all zero reads 0
        assertEquals(1.0, once(new CategoricalAccuracy(), oneHot, pred, v(1, 0, 1, 0)), 1e-12);
        assertEquals(0.0, once(new CategoricalAccuracy(), oneHot, pred, v(0, 0, 0, 0)), 0);
    }

    @Test
    void weightedPrecisionRecallAndErrors() {
        NDArray t = v(1, 1, 0, 0, 1), p = v(0.9f, 0.4f, 0.6f, 0.2f, 0.7f), w = v(1, 2, 3, 4, 5);
        // tp: elements 0 and 4 (1 + 5), fp: element 2 (3), fn: element 1 (2)
        assertEquals(6.0 / 9, once(new Precision(), t, p, w), 1e-12);
        assertEquals(6.0 / 8, once(new Recall(), t, p, w), 1e-12);
        // class column 1: tp row 0 (1), fp row 1 (2), fn row 2 (3)
        NDArray oh = NDArray.of(new float[][] {{0, 1}, {1, 0}, {0, 1}});
        NDArray pr = NDArray.of(new float[][] {{0.2f, 0.8f}, {0.4f, 0.6f}, {0.9f, 0.1f}});
        assertEquals(1.0 / 3, once(new Precision().forClass(1), oh, pr, v(1, 2, 3)), 1e-12);
        assertEquals(1.0 / 4, once(new Recall().forClass(1), oh, pr, v(1, 2, 3)), 1e-12);
        // errors: sample 0 (0.5, 0), sample 1 (−2, 0), weights 2 and 1; Keras: (2·0.25 + 1·1) / 3
        NDArray y = NDArray.of(new float[][] {{1, 2}, {3, 4}}), q = NDArray.of(new float[][] {{1.5f, 2}, {1, 4}});
        assertEquals(0.5, once(new MeanAbsoluteError(), y, q, v(2, 1)), 1e-12);
        assertEquals(0.75, once(new MeanSquaredError(), y, q, v(2, 1)), 1e-12);
        assertEquals(Math.sqrt(0.75), once(new RootMeanSquaredError(), y, q, v(2, 1)), 1e-12);
    }

    @Test
    void weightedAucIsTheWeightedPairFraction() {
        NDArray t = v(1, 1, 0, 0), p = v(0.9f, 0.3f, 0.6f, 0.1f), w = v(1, 2, 3, 4);
        // positive-negative pairs ranked right, weighted: (0.9,0.6) 1·3, (0.9,0.1) 1·4, (0.3,0.1) 2·4; of 3·7
        assertEquals(15.0 / 21, once(new AUC(), t, p, w), 1e-9);
    }

    /** Integer weights count a sample that many times: the same as repeating it in an unweighted batch. */
    @Test
    void integerWeightsEqualRepeatedSamples() {
        Rng rng = new Rng(3);
        int n = 12, c = 4;
        NDArray p = NDArray.uniform(Shape.of(n, c), 0, 1, rng);
        NDArray lab = NDArray.zeros(n), oh = NDArray.zeros(n, c), bin = NDArray.zeros(n, c);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            lab.set(i % c, i);
            oh.set(1, i, i % c);
            for (int j = 0; j < c; j++) bin.set((i + j) % 3 == 0 ? 1 : 0, i, j);
            w[i] = i % 3;
        }
        int total = 0;
        for (float x : w) total += (int) x;
        int[] rows = new int[total];
        for (int i = 0, k = 0; i < n; i++) for (int r = 0; r < w[i]; r++) rows[k++] = i;
        Object[][] cases = {
            {new Accuracy(), lab},
            {new Accuracy(), oh},
            {new BinaryAccuracy(), bin},
            {new CategoricalAccuracy(), oh},
            {new SparseCategoricalAccuracy(), lab},
            {new TopKCategoricalAccuracy(2), oh},
            {new SparseTopKCategoricalAccuracy(2), lab},
            {new Precision(), bin},
            {new Recall(), bin},
            {new Precision().forClass(2), bin},
            {new AUC(), bin},
            {new MeanAbsoluteError(), bin},
            {new MeanSquaredError(), bin},
            {new RootMeanSquaredError(), bin},
        };
        for (Object[] k : cases) {
            Metric m = (Metric) k[0];
            NDArray y = (NDArray) k[1];
            double weighted = once(m, y, p, NDArray.of(w, n));
            m.reset();
            m.update(take(y, rows), take(p, rows));
            assertEquals(m.result(), weighted, 1e-12, m.name());
            // null and all-ones weights are the unweighted metric exactly
            m.reset();
            m.update(y, p);
            double plain = m.result();
            assertEquals(plain, once(m, y, p, null), 0, m.name());
            assertEquals(plain, once(m, y, p, NDArray.ones(n)), 0, m.name());
        }
    }

    private static NDArray take(NDArray a, int[] rows) {
        int per = a.size() / a.dim(0);
        float[] src = a.toArray(), out = new float[rows.length * per];
        for (int i = 0; i < rows.length; i++) System.arraycopy(src, rows[i] * per, out, i * per, per);
        int[] dims = a.shape().dims();
        dims[0] = rows.length;
        return NDArray.of(out, dims);
    }

    @Test
    void badWeightsAreErrors() {
        for (Metric m : List.of(
                new Accuracy(), new AUC(), new Precision(), new MeanSquaredError(), new TopKCategoricalAccuracy())) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> m.update(oneHot, pred, v(1, 2, 3)));
            assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(4, 3)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.update(oneHot, pred, NDArray.ones(4, 3)));
            assertTrue(e.getMessage().contains("(4, 3)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.update(oneHot, pred, v(1, -1, 1, 1)));
            assertTrue(e.getMessage().contains("-1.0") && e.getMessage().contains("at row 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.update(oneHot, pred, v(1, 1, Float.NaN, 1)));
            assertThrows(
                    IllegalArgumentException.class, () -> m.update(oneHot, pred, v(1, 1, 1, Float.POSITIVE_INFINITY)));
        }
    }

    @Test
    void outOfRangeClassIndicesAreClearErrors() {
        for (NDArray bad : List.of(v(1, 3, 2, 1), v(1, -1, 2, 1), v(1, 1.5f, 2, 1))) {
            for (Metric m :
                    List.of(new Accuracy(), new SparseCategoricalAccuracy(), new SparseTopKCategoricalAccuracy())) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.update(bad, pred));
                assertTrue(
                        e.getMessage().contains("target " + bad.get(1))
                                && e.getMessage().contains("row 1")
                                && e.getMessage().contains("[0, 3)"),
                        e.getMessage());
            }
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(3).update(bad, pred));
            assertTrue(e.getMessage().contains("target " + bad.get(1)), e.getMessage());
        }
        ConfusionMatrix cm = new ConfusionMatrix(3);
        for (Runnable r : List.<Runnable>of(
                () -> cm.count(3, 0), () -> cm.count(0, -1), () -> cm.precision(3), () -> cm.recall(-1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains("not in [0, 3)"), e.getMessage());
        }
    }

    /** The largest absolute error seen: a custom metric without sample weights. */
    static final class MaxAbsoluteError implements Metric {
        private double max;

        @Override
        public void update(NDArray yTrue, NDArray yPred) {
            float[] t = yTrue.toArray(), p = yPred.toArray();
            for (int i = 0; i < t.length; i++) max = Math.max(max, Math.abs(p[i] - t[i]));
        }

        @Override
        public double result() {
            return max;
        }

        @Override
        public void reset() {
            max = 0;
        }

        @Override
        public String name() {
            return "test_max_absolute_error";
        }

        @Override
        public Metric copy() {
            return new MaxAbsoluteError();
        }
    }

    @Test
    void customMetricsByName() {
        Supplier<Metric> factory = MaxAbsoluteError::new;
        assertTrue(!Metrics.isKnown("test_max_absolute_error"));
        Metrics.register("test_max_absolute_error", factory);
        Metrics.register("test_max_absolute_error", factory); // the same factory again: nothing happens
        assertTrue(Metrics.isKnown("test_max_absolute_error"));
        Metric m = Metrics.byName("test_max_absolute_error");
        assertSame(MaxAbsoluteError.class, m.getClass());
        assertEquals("test_max_absolute_error", m.name());
        m.update(v(1, 2), v(1.5f, 4), null); // null weights: the plain update
        assertEquals(2.0, m.result(), 1e-12);
        UnsupportedOperationException u =
                assertThrows(UnsupportedOperationException.class, () -> m.update(v(1, 2), v(1, 2), v(1, 1)));
        assertTrue(u.getMessage().contains("sample weights"), u.getMessage());

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Metrics.register("test_max_absolute_error", MaxAbsoluteError::new));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.register("auc", MaxAbsoluteError::new));
        assertTrue(e.getMessage().contains("built-in"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("test_unregistered_metric"));
        assertTrue(
                e.getMessage().contains("unknown metric 'test_unregistered_metric'")
                        && e.getMessage().contains("test_max_absolute_error")
                        && e.getMessage().contains("Metrics.register"),
                e.getMessage());
    }

    @Test
    void noAllocationPerWeightedBatch() {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        NDArray oh = NDArray.zeros(64, 10),
                lab = NDArray.zeros(64),
                p = NDArray.uniform(Shape.of(64, 10), 0, 1, new Rng(1));
        NDArray w = NDArray.uniform(Shape.of(64), 0, 2, new Rng(2));
        for (int r = 0; r < 64; r++) {
            lab.set(r % 10, r);
            oh.set(1, r, r % 10);
        }
        Metric[] metrics = {
            new Accuracy(), new BinaryAccuracy(), new CategoricalAccuracy(), new SparseCategoricalAccuracy(),
            new TopKCategoricalAccuracy(), new SparseTopKCategoricalAccuracy(), new Precision(), new Recall(),
            new AUC(), new MeanAbsoluteError(), new MeanSquaredError(), new RootMeanSquaredError()
        };
        boolean[] sparse = {true, false, false, true, false, true, false, false, false, false, false, false};
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            for (int i = 0; i < 200; i++)
                for (int m = 0; m < metrics.length; m++) metrics[m].update(sparse[m] ? lab : oh, p, w);
            long bytes = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
            if (round == 1) assertTrue(bytes < 16_384, "2400 weighted updates allocated " + bytes + " bytes");
        }
    }
}
