/**
 * Time-series preprocessing for forecasting: reading dated series from CSV ({@link nabla.data.timeseries.TimeSeriesCsv},
 * wide or long layout, missing values explicit), filling gaps ({@link nabla.data.timeseries.GapFill}),
 * chronological splits ({@link nabla.data.timeseries.ChronoSplit}), scalers fitted on training data only
 * ({@link nabla.data.timeseries.Scaler}), sliding windows ({@link nabla.data.timeseries.SlidingWindows}), weekly
 * and monthly means ({@link nabla.data.timeseries.Resample}) and the seasonal cycle
 * ({@link nabla.data.timeseries.Climatology}).
 */
package nabla.data.timeseries;
