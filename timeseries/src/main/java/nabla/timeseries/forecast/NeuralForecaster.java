package nabla.timeseries.forecast;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongFunction;
import nabla.losses.MeanSquaredError;
import nabla.models.Sequential;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.timeseries.WindowSet;
import nabla.train.EarlyStopping;
import nabla.train.FitOptions;
import nabla.train.History;
import nabla.train.MonitorMode;
import nabla.train.ProgressBar;

/**
 * A network forecaster (see {@link Forecasters}): builds a fresh {@link Sequential} from a seed, trains it on the
 * scaled training windows with MSE and Adam, and stops early: on the validation windows' loss (patience epochs
 * without improvement, best weights restored) when {@code monitorValidation} and there are validation windows,
 * else on the training loss (as scikit-learn's MLPRegressor does with its {@code tol} and {@code n_iter_no_change}).
 * Immutable configuration; {@link #fit} keeps the trained model and its history.
 */
public final class NeuralForecaster implements Forecaster {
    private final String name;
    private final LongFunction<Sequential> architecture;
    private final int epochs, batchSize, patience;
    private final float learningRate;
    private final double minDelta;
    private final boolean monitorValidation, verbose;
    private final long seed;
    private final PrintStream progress;
    private Sequential model;
    private History history;

    NeuralForecaster(
            String name,
            LongFunction<Sequential> architecture,
            int epochs,
            int batchSize,
            float learningRate,
            int patience,
            double minDelta,
            boolean monitorValidation,
            long seed,
            boolean verbose,
            PrintStream progress) {
        if (epochs < 1 || batchSize < 1 || patience < 0 || !(learningRate > 0))
            throw new IllegalArgumentException(
                    "%s: need epochs >= 1, batch size >= 1, patience >= 0, learning rate > 0; got %d, %d, %d, %s"
                            .formatted(name, epochs, batchSize, patience, learningRate));
        this.name = Objects.requireNonNull(name, "name");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.patience = patience;
        this.minDelta = minDelta;
        this.monitorValidation = monitorValidation;
        this.seed = seed;
        this.verbose = verbose;
        this.progress = progress;
    }

    /**
     * This forecaster with another epoch limit (a new, unfitted copy).
     *
     * @param n the most epochs a fit trains; early stopping may end it sooner
     * @return the copy
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public NeuralForecaster withEpochs(int n) {
        return new NeuralForecaster(
                name,
                architecture,
                n,
                batchSize,
                learningRate,
                patience,
                minDelta,
                monitorValidation,
                seed,
                verbose,
                progress);
    }

    /**
     * This forecaster with another batch size (a new, unfitted copy).
     *
     * @param n the windows per training step; a fit uses at most its number of windows
     * @return the copy
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public NeuralForecaster withBatchSize(int n) {
        return new NeuralForecaster(
                name,
                architecture,
                epochs,
                n,
                learningRate,
                patience,
                minDelta,
                monitorValidation,
                seed,
                verbose,
                progress);
    }

    /**
     * This forecaster with another learning rate for Adam in {@link #fit} (a new, unfitted copy).
     *
     * @param lr the learning rate
     * @return the copy
     * @throws IllegalArgumentException if {@code lr} is not positive
     */
    public NeuralForecaster withLearningRate(float lr) {
        return new NeuralForecaster(
                name,
                architecture,
                epochs,
                batchSize,
                lr,
                patience,
                minDelta,
                monitorValidation,
                seed,
                verbose,
                progress);
    }

    /**
     * This forecaster with another early-stopping patience (a new, unfitted copy).
     *
     * @param p the epochs without improvement before training stops
     * @return the copy
     * @throws IllegalArgumentException if {@code p} is negative
     */
    public NeuralForecaster withPatience(int p) {
        return new NeuralForecaster(
                name,
                architecture,
                epochs,
                batchSize,
                learningRate,
                p,
                minDelta,
                monitorValidation,
                seed,
                verbose,
                progress);
    }

    /**
     * This forecaster with another seed (a new, unfitted copy).
     *
     * @param s the seed of the initial weights and of the shuffling of the training windows
     * @return the copy
     */
    public NeuralForecaster withSeed(long s) {
        return new NeuralForecaster(
                name,
                architecture,
                epochs,
                batchSize,
                learningRate,
                patience,
                minDelta,
                monitorValidation,
                s,
                verbose,
                progress);
    }

    /**
     * This forecaster with the fit's progress bar shown or hidden (a new, unfitted copy).
     *
     * @param v true to show the progress bar (instead of any {@link #withProgress} lines)
     * @return the copy
     */
    public NeuralForecaster withVerbose(boolean v) {
        return new NeuralForecaster(
                name,
                architecture,
                epochs,
                batchSize,
                learningRate,
                patience,
                minDelta,
                monitorValidation,
                seed,
                v,
                progress);
    }

