package nabla.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import nabla.nn.Parameter;
import nabla.optim.Optimizer;

/**
 * Writes event files that TensorBoard reads ({@code tensorboard --logdir DIR}), as Keras'
 * {@code keras.callbacks.TensorBoard}, in pure Java (the TFRecord and protobuf encodings are written by hand, no
 * TensorFlow needed). Defaults: log directory "logs", updateFreq "epoch", histogramFreq 0 (none).
 *
 * <p><b>Layout</b>, as Keras 3 writes it: {@code logDir/train/events.out.tfevents.<seconds>.<host>.<pid>.v2}
 * for the training values and {@code logDir/validation/...} for the validation ones (created at the first
 * epoch that has any), so TensorBoard shows "train" and "validation" as two runs of the same tags:
 * <ul>
 * <li>per epoch, step = the epoch (0-based, as Keras): {@code epoch_loss}, {@code epoch_<metric>} (e.g.
 *     {@code epoch_accuracy}) and {@code epoch_learning_rate} (the optimizer's rate when the epoch ends, i.e. the
 *     rate of the next step, as Keras) in train; {@code epoch_loss}, {@code epoch_<metric>} from the "val_" values,
 *     the prefix removed, in validation, and there also, as Keras' validation pass writes them,
 *     {@code evaluation_loss_vs_iterations}, {@code evaluation_<metric>_vs_iterations} with step = the optimizer's
 *     step count (Keras' {@code optimizer.iterations}, which goes on across fits of the same model). Any other
 *     value a callback put in the logs before this one ran is written the same way.</li>
 * <li>with updateFreq "batch" or N: every N-th training batch, step = the global batch number (1-based, counted
 *     across epochs, as Keras), {@code batch_loss} and {@code batch_<metric>} (running means over the epoch so
 *     far, the values the progress bar shows) and {@code batch_learning_rate} (the rate that batch's update used;
 *     Keras writes no per-batch rate).</li>
 * <li>with histogramFreq N > 0: at the end of epochs 0, N, 2N, ... (0-based, as Keras), step = the epoch, one
 *     histogram per weight, tagged {@code <layer>/<weight>/histogram} (e.g. {@code dense_1/kernel/histogram}; the
 *     first "." of the saved name becomes "/"), in train: 30 equal-width buckets over the finite values.</li>
 * </ul>
 * Values are written as 32-bit floats (TensorBoard's {@code simple_value}).
 *
 * <p><b>Files and errors.</b> Each fit opens new files (steps start again from 0, as Keras). They are flushed
 * after every epoch (and, with per-batch values, when the last flush is 10 s old) and closed when training ends.
 * A log directory that cannot be created or written fails the fit at once, before the first epoch, with an
 * {@link UncheckedIOException} naming the directory. A write that fails later does not stop training: the
 * problem is reported once (on standard error) with the file's name, no more values are written, and
 * {@link #error()} returns it.
 */
public final class TensorBoard extends Callback {
    static final int HISTOGRAM_BUCKETS = 30;
    private static final long FLUSH_INTERVAL_NANOS = 10_000_000_000L;

    private final Path logDir;
    private final int updateFreq;
    private final int histogramFreq;
    private final EventFileWriter.Opener opener;
    private final Consumer<String> report;

    private TrainingRun run;
    private EventFileWriter train, validation;
    private long globalBatch;
    private long lastFlush;
    private IOException error;

    /** Writes into "logs", as Keras' default {@code log_dir}. */
    public TensorBoard() {
        this(Path.of("logs"));
    }

    /**
     * Writes into {@code logDir}: scalars per epoch, no histograms.
     *
     * @param logDir the log directory, created if needed; "train" and "validation" go under it
     * @throws NullPointerException if {@code logDir} is null
     */
    public TensorBoard(Path logDir) {
        this(logDir, 0, 0, EventFileWriter.FILES, System.err::println);
    }

