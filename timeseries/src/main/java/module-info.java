/**
 * Nabla's time-series toolkit ({@code nabla.timeseries}: CSV series, chronological splits, scalers, sliding
 * windows, resampling, climatology) and forecasters ({@code nabla.timeseries.forecast}: LSTM, MLP regressor, SVR
 * through LIBSVM, persistence, climatology).
 */
module nabla.timeseries {
    requires transitive nabla.core;
    // LIBSVM's jar declares no module name; its file name (libsvm-3.35.jar) gives the automatic module 'libsvm'.
    requires libsvm;

    exports nabla.timeseries;
    exports nabla.timeseries.forecast;
}
