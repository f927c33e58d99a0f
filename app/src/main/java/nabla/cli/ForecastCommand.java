package nabla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nabla.data.AptDebSource;
import nabla.data.DatasetCatalog;
import nabla.data.DatasetSpec;
import nabla.data.FilesSpec;
import nabla.plot.ForecastPlot;
import nabla.tensor.NDArray;
import nabla.timeseries.ChronoSplit;
import nabla.timeseries.GapFill;
import nabla.timeseries.Scaler;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.TimeSeriesCsv;
import nabla.timeseries.forecast.ForecastProblem;
import nabla.timeseries.forecast.ForecastScores;
import nabla.timeseries.forecast.Forecaster;
import nabla.timeseries.forecast.Forecasters;
import nabla.timeseries.forecast.NeuralForecaster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nabla forecast}: trains an LSTM forecaster on any dated CSV series, compares it with persistence,
 * climatology, MLPR and SVR on the same windows and chronological split, and writes a Markdown report and a PNG.
 */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description = {
            "Forecast a dated series from a CSV file with an LSTM and compare it with baselines.",
            "",
            "Writes DIR/report.md (RMSE/MAE per method and horizon step, the command line, a data summary) and",
            "DIR/test-predictions.png (one-step-ahead forecasts against the truth over the test period).",
            "Presets (data from the Debian package python3-vega-datasets, cached under $NABLA_DATA):",
            "  seattle  daily maximum temperature in Seattle 2012-2015 (seattle-weather.csv, temp_max)",
            "  stocks   monthly prices 2000-2010 of one symbol (stocks.csv; --series AAPL, AMZN, GOOG, IBM, MSFT)"
        })
public final class ForecastCommand implements Callable<Integer> {
    /** The vega_datasets files, fetched with apt-get download + dpkg -x and checked against these SHA-256s. */
    static final FilesSpec VEGA = new FilesSpec(
            "vega-datasets",
            "vega-datasets",
            List.of(
                    new DatasetSpec.DataFile(
                            "seattle-weather.csv", "62f0609f787158128aa2bd102967173a4953122dd4f872bf1d502cae1037df0b"),
                    new DatasetSpec.DataFile(
                            "stocks.csv", "f9953ac6693e587476b4ebf2f0b00d9bb95371ca8c39da4cc6155077b3e417cd")),
            List.of(new AptDebSource("python3-vega-datasets", "usr/lib/python3/dist-packages/vega_datasets/_data")));

    enum Preset {
        seattle,
        stocks
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", description = "The CSV file (header line, a date column, value columns).")
    Path csv;

    @Option(names = "--date-column", description = "The date column (default: date; seattle/stocks presets: date).")
    String dateColumn;

    @Option(names = "--value-column", description = "The column to forecast.")
    String valueColumn;

    @Option(
            names = "--key-column",
            description = "Long layout: column(s) naming the series (repeatable), e.g. symbol; pick one with --series.")
    List<String> keyColumns = new ArrayList<>();

    @Option(
            names = "--series",
            description = "With --key-column (or --preset stocks): the series to forecast, e.g. AAPL.")
    String series;

    @Option(
            names = "--preset",
            description =
                    "seattle or stocks: the courses' examples, with their data and a stacked LSTM (128 returning sequences, then 64).")
    Preset preset;

    @Option(names = "--window", description = "Input steps k (default: 30 daily, 12 otherwise).")
    Integer window;

    @Option(names = "--horizon", defaultValue = "1", description = "Output steps l (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(
            names = "--train-end",
            description =
                    "Last training date (yyyy-mm-dd); with --val-end. Default: the last 20 %% of dates are test, the 10 %% before validation.")
    String trainEnd;

    @Option(names = "--val-end", description = "Last validation date (yyyy-mm-dd).")
    String valEnd;

    @Option(
            names = "--epochs",
            defaultValue = "100",
            description =
                    "Most LSTM epochs (early stopping on the validation loss, patience 10; default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "LSTM mini-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--lstm-units",
            split = ",",
            description = "LSTM layer sizes, e.g. 128,64 (default: 64; presets: 128,64).")
    int[] lstmUnits;

    @Option(
            names = "--dense-units",
            split = ",",
            description = "Hidden Dense ReLU layers before the output Dense(l) (default: none).")
    int[] denseUnits = new int[0];

    @Option(
            names = "--mlp-epochs",
            defaultValue = "200",
            description = "Most MLPR epochs (scikit-learn's max_iter; default: ${DEFAULT-VALUE}).")
    int mlpEpochs;

    @Option(
            names = "--svr-max-samples",
            defaultValue = "4000",
            description =
                    "SVR trains on the most recent N training windows (LIBSVM is quadratic; 0 = all; default: ${DEFAULT-VALUE}).")
    int svrMaxSamples;

