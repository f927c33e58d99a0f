package nabla.timeseries.forecast;

import nabla.timeseries.Climatology;
import nabla.timeseries.WindowSet;
import nabla.tensor.NDArray;

/**
 * The naive seasonal forecast: each target date gets the mean of its day of year (week of year, month) over
 * the training dates; see {@link Climatology} for February 29.
 */
public final class ClimatologyForecaster implements Forecaster {
    private Climatology climatology;

    @Override
    public String name() {
        return "climatology";
    }

    @Override
    public void fit(ForecastProblem p) {
        climatology = Climatology.fit(p.raw(), 0, p.split().trainEnd());
    }

    @Override
    public NDArray predict(ForecastProblem p, WindowSet w) {
        if (climatology == null) throw new IllegalStateException("climatology: call fit before predict");
        int n = w.size(), l = p.horizon();
        float[] out = new float[n * l];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < l; j++) out[i * l + j] = climatology.predict(p.target(), p.raw().date(w.targetStart(i) + j));
        return NDArray.of(out, n, l);
    }
}
