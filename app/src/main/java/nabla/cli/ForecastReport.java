package nabla.cli;

import java.util.Comparator;
import java.util.List;
import nabla.timeseries.GapFill;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.forecast.ForecastProblem;
import nabla.timeseries.forecast.NeuralForecaster;

/** The Markdown report of {@code nabla forecast}. */
final class ForecastReport {
    private ForecastReport() {}

    static String markdown(
            String command,
            TimeSeries original,
            int missing,
            GapFill fill,
            ForecastProblem p,
            NeuralForecaster lstm,
            List<ForecastCommand.Result> results,
            boolean climatology,
            String png,
            int svrMaxSamples) {
        TimeSeries s = p.raw();
        StringBuilder md = new StringBuilder();
        md.append("# Forecast report: ")
                .append(s.names().get(0))
                .append(" from ")
                .append(s.source())
                .append("\n\n");
        md.append("Command:\n\n```\n").append(command).append("\n```\n\n");
        md.append("## Data\n\n");
        md.append("- series `%s` in `%s`: %d %s values, %s to %s\n"
                .formatted(
                        s.names().get(0),
                        s.source(),
                        s.length(),
                        s.frequency().label(),
                        s.date(0),
                        s.date(s.length() - 1)));
        md.append("- missing values: %d%s\n"
                .formatted(
                        missing,
                        missing == 0
                                ? ""
                                : ", filled with " + fill
                                        + (fill == GapFill.NONE ? " (windows touching one skipped)" : "")));
        md.append("- split (chronological): ").append(p.split().describe(s)).append('\n');
        md.append(
                "- windows: %d steps in, %d out, stride 1; train %d, validation %d, test %d windows (test windows may read inputs from the dates just before the test period)\n"
                        .formatted(
                                p.window(),
                                p.horizon(),
                                p.train().size(),
                                p.validation().size(),
                                p.test().size()));
        md.append(
                "- scaling: min-max to [0, 1], fitted on the training dates only; errors below are in the series' own units after inverse scaling\n\n");
        md.append("## Test errors\n\n");
        md.append(
                "| method | RMSE | MAE | RMSE per step (1..%d) | fit + predict (s) | note |\n|---|---|---|---|---|---|\n"
                        .formatted(p.horizon()));
        for (ForecastCommand.Result r : results.stream()
                .sorted(Comparator.comparingDouble(r -> r.scores().rmse()))
                .toList())
            md.append("| %s | %s | %s | %s | %.1f | %s |\n"
                    .formatted(
                            r.method(),
                            ForecastCommand.fmt(r.scores().rmse()),
                            ForecastCommand.fmt(r.scores().mae()),
                            ForecastCommand.steps(r.scores().rmsePerStep()),
                            r.seconds(),
                            r.note()));
        md.append("\nRMSE is over all test windows and steps (the root of the mean of the per-step MSEs).\n\n");
        md.append("## Methods\n\n");
        md.append("- **persistence**: every step repeats the last observed value.\n");
        md.append(
                climatology
                        ? "- **climatology**: the mean of the same day of year (week, month) over the training dates; Feb 29 shares Feb 28's slot.\n"
                        : "- climatology: not run (the training dates span 2 years or less).\n");
        md.append(
                "- **MLPR**: scikit-learn MLPRegressor defaults from Nabla layers: flattened window, Dense 100 ReLU, Dense %d; Adam 1e-3; L2 alpha 1e-4 (as l2 = alpha/batch on each kernel); stops when the training loss stalls (tol 1e-4, 10 epochs).\n"
                        .formatted(p.horizon()));
        md.append(
                "- **SVR**: LIBSVM epsilon-SVR, RBF kernel, C 1, epsilon 0.1, gamma 'scale'; one model per horizon step; trained on the %s training windows.\n"
                        .formatted(svrMaxSamples > 0 ? "most recent " + svrMaxSamples : "all"));
        md.append(
                "- **%s**: MSE, Adam 1e-3, up to %d epochs, early stopping on the validation loss (patience 10, best weights restored).\n\n"
                        .formatted(lstm.name(), lstm.epochs()));
        if (lstm.model() != null)
            md.append("```\n").append(lstm.model().summary()).append("```\n\n");
        md.append("## Test period\n\n![one-step-ahead forecasts against the truth](")
                .append(png)
                .append(")\n");
        return md.toString();
    }
}