    @Option(
            names = "--fill",
            defaultValue = "LINEAR",
            description =
                    "How missing values are filled: NONE (windows with one are skipped), PREVIOUS, LINEAR (default: ${DEFAULT-VALUE}).")
    GapFill fill;

    @Option(
            names = "--insert-missing-dates",
            description = "Treat gaps in the dates as missing values instead of an error.")
    boolean insertMissingDates;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "forecast-report",
            description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--data-dir",
            description = "Dataset cache directory for presets (default: $NABLA_DATA or ~/.nabla/datasets).")
    Path dataDir;

    @Option(names = "--verbose", description = "Show training progress.")
    boolean verbose;

    /** A method's result on the test windows. */
    record Result(String method, ForecastScores scores, NDArray prediction, double seconds, String note) {}

    /** Rejects option values that cannot work, before any data is read. */
    private void checkOptions() {
        Checks.positiveCount("--window", window);
        Checks.positiveCount("--horizon", horizon);
        Checks.positiveCount("--epochs", epochs);
        Checks.positiveCount("--batch-size", batchSize);
        Checks.positiveCounts("--lstm-units", lstmUnits);
        for (int u : denseUnits)
            if (u < 1) throw UserError.option("--dense-units values must be whole numbers of at least 1, got " + u);
        Checks.positiveCount("--mlp-epochs", mlpEpochs);
        Checks.nonNegative("--svr-max-samples", svrMaxSamples);
        Checks.outputFolder("--out", out);
        if (preset != null && csv != null) throw UserError.option("give either --preset or --csv, not both");
        if (preset == null && csv == null)
            throw UserError.option(
                    "give --csv FILE (with --date-column and --value-column) or --preset seattle|stocks");
        if (csv != null) {
            if (valueColumn == null)
                throw UserError.option("give --value-column: the column of "
                        + Checks.clip(csv.getFileName().toString()) + " to forecast");
            Checks.inputFile("--csv", csv, "CSV file", "");
        }
        if ((trainEnd == null) != (valEnd == null))
            throw UserError.option(
                    "give both --train-end and --val-end, or neither (then: last 20 % test, 10 % before it validation)");
        if (trainEnd != null) {
            date("--train-end", trainEnd);
            date("--val-end", valEnd);
        }
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        TimeSeries ts = load();
        int missing = ts.missingCount();
        TimeSeries filled = ts.fillGaps(fill);
        if (filled.missingCount() == filled.length())
            throw new UserError(ts.source() + ": series "
                    + Checks.quote(ts.names().get(0)) + " has no value at all; choose another column");
        int k = window != null
                ? window
                : switch (ts.frequency()) {
                    case DAILY -> 30;
                    default -> 12;
                };
        ChronoSplit split;
        ForecastProblem p;
        try { // the split and the windows depend on the data: a series too short for them is the user's to fix
            split = split(filled);
            p = ForecastProblem.of(filled, filled.names().get(0), k, horizon, split, Scaler.minMax());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        System.out.println(ts + (missing > 0 ? " (filled: " + fill + ")" : "") + "; " + split.describe(filled));
        System.out.printf(
                "windows: train %d, validation %d, test %d (window %d, horizon %d)%n",
                p.train().size(), p.validation().size(), p.test().size(), k, horizon);

        List<Forecaster> methods = new ArrayList<>();
        methods.add(Forecasters.persistence());
        boolean climatology = yearsOf(filled, 0, split.trainEnd()) > 2;
        if (climatology) methods.add(Forecasters.climatology());
        methods.add(Forecasters.mlpRegressor(k, horizon, p.train().size())
                .withEpochs(mlpEpochs)
                .withSeed(seed)
                .withVerbose(verbose)
                .withProgress(System.out));
        methods.add(Forecasters.svr().withMaxTrainSamples(svrMaxSamples));
        int[] units = lstmUnits != null ? lstmUnits : preset != null ? new int[] {128, 64} : new int[] {64};
        NeuralForecaster lstm = Forecasters.lstm(k, horizon, units, denseUnits)
                .withEpochs(epochs)
                .withBatchSize(batchSize)
                .withSeed(seed)
                .withVerbose(verbose)
                .withProgress(System.out);
        methods.add(lstm);

        NDArray truth = p.truth(p.test());
        List<Result> results = new ArrayList<>();
        for (Forecaster m : methods) {
            long t0 = System.nanoTime();
            m.fit(p);
            NDArray pred = m.predict(p, p.test());
            double secs = (System.nanoTime() - t0) / 1e9;
            String note = m instanceof NeuralForecaster nf && nf.history() != null
                    ? Checks.plural(nf.history().epochs(), "epoch")
                    : "";
            Result r = new Result(m.name(), ForecastScores.of(pred, truth), pred, secs, note);
            System.out.printf(
                    "%-24s RMSE %.4f  MAE %.4f  (%.1f s%s)%n",
                    r.method(), r.scores().rmse(), r.scores().mae(), secs, note.isEmpty() ? "" : ", " + note);
            results.add(r);
        }
        Files.createDirectories(out);
        Path png = out.resolve("test-predictions.png");
        plot(p, truth, results, png);
        String report = ForecastReport.markdown(
                commandLine(),
                ts,
                missing,
                fill,
                p,
                lstm,
                results,
                climatology,
                png.getFileName().toString(),
                svrMaxSamples);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println("wrote " + out.resolve("report.md") + " and " + png);
        return 0;
    }

    private TimeSeries load() throws IOException {
        TimeSeriesCsv.Options o = TimeSeriesCsv.Options.defaults()
                .withInsertMissingDates(insertMissingDates)
                .withMinLength(2);
        if (preset != null) {
            Path dir = new DatasetCatalog(Environment.datasetCache(dataDir), msg -> System.out.println("[data] " + msg))
                    .ensureCached(VEGA);
            return switch (preset) {
                case seattle ->
                    TimeSeriesCsv.readWide(
                            dir.resolve("seattle-weather.csv"),
                            "date",
                            List.of(valueColumn != null ? valueColumn : "temp_max"),
                            o);
                case stocks -> {
                    TimeSeries all =
                            TimeSeriesCsv.readLong(dir.resolve("stocks.csv"), "date", List.of("symbol"), "price", o);
                    yield select(all, series != null ? series : "AAPL");
                }
            };
        }
        String date = dateColumn != null ? dateColumn : "date";
        if (keyColumns.isEmpty()) return TimeSeriesCsv.readWide(csv, date, List.of(valueColumn), o);
        TimeSeries all = TimeSeriesCsv.readLong(csv, date, keyColumns, valueColumn, o);
        if (series == null && all.seriesCount() > 1)
            throw UserError.option("%s has %d series by %s; pick one with --series (e.g. --series %s)"
                    .formatted(
                            Checks.clip(csv.getFileName().toString()),
                            all.seriesCount(),
                            Checks.clip(String.join(", ", keyColumns)),
                            Checks.clip(all.names().get(0))));
        return select(all, series != null ? series : all.names().get(0));
    }

    /** One series of a long file, by the name --series gives. */
    private static TimeSeries select(TimeSeries all, String name) {
        List<String> names = all.names();
        if (!names.contains(name))
            throw UserError.option("--series %s is not in %s; it has %s"
                    .formatted(Checks.quote(name), all.source(), Checks.clip(String.join(", ", names))));
        return all.select(List.of(name)).trimMissing();
    }

    private ChronoSplit split(TimeSeries ts) {
        if (trainEnd == null) return ChronoSplit.byFractions(ts, 0.1, 0.2);
        return ChronoSplit.byDates(ts, date("--train-end", trainEnd), date("--val-end", valEnd));
    }

    private static LocalDate date(String option, String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw UserError.option(
                    option + " " + Checks.quote(s) + " is not a date; write it as yyyy-mm-dd, e.g. 2012-12-31");
        }
    }