    private TensorBoard(
            Path logDir, int updateFreq, int histogramFreq, EventFileWriter.Opener opener, Consumer<String> report) {
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        if (updateFreq < 0)
            throw new IllegalArgumentException(
                    "TensorBoard: updateFreq must be a positive number of batches, got " + updateFreq);
        if (histogramFreq < 0)
            throw new IllegalArgumentException(
                    "TensorBoard: histogramFreq must be >= 0 (0: no histograms), got " + histogramFreq);
        this.updateFreq = updateFreq;
        this.histogramFreq = histogramFreq;
        this.opener = opener;
        this.report = report;
    }

    /**
     * The same callback writing into another directory; the receiver is unchanged.
     *
     * @param logDir the log directory
     * @return the new callback
     * @throws NullPointerException if {@code logDir} is null
     */
    public TensorBoard withLogDir(Path logDir) {
        return new TensorBoard(logDir, updateFreq, histogramFreq, opener, report);
    }

    /**
     * "epoch" (the default): values once per epoch; "batch": also after every training batch; a number N (e.g.
     * "100"): also after every N-th batch. The receiver is unchanged.
     *
     * @param freq "epoch", "batch" or a positive number of batches
     * @return the new callback
     * @throws IllegalArgumentException if {@code freq} is none of these
     * @throws NullPointerException if {@code freq} is null
     */
    public TensorBoard withUpdateFreq(String freq) {
        Objects.requireNonNull(freq, "freq");
        if (freq.equals("epoch")) return withBatches(0);
        if (freq.equals("batch")) return withBatches(1);
        try {
            return withUpdateFreq(Integer.parseInt(freq.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "TensorBoard: updateFreq must be \"epoch\", \"batch\" or a number of batches, got \"" + freq
                            + "\"");
        }
    }

    /**
     * Values after every {@code batches}-th training batch (1 is "batch"), and after every epoch; the receiver is
     * unchanged.
     *
     * @param batches the training batches between per-batch values, &gt;= 1
     * @return the new callback
     * @throws IllegalArgumentException if {@code batches} is less than 1
     */
    public TensorBoard withUpdateFreq(int batches) {
        if (batches < 1)
            throw new IllegalArgumentException(
                    "TensorBoard: updateFreq must be at least 1 batch (or \"epoch\"), got " + batches);
        return withBatches(batches);
    }

    /**
     * Weight histograms every {@code epochs} epochs (0: none, the default); the receiver is unchanged. The model must
     * expose its parameters (checked in {@code onTrainBegin}).
     *
     * @param epochs the epochs between histograms, &gt;= 0
     * @return the new callback
     * @throws IllegalArgumentException if {@code epochs} is negative
     */
    public TensorBoard withHistogramFreq(int epochs) {
        return new TensorBoard(logDir, updateFreq, epochs, opener, report);
    }

    /** For tests: how files are opened and where a write failure is reported. */
    TensorBoard withIo(EventFileWriter.Opener opener, Consumer<String> report) {
        return new TensorBoard(logDir, updateFreq, histogramFreq, opener, report);
    }

    private TensorBoard withBatches(int batches) {
        return new TensorBoard(logDir, batches, histogramFreq, opener, report);
    }

    /**
     * The log directory.
     *
     * @return the directory given
     */
    public Path logDir() {
        return logDir;
    }

    /**
     * The batches between per-batch values.
     *
     * @return the number of batches; 0 for "epoch" (no per-batch values)
     */
    public int updateFreq() {
        return updateFreq;
    }

    /**
     * The epochs between weight histograms.
     *
     * @return the number of epochs; 0 for none
     */
    public int histogramFreq() {
        return histogramFreq;
    }

    /**
     * The write failure that stopped this callback in the current (or last) fit.
     *
     * @return the failure, or null when every write succeeded
     */
    public IOException error() {
        return error;
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        closeWriters();
        this.run = run;
        globalBatch = 0;
        error = null;
        if (histogramFreq > 0) {
            if (run.model() == null)
                throw new IllegalStateException("TensorBoard: histogramFreq needs a model whose weights it can read");
            run.model().namedParameters(); // fails now, not after the first epoch, when unsupported
        }
        Path dir = logDir.resolve("train");
        try {
            train = EventFileWriter.create(dir, opener);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "TensorBoard: cannot write event files in " + dir + ": " + reason(dir, e), e);
        }
        lastFlush = System.nanoTime();
    }

