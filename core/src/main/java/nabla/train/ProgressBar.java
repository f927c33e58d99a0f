package nabla.train;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Console progress as Keras prints it. On a terminal, one line per epoch redrawn after each batch with a bar,
 * running loss and metrics, samples/s and ETA. Otherwise (a log file, CI) one line per finished epoch, and within
 * a long epoch a line every few seconds (batch i/n, running loss and metrics, samples/s, the epoch's ETA), so a
 * long epoch is never silent. {@link #periodic} prints only timed lines, prefixed by a label: for fits that are
 * quiet unless they take long (their caller reports how they ended).
 */
public final class ProgressBar extends Callback {
    /** How often a progress line is printed within an epoch when not on a terminal. */
    public static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private final boolean everyEpoch;
    private final String label;
    private final long intervalNanos;
    private final LongSupplier clock;
    private TrainingRun run;
    private int epoch;
    private int seenThisEpoch, batchesThisEpoch;
    private long epochStart;
    private long lastDraw;
    private long lastLine;

    /**
     * Progress to {@code out}, with a timed line every {@link #DEFAULT_INTERVAL_NANOS} when not interactive.
     *
     * @param out where the lines go
     * @param interactive true to redraw one line per epoch in place (a terminal), false for plain lines
     */
    public ProgressBar(PrintStream out, boolean interactive) {
        this(out, interactive, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    /**
     * As {@link #ProgressBar(PrintStream, boolean)}, with the interval between timed lines and the clock given.
     *
     * @param out where the lines go
     * @param interactive true to redraw one line per epoch in place (a terminal), false for plain lines
     * @param intervalNanos the least time between two timed lines, in nanoseconds
     * @param clock the time in nanoseconds (e.g. {@code System::nanoTime}; a fake clock in tests)
     * @throws IllegalArgumentException if {@code intervalNanos} is not positive
     */
    public ProgressBar(PrintStream out, boolean interactive, long intervalNanos, LongSupplier clock) {
        this(out, interactive, true, "", intervalNanos, clock);
    }

    private ProgressBar(
            PrintStream out,
            boolean interactive,
            boolean everyEpoch,
            String label,
            long intervalNanos,
            LongSupplier clock) {
        if (intervalNanos <= 0)
            throw new IllegalArgumentException(
                    "ProgressBar: the interval must be positive, got " + intervalNanos + " ns");
        this.out = out;
        this.interactive = interactive;
        this.everyEpoch = everyEpoch;
        this.label = label;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /**
     * Progress to standard output, redrawn in place when it is a terminal.
     *
     * @return the progress callback {@code fit} adds when verbose
     */
    public static ProgressBar toConsole() {
        var console = System.console();
        return new ProgressBar(System.out, console != null && console.isTerminal());
    }

    /**
     * Only timed lines: nothing for a fit shorter than the interval, then a line "LABEL: Epoch e/E ..." at most every
     * interval (within an epoch or at its end), whether or not {@code out} is a terminal.
     *
     * @param out where the lines go
     * @param label the prefix naming the fit, e.g. "LSTM[64]"
     * @param intervalNanos the least time between two lines, in nanoseconds
     * @param clock the time in nanoseconds
     * @return the callback
     * @throws IllegalArgumentException if {@code intervalNanos} is not positive
     */
    public static ProgressBar periodic(PrintStream out, String label, long intervalNanos, LongSupplier clock) {
        return new ProgressBar(out, false, false, label + ": ", intervalNanos, clock);
    }

    /**
     * {@link #periodic(PrintStream, String, long, LongSupplier)} every {@link #DEFAULT_INTERVAL_NANOS}.
     *
     * @param out where the lines go
     * @param label the prefix naming the fit
     * @return the callback
     */
    public static ProgressBar periodic(PrintStream out, String label) {
        return periodic(out, label, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        lastLine = clock.getAsLong();
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        epochStart = clock.getAsLong();
        lastDraw = 0;
        seenThisEpoch = 0;
        batchesThisEpoch = 0;
        if (interactive) out.printf("Epoch %d/%d%n", epoch + 1, run.epochs());
    }

    @Override
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {
        long now = clock.getAsLong();
        seenThisEpoch = samplesSeen;
        batchesThisEpoch = batch + 1;
        int total = run.batchesPerEpoch(); // -1 for a dataset of unknown size
        String of = total > 0 ? String.valueOf(total) : "?";
        boolean last = batch + 1 == total;
        double secs = (now - epochStart) / 1e9;
        double rate = samplesSeen / Math.max(secs, 1e-9);
        String eta = run.samplesPerEpoch() > 0
                ? duration((run.samplesPerEpoch() - samplesSeen) / Math.max(rate, 1e-9))
                : "?";
        if (!interactive) {
            if (last || now - lastLine < intervalNanos) return; // the epoch's own line follows the last batch
            lastLine = now;
            out.printf(
                    "%sEpoch %d/%d - %d/%s - %s - %.0f samples/s - ETA %s%n",
                    label, epoch + 1, run.epochs(), batch + 1, of, format(logs), rate, eta);
            out.flush();
            return;
        }
        if (!last && now - lastDraw < 100_000_000L) return; // redraw at most 10 times a second
        lastDraw = now;
        int filled = total > 0 ? (int) ((long) WIDTH * (batch + 1) / total) : 0;
        String bar =
                total <= 0 ? "" : "━".repeat(filled) + (filled < WIDTH ? "╸" + " ".repeat(WIDTH - filled - 1) : "");
        out.printf("\r%d/%s %s %s - %.0f samples/s - ETA %s%s", batch + 1, of, bar, format(logs), rate, eta, "   ");
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        long now = clock.getAsLong();
        double secs = (now - epochStart) / 1e9;
        double rate = seenThisEpoch / Math.max(secs, 1e-9);
        if (interactive)
            out.printf(
                    "\r%d/%d %s %s - %.1fs - %.0f samples/s%n",
                    batchesThisEpoch, batchesThisEpoch, "━".repeat(WIDTH), format(logs), secs, rate);
        else if (everyEpoch || now - lastLine >= intervalNanos) {
            lastLine = now;
            out.printf(
                    "%sEpoch %d/%d - %.1fs - %.0f samples/s - %s%n",
                    label, epoch + 1, run.epochs(), secs, rate, format(logs));
        }
        out.flush();
    }

    @Override
    public void onTrainEnd(TrainingRun run, History history) {
        if (interactive && history.stopReason() != null) out.println();
        if (history.stopReason() != null && everyEpoch) out.println("Training stopped: " + history.stopReason());
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