    private static double yearsOf(TimeSeries ts, int from, int to) {
        return (ts.date(to - 1).toEpochDay() - ts.date(from).toEpochDay()) / 365.25;
    }

    private String commandLine() {
        List<String> args = spec != null && spec.commandLine().getParseResult() != null
                ? spec.commandLine().getParseResult().originalArgs()
                : List.of();
        StringBuilder sb = new StringBuilder("nabla");
        if (args.isEmpty() || !args.get(0).equals("forecast"))
            sb.append(" forecast"); // picocli gives the top-level arguments
        for (String a : args)
            sb.append(' ').append(a.matches("[\\w./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return sb.toString();
    }

    private void plot(ForecastProblem p, NDArray truth, List<Result> results, Path png) throws IOException {
        int n = p.test().size(), l = p.horizon();
        List<LocalDate> dates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) dates.add(p.raw().date(p.test().targetStart(i)));
        float[] t = column(truth, 0);
        List<ForecastPlot.Line> lines = new ArrayList<>();
        for (Result r : results) lines.add(new ForecastPlot.Line(r.method(), column(r.prediction(), 0)));
        String title = "%s, test period: %s forecasts against the truth (first of %d step%s)"
                .formatted(p.raw().names().get(0), l == 1 ? "one-step" : "one-step-ahead", l, l == 1 ? "" : "s");
        ForecastPlot.write(png, title, p.raw().source(), dates, t, lines);
    }

    private static float[] column(NDArray a, int j) {
        NDArray c = a.contiguous();
        int n = c.dim(0), l = c.dim(1);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) r[i] = c.data()[c.offset() + i * l + j];
        return r;
    }

    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String steps(double[] v) {
        return String.join(
                " / ", Arrays.stream(v).mapToObj(ForecastCommand::fmt).toList());
    }
}
