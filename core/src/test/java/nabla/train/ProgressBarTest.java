package nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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
        assertTrue(lines[0].startsWith("Epoch 1/2") && lines[0].contains("samples/s") && lines[0].contains("loss: 0.3333")
                && lines[0].contains("accuracy: 0.7000"), lines[0]);
        assertTrue(lines[2].contains("Training stopped: loss became NaN at epoch 2, batch 3"), lines[2]);
        assertTrue(!out.contains("\r"), "no carriage returns in log output");
    }

    @Test
    void redrawsInPlaceOnATerminalWithEta() {
        String out = drive(true);
        assertTrue(out.contains("\r") && out.contains("ETA") && out.contains("Epoch 2/2") && out.contains("3/3"), out);
    }
}
