/**
 * Forecasters and their evaluation: a {@link nabla.timeseries.forecast.ForecastProblem} fixes the data, target,
 * window k, horizon l, split and scaler once, so that every {@link nabla.timeseries.forecast.Forecaster} is fitted
 * and scored on the same windows; {@link nabla.timeseries.forecast.Forecasters} makes the methods (stacked LSTM +
 * Dense after Zhang et al. 2017, an MLP regressor with scikit-learn's {@code MLPRegressor} defaults, SVR by LIBSVM
 * with scikit-learn's {@code SVR} defaults, persistence and climatology); {@link
 * nabla.timeseries.forecast.ForecastScores} gives RMSE and MAE per horizon step and overall.
 *
 * <p><b>Conventions.</b> Forecasters train on scaled windows, inputs (samples, k, features) and targets
 * (samples, l), and return forecasts (samples, l) in the series' original units, so scores are in those units (°C
 * for sea-surface temperature). Configuration methods ({@code withX}, {@code named}) return changed copies;
 * {@code fit} keeps the trained state in the forecaster, which is therefore not thread-safe. Training is seeded and
 * repeatable. Calling {@code predict} before {@code fit} throws {@link java.lang.IllegalStateException}; bad
 * arguments throw {@link java.lang.IllegalArgumentException}.
 *
 * <p><b>Layers.</b> The top of the nabla-timeseries module: it uses {@code nabla.timeseries} for the data and
 * nabla-core's models, layers, optimizers and training loop for the networks, and LIBSVM for SVR.
 */
package nabla.timeseries.forecast;