    @Override
    public void onBatchBegin(int batch) {
        globalBatch++;
    }

    @Override
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {
        if (updateFreq == 0 || globalBatch % updateFreq != 0 || !writing()) return;
        try {
            for (Map.Entry<String, Double> e : logs.entrySet())
                train.scalar("batch_" + e.getKey(), e.getValue().floatValue(), globalBatch);
            Optimizer o = optimizer();
            if (o != null) {
                float lr = o.schedule() == null || o.iterations() == 0
                        ? o.learningRate()
                        : o.schedule().at(o.iterations() - 1);
                train.scalar("batch_learning_rate", lr, globalBatch);
            }
            if (System.nanoTime() - lastFlush >= FLUSH_INTERVAL_NANOS) flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (!writing()) return;
        Map<String, Double> trainLogs = new LinkedHashMap<>(), valLogs = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().startsWith("val_")) valLogs.put(e.getKey().substring(4), e.getValue());
            else trainLogs.put(e.getKey(), e.getValue());
        }
        Optimizer o = optimizer();
        if (o != null)
            trainLogs.put(
                    "learning_rate", (double) o.learningRate()); // as Keras, also over a "learning_rate" already logged
        try {
            for (Map.Entry<String, Double> e : trainLogs.entrySet())
                train.scalar("epoch_" + e.getKey(), e.getValue().floatValue(), epoch);
            if (!valLogs.isEmpty()) {
                if (validation == null) validation = EventFileWriter.create(logDir.resolve("validation"), opener);
                long iterations = o != null ? o.iterations() : globalBatch;
                for (Map.Entry<String, Double> e : valLogs.entrySet())
                    validation.scalar(
                            "evaluation_" + e.getKey() + "_vs_iterations",
                            e.getValue().floatValue(),
                            iterations);
                for (Map.Entry<String, Double> e : valLogs.entrySet())
                    validation.scalar("epoch_" + e.getKey(), e.getValue().floatValue(), epoch);
            }
            if (histogramFreq > 0 && epoch % histogramFreq == 0) {
                for (Map.Entry<String, Parameter> e :
                        run.model().namedParameters().entrySet()) {
                    var histogram = EventFileWriter.histogramProto(e.getValue().value(), HISTOGRAM_BUCKETS);
                    if (histogram != null)
                        train.histogram(e.getKey().replaceFirst("\\.", "/") + "/histogram", histogram, epoch);
                }
            }
            flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run, History history) {
        closeWriters();
    }

    private boolean writing() {
        return train != null && error == null;
    }

    /** The model's optimizer, or null when it has none (a custom {@link Trainable} need not expose one). */
    private Optimizer optimizer() {
        if (run.model() == null) return null;
        try {
            return run.model().optimizer();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private void flush() throws IOException {
        train.flush();
        if (validation != null) validation.flush();
        lastFlush = System.nanoTime();
    }

    private void fail(IOException e) {
        error = e;
        report.accept(
                "TensorBoard: " + e.getMessage() + "; no more values are written to " + logDir + ", training goes on");
        closeWriters();
    }

    /** Closes the files; a failure is reported (once), not thrown: training is over and its History must come back. */
    private void closeWriters() {
        for (EventFileWriter w : new EventFileWriter[] {train, validation}) {
            if (w == null) continue;
            try {
                w.close();
            } catch (IOException e) {
                if (error == null) {
                    error = e;
                    report.accept("TensorBoard: " + e.getMessage() + "; the last values may be missing");
                }
            }
        }
        train = validation = null;
    }

    /** Why {@code dir} could not be used: a file in the way, a permission, or what the file system said. */
    private static String reason(Path dir, IOException e) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) continue;
            if (!Files.isDirectory(p)) return p + " is a file, not a directory";
            break;
        }
        if (e instanceof AccessDeniedException a) return "permission denied for " + a.getFile();
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
