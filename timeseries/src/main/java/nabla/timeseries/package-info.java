/**
 * Time-series preprocessing for forecasting: reading dated series from CSV ({@link nabla.timeseries.TimeSeriesCsv},
 * wide or long layout, missing values explicit), filling gaps ({@link nabla.timeseries.GapFill}),
 * chronological splits ({@link nabla.timeseries.ChronoSplit}), scalers fitted on training data only
 * ({@link nabla.timeseries.Scaler}), sliding windows ({@link nabla.timeseries.SlidingWindows}), weekly
 * and monthly means ({@link nabla.timeseries.Resample}) and the seasonal cycle
 * ({@link nabla.timeseries.Climatology}).
 */
package nabla.timeseries;
