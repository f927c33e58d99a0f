package nabla.timeseries.forecast;

import java.util.Objects;
import nabla.tensor.NDArray;
import nabla.timeseries.ChronoSplit;
import nabla.timeseries.Scaler;
import nabla.timeseries.SlidingWindows;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.WindowSet;

/**
 * One forecasting task shared by every method, so all see the same windows and splits: the series (original
 * units, gaps already filled or left missing), its scaled copy (scaler fitted on the training dates only), the
 * target series, window k, horizon l, and the train / validation / test windows (inputs = every series of the
 * scaled data, targets = the target series; see {@link SlidingWindows} for which windows belong to a split).
 * Windows are taken at every step (stride 1). Immutable once made.
 */
public final class ForecastProblem {
    private final TimeSeries raw, scaled;
    private final Scaler scaler;
    private final int target, k, l;
    private final ChronoSplit split;
    private final WindowSet train, val, test;

    private ForecastProblem(TimeSeries raw, Scaler scaler, int target, int k, int l, ChronoSplit split) {
        this.raw = raw;
        this.scaler = scaler.fit(raw, 0, split.trainEnd());
        this.scaled = this.scaler.transform(raw);
        this.target = target;
        this.k = k;
        this.l = l;
        this.split = split;
        this.train = SlidingWindows.make(scaled, k, l, 1, 0, split.trainEnd(), target);
        this.val = SlidingWindows.make(scaled, k, l, 1, split.trainEnd(), split.valEnd(), target);
        this.test = SlidingWindows.make(scaled, k, l, 1, split.valEnd(), split.length(), target);
        if (train.size() == 0) throw tooShort("training", 0, split.trainEnd(), k + l);
        if (test.size() == 0) throw tooShort("test", split.valEnd(), split.length(), l);
    }

    /**
     * Makes the task: fits the scaler on the training dates, scales the series and cuts the three window sets.
     *
     * @param series the data, in original units (the scaler is fitted here, on the training dates)
     * @param target the name of the series to forecast
     * @param k      input steps
     * @param l      output steps (the horizon)
     * @param split  train / validation / test dates
     * @param scaler an unfitted scaler (e.g. {@code Scaler.minMax()}); a fitted one is refitted
     * @return the task
     * @throws IllegalArgumentException if the split is for another length, {@code k} or {@code l} is below 1, there
     *     is no series named {@code target}, or the training or test period holds no complete window
     */
    public static ForecastProblem of(TimeSeries series, String target, int k, int l, ChronoSplit split, Scaler scaler) {
        Objects.requireNonNull(split, "split");
        if (split.length() != series.length())
            throw new IllegalArgumentException("ForecastProblem: the split is for %d dates, the series has %d"
                    .formatted(split.length(), series.length()));
        if (k < 1 || l < 1)
            throw new IllegalArgumentException(
                    "ForecastProblem: window and horizon must be >= 1, got k=%d, l=%d".formatted(k, l));
        return new ForecastProblem(series, scaler, series.indexOf(target), k, l, split);
    }

    private IllegalArgumentException tooShort(String which, int from, int to, int needs) {
        return new IllegalArgumentException(
                ("%s: the %s period %s has %d dates and no complete window (window %d + horizon %d, %d known values in a row "
                                + "needed%s); use a smaller --window/--horizon, move --train-end/--val-end, or fill gaps")
                        .formatted(
                                raw.source(),
                                which,
                                from < to ? raw.date(from) + ".." + raw.date(to - 1) : "(empty)",
                                to - from,
                                k,
                                l,
                                needs,
                                which.equals("test") ? " after the first test date" : ""));
    }

    /** {@return the series in original units} */
    public TimeSeries raw() {
        return raw;
    }

    /** {@return the series scaled by {@link #scaler()}, which the windows are cut from} */
    public TimeSeries scaled() {
        return scaled;
    }

    /** {@return the scaler, fitted on the training dates} */
    public Scaler scaler() {
        return scaler;
    }

    /** {@return the index of the target series (also its feature index in the inputs)} */
    public int target() {
        return target;
    }

    /** {@return the input steps k} */
    public int window() {
        return k;
    }

    /** {@return the output steps l} */
    public int horizon() {
        return l;
    }

    /** {@return the train / validation / test split} */
    public ChronoSplit split() {
        return split;
    }

    /** {@return the training windows (targets in the training dates); never empty} */
    public WindowSet train() {
        return train;
    }

    /** {@return the validation windows (targets in the validation dates); possibly empty} */
    public WindowSet validation() {
        return val;
    }

    /** {@return the test windows (targets in the test dates); never empty} */
    public WindowSet test() {
        return test;
    }

    /** {@return the number of input features: the number of series} */
    public int features() {
        return raw.seriesCount();
    }

    /**
     * The targets of windows {@code w} in original units, to score forecasts against.
     *
     * @param w windows of this task
     * @return a new array (w.size(), l)
     */
    public NDArray truth(WindowSet w) {
        return scaler.inverseTransform(w.y(), target);
    }

    /**
     * Scaled predictions of the target series back in original units.
     *
     * @param scaledTarget values in the target series' scaled units, any shape
     * @return a new array of the same shape
     */
    public NDArray toOriginal(NDArray scaledTarget) {
        return scaler.inverseTransform(scaledTarget, target);
    }
}
