package nabla.timeseries.forecast;

import nabla.tensor.NDArray;
import nabla.timeseries.WindowSet;

/**
 * A method that forecasts the next l steps of a series from its last k steps. Every method sees the same
 * {@link ForecastProblem} (windows, splits, scaler), so their scores compare like for like. Implementations keep
 * the fitted state in the object: not thread-safe while fitting.
 */
public interface Forecaster {
    /** {@return a short name for tables, e.g. "LSTM" or "persistence"} */
    String name();

    /**
     * Learns from the problem's training windows (and its validation windows, where the method uses them),
     * replacing anything learnt before.
     *
     * @param problem the task
     */
    void fit(ForecastProblem problem);

    /**
     * Forecasts the targets of windows {@code w}.
     *
     * @param problem the task the forecaster was fitted on
     * @param w windows of that problem (e.g. {@code problem.test()}), inputs in scaled units
     * @return a new array (w.size(), l) in the series' original units
     * @throws IllegalStateException if a method that needs fitting has not been fitted
     */
    NDArray predict(ForecastProblem problem, WindowSet w);
}
