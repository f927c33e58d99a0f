package nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static String drive(boolean interactive) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive);
        TrainingRun run = new TrainingRun(2, 3, 300);
        bar.onTrainBegin(run);
        for (int e = 0; e < 2; e++) {
            bar.onEpochBegin(e);
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int b = 0; b < 3; b++) {
                logs.put("loss", 1.0 / (b + 1));
                logs.put("accuracy", 0.5 + 0.1 * b);
                bar.onBatchEnd(b, (b + 1) * 100, logs);
            }
            bar.onEpochEnd(e, logs);
        }
        History h = new History();
        run.requestStop("loss became NaN at epoch 2, batch 3");
        h.stopped(run.stopReason());
        bar.onTrainEnd(run, h);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerEpochWhenNotATerminal() {
        String out = drive(false);
        String[] lines = out.strip().split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(
                lines[0].startsWith("Epoch 1/2")
                        && lines[0].contains("samples/s")
                        && lines[0].contains("loss: 0.3333")
                        && lines[0].contains("accuracy: 0.7000"),
                lines[0]);
        assertTrue(lines[2].contains("Training stopped: loss became NaN at epoch 2, batch 3"), lines[2]);
        assertTrue(!out.contains("\r"), "no carriage returns in log output");
    }

    private interface Factory {
        ProgressBar create(PrintStream out, long intervalNanos, LongSupplier clock);
    }

    /** A fake clock that advances {@code step} nanoseconds each time it is read. */
    private static LongSupplier ticking(long step) {
        long[] t = {0};
        return () -> t[0] += step;
    }

    /** Epochs of 10 batches of 100 samples; with {@link #ticking} each callback reads the clock once. */
    private static String driveTimed(Factory make, int epochs, long intervalNanos) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = make.create(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), intervalNanos, ticking(1_000_000_000L));
        TrainingRun run = new TrainingRun(epochs, 10, 1000);
        bar.onTrainBegin(run);
        for (int e = 0; e < epochs; e++) {
            bar.onEpochBegin(e);
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int b = 0; b < 10; b++) {
                logs.put("loss", 1.0 / (b + 1));
                bar.onBatchEnd(b, (b + 1) * 100, logs);
            }
            bar.onEpochEnd(e, logs);
        }
        bar.onTrainEnd(run, new History());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLongEpochPrintsATimedLineEveryIntervalWhenNotATerminal() {
        String out = driveTimed((o, interval, clock) -> new ProgressBar(o, false, interval, clock), 1, 3_000_000_000L);
        String[] lines = out.strip().split("\n");
        // clock readings: train begin 1 s, epoch begin 2 s, batches 3..12 s, epoch end 13 s; a timed line once 3 s have
        // passed since the last line (batches 2, 5, 8); the last batch leaves its line to the epoch's
        assertEquals(4, lines.length, out);
        assertEquals("Epoch 1/1 - 2/10 - loss: 0.5000 - 100 samples/s - ETA 0:08", lines[0]);
        assertTrue(
                lines[1].startsWith("Epoch 1/1 - 5/10 - loss: 0.2000 - ") && lines[1].endsWith("samples/s - ETA 0:05"),
                lines[1]);
        assertTrue(lines[2].startsWith("Epoch 1/1 - 8/10 - "), lines[2]);
        assertEquals("Epoch 1/1 - 11.0s - 91 samples/s - loss: 0.1000", lines[3]);
        assertTrue(!out.contains("\r"), "no carriage returns in log output");
    }

    @Test
    void periodicProgressIsSilentForShortFitsAndLabelsItsLines() {
        Factory periodic = (o, interval, clock) -> ProgressBar.periodic(o, "LSTM[4]", interval, clock);
        assertEquals("", driveTimed(periodic, 2, 60_000_000_000L), "a fit shorter than the interval prints nothing");

        String out = driveTimed(periodic, 2, 6_000_000_000L);
        String[] lines = out.strip().split("\n");
        // readings: train begin 1, epoch begin 2, batches 3..12, epoch end 13, epoch begin 14, batches 15..24, epoch
        // end 25;
        // a line once 6 s have passed since the last one: batch 5 (7 s), epoch 1's end (13 s), batch 5 (19 s), epoch
        // 2's end (25 s)
        assertEquals(4, lines.length, out);
        assertTrue(lines[0].startsWith("LSTM[4]: Epoch 1/2 - 5/10 - loss: 0.2000 - "), lines[0]);
        assertEquals("LSTM[4]: Epoch 1/2 - 11.0s - 91 samples/s - loss: 0.1000", lines[1]);
        assertTrue(lines[2].startsWith("LSTM[4]: Epoch 2/2 - 5/10 - "), lines[2]);
        assertEquals("LSTM[4]: Epoch 2/2 - 11.0s - 91 samples/s - loss: 0.1000", lines[3]);
    }

    @Test
    void redrawsInPlaceOnATerminalWithEta() {
        String out = drive(true);
        assertTrue(out.contains("\r") && out.contains("ETA") && out.contains("Epoch 2/2") && out.contains("3/3"), out);
    }
}
