package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nabla.autograd.Activation;
import nabla.metrics.AUC;
import nabla.metrics.Metrics;
import nabla.metrics.Precision;
import nabla.metrics.TopKCategoricalAccuracy;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.train.EarlyStopping;
import nabla.train.FitOptions;
import nabla.train.History;
import nabla.train.ModelCheckpoint;
import nabla.train.MonitorMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks and metrics through the Keras-style façade, on small synthetic fits. */
class FitCallbacksAndMetricsTest {
    @TempDir
    Path dir;

    /** Two noisy overlapping classes in 2-D, labels 0/1 as (n, 1). */
    static NDArray[] binary(int n, long seed) {
        Rng rng = new Rng(seed);
        NDArray x = NDArray.zeros(n, 2), y = NDArray.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(2);
            x.set((c == 1 ? 1f : -1f) + (float) rng.nextGaussian(), i, 0);
            x.set((float) rng.nextGaussian(), i, 1);
            y.set(c, i, 0);
        }
        return new NDArray[] {x, y};
    }

    @Test
    void checkpointWritesOnlyImprovingEpochsAndTheBestFileLoads() throws Exception {
        NDArray[] d = binary(200, 1);
        Sequential m = new Sequential(5, new Dense(8, Activation.TANH), new Dense(1, Activation.SIGMOID));
        m.compile("binary_crossentropy", new SGD(0.5f, 0.9f, false), "accuracy");
        EarlyStopping es = new EarlyStopping().withPatience(3).withRestoreBestWeights(true);
        History h = m.fit(
                d[0],
                d[1],
                FitOptions.defaults()
                        .epochs(25)
                        .batchSize(16)
                        .validationSplit(0.3)
                        .seed(2)
                        .verbose(false)
                        .callback(new ModelCheckpoint(
                                dir.resolve("m-{epoch:02d}.nabla"), "val_loss", true, MonitorMode.AUTO))
                        .callback(es));
        List<Double> val = h.get("val_loss");
        Set<String> expected = new TreeSet<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        for (int e = 0; e < val.size(); e++) {
            if (val.get(e) < best) {
                best = val.get(e);
                bestEpoch = e;
                expected.add(String.format("m-%02d.nabla", e + 1));
            }
        }
        Set<String> written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, written, "history " + val);
        assertTrue(written.size() < val.size() && h.stopReason() != null, "some epochs did not improve: " + val);
        assertEquals(bestEpoch, es.bestEpoch());
        // the last file written is the best epoch's model, which EarlyStopping restored into m
        Sequential loaded = Sequential.load(dir.resolve(String.format("m-%02d.nabla", bestEpoch + 1)));
        assertArrayEquals(m.predict(d[0]).toArray(), loaded.predict(d[0]).toArray(), 1e-6f);
        assertEquals(
                best,
                m.evaluate(d[0].slice(0, 140, 200), d[1].slice(0, 140, 200)).get("loss"),
                1e-5);
    }

    @Test
    void everyMetricCompilesByNameAndIsReportedForTrainingAndValidation() {
        NDArray[] d = binary(160, 3);
        Sequential m = new Sequential(7, new Dense(8, Activation.RELU), new Dense(1, Activation.SIGMOID));
        m.compile(
                "binary_crossentropy",
                new Adam(0.02f),
                "acc",
                "binary_accuracy",
                "precision",
                "recall",
                "auc",
                "mae",
                "mse",
                "rmse");
        History h = m.fit(
                d[0],
                d[1],
                FitOptions.defaults()
                        .epochs(8)
                        .batchSize(32)
                        .validationSplit(0.25)
                        .verbose(false));
        for (String k : List.of("loss", "acc", "binary_accuracy", "precision", "recall", "auc", "mae", "mse", "rmse")) {
            assertEquals(8, h.get(k).size(), k + " in " + h);
            assertEquals(8, h.get("val_" + k).size(), "val_" + k + " in " + h);
        }
        assertEquals(h.last("acc"), h.last("binary_accuracy"), 1e-12);
        assertEquals(Math.sqrt(h.last("val_mse")), h.last("val_rmse"), 1e-9);
        assertTrue(h.last("val_auc") > 0.8 && h.last("val_auc") <= 1, h.toString());
        Map<String, Double> ev = m.evaluate(d[0], d[1]);
        assertEquals(
                ev.keySet(),
                Set.of("loss", "acc", "binary_accuracy", "precision", "recall", "auc", "mae", "mse", "rmse"));
        assertThrows(IllegalArgumentException.class, () -> m.compile("binary_crossentropy", new Adam(0.01f), "f1"));
        assertThrows(
                IllegalArgumentException.class, () -> m.compile("binary_crossentropy", new Adam(0.01f), "auc", "auc"));
    }

    @Test
    void metricObjectsGetSeparateTrainingAndValidationCopies() throws Exception {
        NDArray[] d = SequentialTest.blobs(300, 4);
        Sequential m = new Sequential(3, new Dense(8, Activation.RELU), new Dense(3, Activation.SOFTMAX));
        Precision p = new Precision(0.6f).withName("precision_60");
        m.compile("categorical_crossentropy", new Adam(0.02f), new TopKCategoricalAccuracy(2), p, new AUC(50));
        History h = m.fit(
                d[0],
                d[1],
                FitOptions.defaults()
                        .epochs(4)
                        .batchSize(30)
                        .validationSplit(0.2)
                        .verbose(false));
        assertEquals(0, p.result(), "the object given to compile is only a prototype");
        for (String k : List.of("top_k_categorical_accuracy", "precision_60", "auc")) {
            assertEquals(4, h.get(k).size());
            assertEquals(4, h.get("val_" + k).size());
        }
        // validation values are computed over the validation set only: they match a separate evaluation
        Map<String, Double> ev = m.evaluate(d[0].slice(0, 240, 300), d[1].slice(0, 240, 300));
        assertEquals(ev.get("auc"), h.last("val_auc"), 1e-12);
        assertEquals(ev.get("precision_60"), h.last("val_precision_60"), 1e-12);
        assertEquals(
                List.of("top_k_categorical_accuracy", "auc"), m.metricNames(), "saved by name: the known metrics only");
        Path file = dir.resolve("blobs.nabla");
        m.save(file);
        assertEquals(
                List.of("top_k_categorical_accuracy", "auc"),
                Sequential.load(file).metricNames());
    }

    @Test
    void trainingMetricsOfAFusedSoftmaxSeeProbabilities() {
        NDArray[] d = SequentialTest.blobs(64, 5);
        Sequential m = new Sequential(9, new Dense(3, Activation.SOFTMAX));
        m.compile("categorical_crossentropy", new SGD(1e-30f), "mse", "auc");
        Map<String, Double> before = m.evaluate(d[0], d[1]); // unfused forward: softmax probabilities
        // one full batch: the metrics see the forward pass before the (negligible) update
        History h = m.fit(
                d[0],
                d[1],
                FitOptions.defaults().epochs(1).batchSize(64).shuffle(false).verbose(false));
        assertEquals(before.get("mse"), h.last("mse"), 1e-6);
        assertEquals(before.get("auc"), h.last("auc"), 1e-6);
        assertFalse(Metrics.isKnown("f1"));
    }
}
