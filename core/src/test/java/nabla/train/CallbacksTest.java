package nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nabla.data.Example;
import nabla.metrics.Metric;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each callback on scripted fits, where the monitored values per epoch are known in advance. */
class CallbacksTest {
    @TempDir
    Path dir;

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        // best at epoch 1 (0.8); epochs 2 and 3 do not improve: with patience 2 it stops after epoch 3
        ScriptedModel m = ScriptedModel.withValLosses(1.0, 0.8, 0.9, 0.85, 0.7, 0.6);
        EarlyStopping es = new EarlyStopping().withPatience(2).withRestoreBestWeights(true);
        History h = m.fit(es);
        assertEquals(4, h.epochs());
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(2f, m.weight.value().item(), "weights after epoch 2 (1-based) restored");
        assertTrue(
                h.stopReason().contains("early stopping at epoch 4")
                        && h.stopReason().contains("val_loss"),
                h.stopReason());

        ScriptedModel kept = ScriptedModel.withValLosses(1.0, 0.8, 0.9, 0.85, 0.7, 0.6);
        kept.fit(new EarlyStopping().withPatience(2));
        assertEquals(4f, kept.weight.value().item(), "without restoreBestWeights the last weights stay");
    }

    @Test
    void earlyStoppingRestoresBestWeightsAlsoWhenAllEpochsRan() {
        ScriptedModel m = ScriptedModel.withValLosses(1.0, 0.5, 0.9);
        History h = m.fit(new EarlyStopping().withPatience(5).withRestoreBestWeights(true));
        assertEquals(3, h.epochs());
        assertNull(h.stopReason());
        assertEquals(2f, m.weight.value().item());
    }

    @Test
    void earlyStoppingMinDeltaModeAndBaseline() {
        // 0.95 is not better than 1.0 by more than 0.1: patience 1 stops after epoch 2
        assertEquals(
                2,
                ScriptedModel.withValLosses(1.0, 0.95, 0.5, 0.4)
                        .fit(new EarlyStopping().withMinDelta(0.1).withPatience(1))
                        .epochs());
        assertEquals(
                4,
                ScriptedModel.withValLosses(1.0, 0.95, 0.5, 0.4)
                        .fit(new EarlyStopping().withPatience(1))
                        .epochs());
        // maximizing a rising value never stops
        assertEquals(
                4,
                ScriptedModel.withValLosses(1, 2, 3, 4)
                        .fit(new EarlyStopping().withMode(MonitorMode.MAX))
                        .epochs());
        assertEquals(
                2,
                ScriptedModel.withValLosses(1, 2, 3, 4)
                        .fit(new EarlyStopping())
                        .epochs()); // auto: val_loss is minimized
        // a plateau: without a baseline the first epoch resets the counter; with an unbeaten baseline it does not
        assertEquals(
                3,
                ScriptedModel.withValLosses(1, 1, 1, 1, 1)
                        .fit(new EarlyStopping().withPatience(2))
                        .epochs());
        assertEquals(
                2,
                ScriptedModel.withValLosses(1, 1, 1, 1, 1)
                        .fit(new EarlyStopping().withPatience(2).withBaseline(0.5))
                        .epochs());
        assertEquals(
                3,
                ScriptedModel.withValLosses(1, 1, 1, 1, 1)
                        .fit(new EarlyStopping().withPatience(2).withBaseline(2))
                        .epochs());
        // monitoring the training loss
        ScriptedModel t = new ScriptedModel(new double[] {3, 2, 2, 2}, new double[] {0, 0, 0, 0});
        assertEquals(
                3,
                t.fit(new EarlyStopping("loss", 0, 1, MonitorMode.AUTO, false, Double.NaN))
                        .epochs());
    }

    @Test
    void missingMonitoredKeyListsTheAvailableOnes() {
        ScriptedModel m = ScriptedModel.withValLosses(1, 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> m.fit(new EarlyStopping().withMonitor("val_accuracy")));
        assertTrue(
                e.getMessage().contains("'val_accuracy'") && e.getMessage().contains("available: loss, val_loss"),
                e.getMessage());
        IllegalArgumentException auto =
                assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().withMonitor("val_f2"));
        assertTrue(auto.getMessage().contains("MonitorMode.MIN"), auto.getMessage());
        assertTrue(MonitorMode.AUTO.maximizes("t", "val_accuracy") && MonitorMode.AUTO.maximizes("t", "auc"));
        assertTrue(!MonitorMode.AUTO.maximizes("t", "val_loss") && !MonitorMode.AUTO.maximizes("t", "val_rmse"));
    }

    @Test
    void modelCheckpointSavesOnlyOnImprovementWithFormattedNames() {
        ScriptedModel m = ScriptedModel.withValLosses(1.0, 0.8, 0.9, 0.7);
        ModelCheckpoint best = new ModelCheckpoint(
                dir.resolve("ckpt-{epoch:02d}-{val_loss:.2f}.nabla"), "val_loss", true, MonitorMode.AUTO);
        m.fit(best);
        assertEquals(
                List.of(
                        dir.resolve("ckpt-01-1.00.nabla"),
                        dir.resolve("ckpt-02-0.80.nabla"),
                        dir.resolve("ckpt-04-0.70.nabla")),
                m.saved);
        assertEquals(dir.resolve("ckpt-04-0.70.nabla"), best.lastSaved());

        ScriptedModel every = ScriptedModel.withValLosses(1.0, 0.8, 0.9);
        every.fit(new ModelCheckpoint(dir.resolve("e{epoch}.nabla")));
        assertEquals(List.of(dir.resolve("e1.nabla"), dir.resolve("e2.nabla"), dir.resolve("e3.nabla")), every.saved);
        assertThrows(
                IllegalArgumentException.class,
                () -> ScriptedModel.withValLosses(1).fit(new ModelCheckpoint(dir.resolve("{nope}.nabla"))));
    }

    @Test
    void aResumedBestOnlyCheckpointBeatsTheInitialValueThresholdBeforeItSaves() {
        ScriptedModel m = ScriptedModel.withValLosses(1.0, 0.8, 0.9, 0.7);
        ModelCheckpoint best = new ModelCheckpoint(
                        dir.resolve("best-{epoch}.nabla"), "val_loss", true, MonitorMode.AUTO)
                .withInitialValueThreshold(0.75);
        assertEquals(0.75, best.best());
        m.fit(best);
        assertEquals(List.of(dir.resolve("best-4.nabla")), m.saved, "only 0.7 beats the best of the run resumed");
        assertEquals(0.7, best.best(), 1e-6);
        assertEquals(0.75, best.withMode(MonitorMode.MIN).best(), "copies keep the threshold");
        assertThrows(IllegalArgumentException.class, () -> best.withInitialValueThreshold(Double.POSITIVE_INFINITY));
    }

    @Test
    void reduceLrOnPlateauWaitsPatienceThenRespectsCooldownAndMinLr() {
        double[] flat = new double[12];
        Arrays.fill(flat, 1.0);
        ScriptedModel m = ScriptedModel.withValLosses(flat);
        History h = m.fit(new ReduceLROnPlateau()
                .withFactor(0.5)
                .withPatience(2)
                .withCooldown(2)
                .withMinLr(0.02));
        // lr 0.1; reduced at the end of epochs 3, 6, 9 (1-based): the cooldown of 2 skips counting for one epoch
        // (Keras decrements it first), and the last reduction stops at minLr 0.02 (0.0125 → 0.02); then no more
        double[] logged = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02};
        double[] inEffect = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02};
        List<Double> lr = h.get("learning_rate");
        assertEquals(12, lr.size());
        for (int e = 0; e < 12; e++) {
            assertEquals(logged[e], lr.get(e), 1e-7, "epoch " + e);
            assertEquals(inEffect[e], m.lrSeen.get(e), 1e-7, "epoch " + e);
        }
        assertEquals(0.02f, m.optimizer.learningRate(), 1e-9);

        // without cooldown it reduces every `patience` epochs; an improvement resets the count
        ScriptedModel n = ScriptedModel.withValLosses(1, 1, 1, 0.5, 0.5, 0.5, 0.5);
        History hn = n.fit(new ReduceLROnPlateau().withFactor(0.5).withPatience(2));
        assertEquals(
                List.of(0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025),
                hn.get("learning_rate").stream()
                        .map(d -> Math.round(d * 1e6) / 1e6)
                        .toList());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().withFactor(1.0));
    }

    @Test
    void learningRateSchedulerSetsTheRateEachEpoch() {
        ScriptedModel m = ScriptedModel.withValLosses(1, 1, 1, 1);
        History h = m.fit(new LearningRateScheduler(e -> 0.1 / (e + 1)));
        for (int e = 0; e < 4; e++) {
            assertEquals(0.1 / (e + 1), m.lrSeen.get(e), 1e-7);
            assertEquals(0.1 / (e + 1), h.get("learning_rate").get(e), 1e-7);
        }
        ScriptedModel halving = ScriptedModel.withValLosses(1, 1, 1);
        halving.fit(new LearningRateScheduler((e, lr) -> e == 0 ? lr : lr * 0.5));
        assertEquals(List.of(0.1f, 0.05f, 0.025f), halving.lrSeen);
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> ScriptedModel.withValLosses(1, 1).fit(new LearningRateScheduler(e -> e == 0 ? 0.1 : -1)));
        assertTrue(bad.getMessage().contains("epoch 2"), bad.getMessage());
    }

    @Test
    void csvLoggerWritesHeaderAndFlushedRowsAndAppends() throws Exception {
        Path file = dir.resolve("log.csv");
        ScriptedModel m = new ScriptedModel(new double[] {2, 1.5}, new double[] {1, 0.5});
        List<Integer> linesWhenEpochEnded = new ArrayList<>();
        Callback reader = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                try {
                    linesWhenEpochEnded.add(Files.readAllLines(file).size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        m.fit(new CSVLogger(file), reader);
        assertEquals(List.of("epoch,loss,val_loss", "0,2.0,1.0", "1,1.5,0.5"), Files.readAllLines(file));
        assertEquals(List.of(2, 3), linesWhenEpochEnded, "each row is on disk when the epoch ends");

        new ScriptedModel(new double[] {3}, new double[] {4}).fit(new CSVLogger(file, true));
        assertEquals(List.of("epoch,loss,val_loss", "0,2.0,1.0", "1,1.5,0.5", "0,3.0,4.0"), Files.readAllLines(file));
        new ScriptedModel(new double[] {3}, new double[] {4}).fit(new CSVLogger(file).withSeparator(";"));
        assertEquals(
                List.of("epoch;loss;val_loss", "0;3.0;4.0"),
                Files.readAllLines(file),
                "without append the file starts over");
    }

    @Test
    void terminateOnNaNStopsOnANonFiniteValidationLoss() {
        ScriptedModel m = ScriptedModel.withValLosses(1, Double.NaN, 0.5);
        History h = m.fit(new TerminateOnNaN());
        assertEquals(2, h.epochs());
        assertTrue(h.stopReason().contains("val_loss") && h.stopReason().contains("epoch 2"), h.stopReason());
        assertEquals(3, ScriptedModel.withValLosses(1, Double.NaN, 0.5).fit().epochs(), "without it training goes on");
    }

    @Test
    void customCallbacksSeeEveryHookInOrderWithTheModel() {
        List<String> events = new ArrayList<>();
        Trainable model = new Trainable() {
            @Override
            public float trainStep(Example batch, List<Metric> metrics) {
                return 1f;
            }

            @Override
            public float testStep(Example batch, List<Metric> metrics) {
                return 1f;
            }

            @Override
            public List<NDArray> predictStep(List<NDArray> x) {
                return x;
            }
        };
        Callback recorder = new Callback() {
            @Override
            public void onTrainBegin(TrainingRun run) {
                assertSame(model, run.model());
                events.add("trainBegin " + run.epochs() + "x" + run.batchesPerEpoch());
            }

            @Override
            public void onEpochBegin(int epoch) {
                events.add("epochBegin " + epoch);
            }

            @Override
            public void onBatchBegin(int batch) {
                events.add("batchBegin " + batch);
            }

            @Override
            public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {
                events.add("batchEnd " + batch + " " + samplesSeen + " " + logs.keySet());
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                events.add("epochEnd " + epoch + " " + logs.keySet());
                logs.put("custom", epoch * 10.0);
            }

            @Override
            public void onTrainEnd(TrainingRun run, History history) {
                events.add("trainEnd " + history.epochs());
            }
        };
        NDArray x = NDArray.zeros(4, 1);
        History h = Trainer.fit(
                model,
                x,
                x,
                FitOptions.defaults()
                        .epochs(2)
                        .batchSize(2)
                        .validationData(x, x)
                        .verbose(false)
                        .callback(recorder),
                List::of,
                null);
        assertEquals(
                List.of(
                        "trainBegin 2x2",
                        "epochBegin 0",
                        "batchBegin 0",
                        "batchEnd 0 2 [loss]",
                        "batchBegin 1",
                        "batchEnd 1 4 [loss]",
                        "epochEnd 0 [loss, val_loss]",
                        "epochBegin 1",
                        "batchBegin 0",
                        "batchEnd 0 2 [loss]",
                        "batchBegin 1",
                        "batchEnd 1 4 [loss]",
                        "epochEnd 1 [loss, val_loss]",
                        "trainEnd 2"),
                events);
        assertEquals(List.of(0.0, 10.0), h.get("custom"), "values a callback adds to the logs are recorded");
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class,
                () -> Trainer.fit(
                        model,
                        x,
                        x,
                        FitOptions.defaults().verbose(false).callback(new ReduceLROnPlateau()),
                        List::of,
                        null));
        assertTrue(e.getMessage().contains("optimizer()"), e.getMessage());
    }
}
