package nabla.timeseries.forecast;

import nabla.timeseries.WindowSet;
import nabla.tensor.NDArray;

/** A method that forecasts the next l steps of a series from its last k steps. */
public interface Forecaster {
    /** A short name for tables, e.g. "LSTM" or "persistence". */
    String name();

    /** Learns from the problem's training windows (and its validation windows, where the method uses them). */
    void fit(ForecastProblem problem);

    /** Forecasts for the windows {@code w} of {@code problem}: (w.size(), l) in the series' original units. */
    NDArray predict(ForecastProblem problem, WindowSet w);
}
