/**
 * Time-series preprocessing for forecasting: reading dated series from CSV ({@link nabla.timeseries.TimeSeriesCsv},
 * wide or long layout, missing values explicit), filling gaps ({@link nabla.timeseries.GapFill}),
 * chronological splits ({@link nabla.timeseries.ChronoSplit}), scalers fitted on training data only
 * ({@link nabla.timeseries.Scaler}), sliding windows ({@link nabla.timeseries.SlidingWindows}), weekly
 * and monthly means ({@link nabla.timeseries.Resample}) and the seasonal cycle
 * ({@link nabla.timeseries.Climatology}).
 *
 * <p><b>The data.</b> A {@link nabla.timeseries.TimeSeries} is one or more float series on a common regular
 * calendar ({@link nabla.timeseries.Frequency}: daily, weekly or monthly, no gaps in the dates). A missing value is
 * {@code Float.NaN} and stays explicit until a {@link nabla.timeseries.GapFill} replaces it; statistics ignore
 * missing values, and windows that touch one are skipped and counted.
 *
 * <p><b>No look-ahead.</b> Splits are chronological and never shuffled; scalers and climatologies are fitted on a
 * range of dates (the training split) only, so nothing of the validation or test data leaks into the inputs. A
 * window belongs to the split that holds its targets; its inputs may come from just before the split, as in use.
 *
 * <p><b>Shapes.</b> Windows are model-ready {@link nabla.tensor.NDArray}s, batch axis first: inputs (samples, k,
 * features), the layout of the recurrent layers, and targets (samples, l) for a horizon of l steps.
 *
 * <p><b>Conventions.</b> {@code TimeSeries}, {@code ChronoSplit}, {@code Scaler} and {@code Climatology} are
 * immutable, and each operation (slice, select, fill, fit, scale, resample) returns a new object, so they can be
 * shared between threads; the arrays of a {@code WindowSet} are never changed here. Nothing is random. Bad
 * arguments throw {@link java.lang.IllegalArgumentException} whose message names the series' source (the file)
 * where there is one; reading malformed CSV throws {@link nabla.timeseries.CsvFormatException} naming the file and
 * the line.
 *
 * <p><b>Layers.</b> Part of the {@code nabla.timeseries} module, which sits above nabla-core: it uses
 * {@code nabla.tensor} here, and {@code nabla.timeseries.forecast} builds the forecasters on these classes and on
 * core's models.
 */
package nabla.timeseries;
