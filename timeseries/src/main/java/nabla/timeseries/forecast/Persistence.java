package nabla.timeseries.forecast;

import nabla.tensor.NDArray;
import nabla.timeseries.WindowSet;

/**
 * The naive forecast "tomorrow = today": every one of the l steps repeats the last input value of the target series,
 * back in original units. Needs no fitting ({@link #fit} does nothing) and holds no state.
 */
public final class Persistence implements Forecaster {
    /** The persistence forecast (also {@link Forecasters#persistence()}). */
    public Persistence() {}

    @Override
    public String name() {
        return "persistence";
    }

    @Override
    public void fit(ForecastProblem problem) {}

    @Override
    public NDArray predict(ForecastProblem p, WindowSet w) {
        int n = w.size(), k = p.window(), l = p.horizon(), f = p.features();
        NDArray x = w.x().contiguous();
        float[] xd = x.data(), out = new float[n * l];
        for (int i = 0; i < n; i++) {
            float last = p.scaler().inverse(p.target(), xd[x.offset() + (i * k + k - 1) * f + p.target()]);
            for (int j = 0; j < l; j++) out[i * l + j] = last;
        }
        return NDArray.of(out, n, l);
    }
}
