package nabla.timeseries.forecast;

import nabla.tensor.NDArray;
import nabla.timeseries.Climatology;
import nabla.timeseries.WindowSet;

/**
 * The naive seasonal forecast: each target date gets the mean of its day of year (week of year, month) over
 * the training dates; see {@link Climatology} for February 29.
 */
public final class ClimatologyForecaster implements Forecaster {
    private Climatology climatology;

    /** An unfitted forecaster (also {@link Forecasters#climatology()}). */
    public ClimatologyForecaster() {}

    @Override
    public String name() {
        return "climatology";
    }

    /**
     * Fits the slot means of every series on the problem's training dates, in original units ({@code p.raw()}).
     *
     * @param p the task
     */
    @Override
    public void fit(ForecastProblem p) {
        climatology = Climatology.fit(p.raw(), 0, p.split().trainEnd());
    }

    /**
     * The target series' slot mean at each target date of each window (the inputs are not used).
     *
     * @param p the task it was fitted on
     * @param w windows of that task
     * @return a new array (w.size(), l) in original units
     * @throws IllegalStateException before {@link #fit}
     */
    @Override
    public NDArray predict(ForecastProblem p, WindowSet w) {
        if (climatology == null) throw new IllegalStateException("climatology: call fit before predict");
        int n = w.size(), l = p.horizon();
        float[] out = new float[n * l];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < l; j++)
                out[i * l + j] = climatology.predict(p.target(), p.raw().date(w.targetStart(i) + j));
        return NDArray.of(out, n, l);
    }
}
