package nabla.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model at the end of epochs, through the model's own atomic {@code save} (a file is either the old
 * one or the complete new one, never half written, even when the process is killed mid-save), as Keras'
 * {@code ModelCheckpoint}. Defaults: monitor "val_loss", saveBestOnly false (save every epoch), mode
 * {@link MonitorMode#AUTO}.
 *
 * <p><b>Resumable.</b> Each file is a whole model file: architecture, weights, compile settings, the optimizer's
 * state (step count, learning rate, slots) and the training state (the epochs completed and every layer's random
 * stream, so dropout continues with the masks it would have drawn). Training resumes from it bit for bit, shuffling
 * and dropout included, as one uninterrupted run would have gone on (tested with the process killed by SIGKILL,
 * {@code CrashResumeTest}). The code that survives a crash is the same for a first run and a rerun:
 *
 * <pre>{@code
 * Path ckpt = Path.of("run.nabla");
 * Model model = Files.exists(ckpt) ? Model.load(ckpt) : buildAndCompile();  // a new model has 0 epochs completed
 * model.fit(x, y, FitOptions.defaults().epochs(20)
 *         .initialEpoch(model.completedEpochs())                           // go on where the checkpoint stopped
 *         .callback(new ModelCheckpoint(ckpt)));
 * }</pre>
 *
 * <p>Checkpoints are epoch-granular: Keras' {@code save_freq} in batches is not offered, because a checkpoint taken
 * mid-epoch could not resume exactly (the epoch's remaining batches and its running loss are not saved). What is not
 * saved either is the callbacks' own state: a resumed run starts EarlyStopping's and ReduceLROnPlateau's best value
 * and patience counters, and this callback's best, afresh (as Keras' {@code BackupAndRestore} does); the learning
 * rate a ReduceLROnPlateau lowered is kept, in the optimizer's state, when the checkpoint comes after it in the
 * callback list (callbacks run in order, so a checkpoint listed first saves the rate from before the reduction). To
 * resume a saveBestOnly run without overwriting its best file with a worse one, give the best so far with
 * {@link #withInitialValueThreshold} (Keras' {@code initial_value_threshold}).
 *
 * <p>With saveBestOnly, the model is written only when the monitored value beats the best seen so far (the best
 * is kept across fits, as Keras does); a missing monitored key is then an error that lists the available keys.
 * The path may contain Keras-style fields: {@code {epoch}} (1-based, e.g. {@code {epoch:02d}}) and any log key,
 * e.g. {@code model-{epoch:02d}-{val_loss:.4f}.nabla}; the text after the colon is a {@link String#format}
 * conversion, and a log value given a {@code d} format is rounded. A field that is neither the epoch nor a log key
 * is an IllegalArgumentException at the first save. A save that
 * fails is an {@link UncheckedIOException} that names the file and the epoch, and ends the fit.
 */
public final class ModelCheckpoint extends Callback {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private final String path;
    private final String monitor;
    private final boolean saveBestOnly;
    private final MonitorMode mode;
    private final boolean maximize;
    private final double initialValueThreshold;
    private TrainingRun run;
    private double best;
    private Path lastSaved;

    /**
     * Saves after every epoch.
     *
     * @param path the file to write, possibly with {@code {epoch}} and log-key fields
     * @throws NullPointerException if {@code path} is null
     */
    public ModelCheckpoint(Path path) {
        this(path, "val_loss", false, MonitorMode.AUTO);
    }

    /**
     * A checkpoint with every setting given, in Keras' meaning.
     *
     * @param path the file to write, possibly with {@code {epoch}} and log-key fields
     * @param monitor the log key that decides what is best (used with {@code saveBestOnly})
     * @param saveBestOnly save only when the monitored value improves on the best so far
     * @param mode whether the monitored value should go down or up
     * @throws IllegalArgumentException if {@code saveBestOnly} is set, {@code mode} is AUTO and the name
     *     {@code monitor} tells neither direction
     * @throws NullPointerException if an argument is null
     */
    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly, MonitorMode mode) {
        this(path, monitor, saveBestOnly, mode, Double.NaN);
    }

    private ModelCheckpoint(
            Path path, String monitor, boolean saveBestOnly, MonitorMode mode, double initialValueThreshold) {
        this.path = Objects.requireNonNull(path, "path").toString();
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.saveBestOnly = saveBestOnly;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.maximize = saveBestOnly && mode.maximizes("ModelCheckpoint", monitor);
        this.initialValueThreshold = initialValueThreshold;
        this.best = !Double.isNaN(initialValueThreshold)
                ? initialValueThreshold
                : maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * A copy with another monitored key, whose best starts afresh (at the initial value threshold, when one is set); the receiver is unchanged.
     *
     * @param monitor the log key that decides what is best
     * @return the changed copy
     * @throws IllegalArgumentException if saveBestOnly is set and AUTO cannot tell the direction
     */
    public ModelCheckpoint withMonitor(String monitor) {
        return new ModelCheckpoint(Path.of(path), monitor, saveBestOnly, mode, initialValueThreshold);
    }

    /**
     * A copy with saveBestOnly on or off, whose best starts afresh (at the initial value threshold, when one is set); the receiver is unchanged.
     *
     * @param saveBestOnly save only when the monitored value improves
     * @return the changed copy
     * @throws IllegalArgumentException if it is set and AUTO cannot tell the direction of the monitored key
     */
    public ModelCheckpoint withSaveBestOnly(boolean saveBestOnly) {
        return new ModelCheckpoint(Path.of(path), monitor, saveBestOnly, mode, initialValueThreshold);
    }

    /**
     * A copy with another mode, whose best starts afresh (at the initial value threshold, when one is set); the receiver is unchanged.
     *
     * @param mode whether the monitored value should go down or up
     * @return the changed copy
     * @throws IllegalArgumentException if saveBestOnly is set and AUTO cannot tell the direction
     */
    public ModelCheckpoint withMode(MonitorMode mode) {
        return new ModelCheckpoint(Path.of(path), monitor, saveBestOnly, mode, initialValueThreshold);
    }

    /**
     * A copy whose best starts at {@code threshold} (Keras' {@code initial_value_threshold}): with saveBestOnly, the
     * first save needs a monitored value better than it, e.g. the best of the run a resumed fit continues. The
     * receiver is unchanged.
     *
     * @param threshold the value to beat; NaN for none (the worst value for the mode)
     * @return the changed copy
     * @throws IllegalArgumentException if it is infinite
     */
    public ModelCheckpoint withInitialValueThreshold(double threshold) {
        if (Double.isInfinite(threshold))
            throw new IllegalArgumentException(
                    "ModelCheckpoint: the initial value threshold must be a finite number or NaN (none), got "
                            + threshold);
        return new ModelCheckpoint(Path.of(path), monitor, saveBestOnly, mode, threshold);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            double current = Monitors.value("ModelCheckpoint", monitor, logs);
            if (!Monitors.improves(current, best, 0, maximize)) return;
            best = current;
        }
        Path file = Path.of(format(path, epoch, logs));
        try {
            run.model().save(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ModelCheckpoint: cannot save the model to " + file + " at epoch " + (epoch + 1) + ": "
                            + e.getMessage(),
                    e);
        }
        lastSaved = file;
    }

    /**
     * The file written last.
     *
     * @return its path, or null before any save
     */
    public Path lastSaved() {
        return lastSaved;
    }

    /**
     * The best monitored value saved so far (with saveBestOnly), kept across fits.
     *
     * @return the value; before any save, the initial value threshold when one is set, else ±infinity (the worst
     *     value for the mode)
     */
    public double best() {
        return best;
    }

    /** Fills {@code {epoch}} (1-based) and {@code {key}} fields, each with an optional format such as 02d or .4f. */
    static String format(String template, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1), spec = m.group(2);
            Object value;
            if (key.equals("epoch")) value = epoch + 1;
            else if (logs.containsKey(key)) value = logs.get(key);
            else
                throw new IllegalArgumentException("ModelCheckpoint: path field {" + key
                        + "} is neither epoch nor a log key; available: " + String.join(", ", logs.keySet()));
            String text;
            if (spec == null || spec.isEmpty()) text = String.valueOf(value);
            else if (value instanceof Integer i && spec.endsWith("f")) text = String.format("%" + spec, (double) i);
            else if (value instanceof Double d && spec.endsWith("d")) text = String.format("%" + spec, Math.round(d));
            else text = String.format("%" + spec, value);
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
