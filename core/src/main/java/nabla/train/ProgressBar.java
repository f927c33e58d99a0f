package nabla.train;

import java.io.PrintStream;
import java.util.Map;

/**
 * Console progress as Keras prints it. On a terminal, one line per epoch redrawn after each batch with a bar,
 * running loss and metrics, samples/s and ETA; otherwise (a log file, CI) one line per finished epoch.
 */
public final class ProgressBar extends Callback {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private TrainingRun run;
    private long epochStart;
    private long lastDraw;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Progress to standard output, redrawn in place when it is a terminal. */
    public static ProgressBar toConsole() {
        var console = System.console();
        return new ProgressBar(System.out, console != null && console.isTerminal());
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
    }

    @Override
    public void onEpochBegin(int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        if (interactive) out.printf("Epoch %d/%d%n", epoch + 1, run.epochs());
    }

    @Override
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {
        if (!interactive) return;
        long now = System.nanoTime();
        boolean last = batch + 1 == run.batchesPerEpoch();
        if (!last && now - lastDraw < 100_000_000L) return; // redraw at most 10 times a second
        lastDraw = now;
        double secs = (now - epochStart) / 1e9;
        double rate = samplesSeen / Math.max(secs, 1e-9);
        double eta = (run.samplesPerEpoch() - samplesSeen) / Math.max(rate, 1e-9);
        int filled = (int) ((long) WIDTH * (batch + 1) / run.batchesPerEpoch());
        String bar = "━".repeat(filled) + (filled < WIDTH ? "╸" + " ".repeat(WIDTH - filled - 1) : "");
        out.printf("\r%d/%d %s %s - %.0f samples/s - ETA %s%s", batch + 1, run.batchesPerEpoch(), bar, format(logs),
                rate, duration(eta), "   ");
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double secs = (System.nanoTime() - epochStart) / 1e9;
        double rate = run.samplesPerEpoch() / Math.max(secs, 1e-9);
        if (interactive) out.printf("\r%d/%d %s %s - %.1fs - %.0f samples/s%n", run.batchesPerEpoch(), run.batchesPerEpoch(),
                "━".repeat(WIDTH), format(logs), secs, rate);
        else out.printf("Epoch %d/%d - %.1fs - %.0f samples/s - %s%n", epoch + 1, run.epochs(), secs, rate, format(logs));
        out.flush();
    }

    @Override
    public void onTrainEnd(TrainingRun run, History history) {
        if (interactive && history.stopReason() != null) out.println();
        if (history.stopReason() != null) out.println("Training stopped: " + history.stopReason());
        out.flush();
    }

    private static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> {
            if (!sb.isEmpty()) sb.append(" - ");
            sb.append(k).append(": ").append(String.format("%.4f", v));
        });
        return sb.toString();
    }

    private static String duration(double s) {
        if (s >= 3600) return String.format("%d:%02d:%02d", (int) s / 3600, ((int) s / 60) % 60, (int) s % 60);
        return String.format("%d:%02d", (int) s / 60, (int) s % 60);
    }
}