    /**
     * Where a fit that is not {@link #withVerbose verbose} prints a progress line ("NAME: Epoch e/E ...") every few
     * seconds once it runs long ({@link ProgressBar#periodic}); null (the default) keeps it silent.
     *
     * @param out where the lines go, or null for none
     * @return the copy (new and unfitted)
     */
    public NeuralForecaster withProgress(PrintStream out) {
        return new NeuralForecaster(
                name,
                architecture,
                epochs,
                batchSize,
                learningRate,
                patience,
                minDelta,
                monitorValidation,
                seed,
                verbose,
                out);
    }

    /**
     * This forecaster under another name (a new, unfitted copy).
     *
     * @param n the name for tables and messages
     * @return the copy
     */
    public NeuralForecaster named(String n) {
        return new NeuralForecaster(
                n,
                architecture,
                epochs,
                batchSize,
                learningRate,
                patience,
                minDelta,
                monitorValidation,
                seed,
                verbose,
                progress);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return a fresh, untrained model of this forecaster's architecture, from its seed; {@link #fit} builds it} */
    public Sequential newModel() {
        return architecture.apply(seed);
    }

    @Override
    public void fit(ForecastProblem p) {
        fit(p.train(), p.validation());
    }

    /**
     * Trains a fresh model on any scaled windows, e.g. the pooled windows of many grid cells
     * ({@code SlidingWindows.pooled}): input shape (k, features) from {@code train}, early stopping as {@link #fit(ForecastProblem)}.
     *
     * @param train the scaled training windows
     * @param validation the scaled validation windows, possibly empty (then early stopping watches the training loss)
     * @throws IllegalArgumentException if {@code train} has no windows
     */
    public void fit(WindowSet train, WindowSet validation) {
        if (train.size() == 0) throw new IllegalArgumentException(name + ": no training windows");
        model = newModel();
        model.build(train.x().dim(1), train.x().dim(2));
        model.compile(new MeanSquaredError(), new Adam(learningRate));
        boolean useVal = monitorValidation && validation.size() > 0;
        FitOptions o = FitOptions.defaults()
                .epochs(epochs)
                .batchSize(Math.min(batchSize, train.size()))
                .seed(seed)
                .verbose(verbose)
                .callback(new EarlyStopping(
                        useVal ? "val_loss" : "loss", minDelta, patience, MonitorMode.MIN, useVal, Double.NaN));
        if (validation.size() > 0) o = o.validationData(validation.x(), validation.y());
        history = model.fit(train.x(), train.y(), withProgress(o));
    }

    /**
     * Online update: continues training the fitted model on new scaled windows (same scaler as the first fit) for
     * {@code epochs} epochs with a fresh Adam at {@code learningRate} (typically 10x smaller than the first fit's), no
     * early stopping; Zhang et al. (2017) update their SST model this way with the newest years.
     *
     * @param w the new scaled windows
     * @param epochs the epochs to train
     * @param learningRate Adam's learning rate
     * @return the update's history ({@link #history()} keeps the fit's)
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException if {@code w} is empty, {@code epochs} is below 1 or {@code learningRate} is
     *     not positive
     */
    public History fineTune(WindowSet w, int epochs, float learningRate) {
        if (model == null) throw new IllegalStateException(name + ": call fit before fineTune");
        if (w.size() == 0 || epochs < 1 || !(learningRate > 0))
            throw new IllegalArgumentException(
                    "%s: fineTune needs windows, epochs >= 1 and a learning rate > 0; got %d windows, %d, %s"
                            .formatted(name, w.size(), epochs, learningRate));
        model.compile(new MeanSquaredError(), new Adam(learningRate));
        return model.fit(
                w.x(),
                w.y(),
                withProgress(FitOptions.defaults()
                        .epochs(epochs)
                        .batchSize(Math.min(batchSize, w.size()))
                        .seed(seed)
                        .verbose(verbose)));
    }

    private FitOptions withProgress(FitOptions o) {
        return verbose || progress == null ? o : o.callback(ProgressBar.periodic(progress, name));
    }

    @Override
    public NDArray predict(ForecastProblem p, WindowSet w) {
        if (model == null) throw new IllegalStateException(name + ": call fit before predict");
        return p.toOriginal(model.predict(w.x()));
    }

    /** {@return the trained model (null before fit)} */
    public Sequential model() {
        return model;
    }

    /** {@return the last fit's history (null before fit)} */
    public History history() {
        return history;
    }

    /** {@return the most epochs a fit trains} */
    public int epochs() {
        return epochs;
    }
}
