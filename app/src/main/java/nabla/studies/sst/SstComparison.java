package nabla.studies.sst;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.cli.ForecastCommand;
import nabla.plot.ForecastPlot;
import nabla.tensor.NDArray;
import nabla.timeseries.WindowSet;
import nabla.timeseries.forecast.ForecastProblem;
import nabla.timeseries.forecast.ForecastScores;
import nabla.timeseries.forecast.Forecaster;
import nabla.timeseries.forecast.Forecasters;
import nabla.timeseries.forecast.NeuralForecaster;

/**
 * Table IV of Zhang et al. (2017): area-average test RMSE (the mean over the four pixels of each pixel's RMSE,
 * 2013-2015) of SVR, MLPR, persistence, climatology and the LSTM for the 1-day and 3-day tasks (daily data), the
 * 1-week task (weekly means) and the 1-month task (monthly means); and Fig. 5: the 3-day forecasts of every method
 * against the truth at the first pixel. Each method is one model per pixel, trained on that pixel's series alone.
 */
public final class SstComparison {
    /**
     * The paper's Table IV (area-average RMSE, °C; columns 1-day, 3-day, 1-week, 1-month), to print beside ours.
     * TODO(paper): the numbers of Zhang et al. (2017), IEEE GRSL 14(10), Table IV were not available to this study
     * (issue 6 does not quote them, and we do not invent them); fill this map in from the paper, e.g.
     * {@code Map.of("SVR", new double[] {a, b, c, d}, "MLPR", ..., "LSTM", ...)}. Until then the report shows "TODO".
     */
    static final Map<String, double[]> PAPER_TABLE_IV = Map.of();

    static final String[] METHODS = {"SVR", "MLPR", "persistence", "climatology", "LSTM"};
    private static final List<SstDaily.Task> TASKS =
            List.of(SstDaily.Task.DAY1, SstDaily.Task.DAY3, SstDaily.Task.WEEK1, SstDaily.Task.MONTH1);

    private final SstDaily data;
    private final SstTuning tuning;
    private final SstSettings settings;
    private final long seed;
    /** method -> task -> RMSE at each location. */
    private final Map<String, Map<SstDaily.Task, double[]>> rmse = new LinkedHashMap<>();

    private final Map<String, double[]> seconds = new LinkedHashMap<>();
    private final Map<String, NDArray> fig5 = new LinkedHashMap<>();
    private NDArray fig5Truth;
    private WindowSet fig5Windows;

    public SstComparison(SstDaily data, SstTuning tuning, SstSettings settings, long seed) {
        this.data = data;
        this.tuning = tuning;
        this.settings = settings;
        this.seed = seed;
        for (String m : METHODS) {
            rmse.put(m, new EnumMap<>(SstDaily.Task.class));
            seconds.put(m, new double[1]);
        }
    }

    /** Trains and scores every method on every task; the LSTM of the daily tasks is the one chosen by Tables I-III. */
    public void run() {
        for (SstDaily.Task t : TASKS) {
            for (String m : METHODS) rmse.get(m).put(t, new double[data.locationCount()]);
            for (int loc = 0; loc < data.locationCount(); loc++) {
                ForecastProblem p = data.problem(t, loc);
                WindowSet w = data.test(p);
                NDArray truth = p.truth(w);
                for (String m : METHODS) {
                    long t0 = System.nanoTime();
                    Forecaster f = method(m, t, loc, p);
                    NDArray pred = f.predict(p, w);
                    seconds.get(m)[0] += (System.nanoTime() - t0) / 1e9;
                    rmse.get(m).get(t)[loc] = ForecastScores.of(pred, truth).rmse();
                    if (t == SstDaily.Task.DAY3 && loc == 0) {
                        fig5.put(m, pred);
                        fig5Truth = truth;
                        fig5Windows = w;
                    }
                }
            }
            System.out.printf(
                    "  Table IV %-8s %s%n",
                    t.label,
                    String.join(
                            ", ",
                            Arrays.stream(METHODS)
                                    .map(m -> m + " " + ForecastCommand.fmt(area(m, t)))
                                    .toList()));
        }
    }

    private Forecaster method(String m, SstDaily.Task t, int loc, ForecastProblem p) {
        Forecaster f = switch (m) {
            case "SVR" -> Forecasters.svr();
            case "MLPR" ->
                Forecasters.mlpRegressor(p.window(), p.horizon(), p.train().size())
                        .withEpochs(settings.mlpEpochs())
                        .withSeed(seed)
                        .withProgress(System.out);
            case "persistence" -> Forecasters.persistence();
            case "climatology" -> Forecasters.climatology();
            case "LSTM" -> {
                if (t == SstDaily.Task.DAY1 || t == SstDaily.Task.DAY3)
                    yield tuning.chosenRun(t).models()[loc]; // trained in Tables I-III
                NeuralForecaster n = tuning.forecaster(t, tuning.choice(SstDaily.Task.DAY1));
                n.fit(p);
                yield n;
            }
            default -> throw new IllegalArgumentException(m);
        };
        if (!m.equals("LSTM")) f.fit(p);
        return f;
    }

    /** The area-average RMSE of method m on task t. */
    double area(String m, SstDaily.Task t) {
        return SstDaily.mean(rmse.get(m).get(t));
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(
                        "Area-average test RMSE (°C): the mean over the %d pixels of each pixel's RMSE over all forecast steps, targets 2013-2015. "
                                .formatted(data.locationCount()))
                .append(
                        "Windows: 1-day k = %d, 3-day k = %d days; 1-week k = %d weekly means; 1-month k = %d monthly means.\n\n"
                                .formatted(
                                        SstDaily.Task.DAY1.window(),
                                        SstDaily.Task.DAY3.window(),
                                        SstDaily.Task.WEEK1.window(),
                                        SstDaily.Task.MONTH1.window()));
        md.append("| method");
        for (SstDaily.Task t : TASKS)
            md.append(" | ")
                    .append(t.label)
                    .append(" (ours) | ")
                    .append(t.label)
                    .append(" (paper)");
        md.append(" | fit + predict (s) |\n|---")
                .append("|---".repeat(2 * TASKS.size() + 1))
                .append("|\n");
        for (String m : METHODS) {
            md.append("| ").append(m.equals("LSTM") ? "**LSTM**" : m);
            double[] paper = PAPER_TABLE_IV.get(m);
            for (int i = 0; i < TASKS.size(); i++) {
                md.append(" | ").append(ForecastCommand.fmt(area(m, TASKS.get(i))));
                md.append(" | ")
                        .append(
                                paper != null
                                        ? ForecastCommand.fmt(paper[i])
                                        : m.equals("persistence") || m.equals("climatology") ? "n/a" : "TODO");
            }
            md.append(" | ")
                    .append("%.1f".formatted(seconds.get(m)[0]))
                    .append(m.equals("LSTM") ? " (weekly, monthly; daily models come from Tables I-III)" : "")
                    .append(" |\n");
        }
        md.append(
                "\nPaper column: TODO, the paper's Table IV numbers are not in issue 6 and were not available here (see `SstComparison.PAPER_TABLE_IV`); "
                        + "the paper had no persistence or climatology rows (n/a). The paper's data were a different sea (Bohai), so only the ordering of methods is comparable.\n\n");
        md.append("LSTM per pixel (°C):\n\n| task");
        for (String loc : data.locations()) md.append(" | ").append(SstDaily.label(loc));
        md.append(" |\n|---").append("|---".repeat(data.locationCount())).append("|\n");
        for (SstDaily.Task t : TASKS) {
            md.append("| ").append(t.label);
            for (double x : rmse.get("LSTM").get(t)) md.append(" | ").append(ForecastCommand.fmt(x));
            md.append(" |\n");
        }
        md.append(
                "\n**Verdict** (area averages; the target is that the LSTM beats SVR, MLPR and climatology on the 1-day and 3-day tasks):\n\n");
        for (SstDaily.Task t : TASKS) {
            List<String> beats = new ArrayList<>(), loses = new ArrayList<>();
            for (String m : METHODS)
                if (!m.equals("LSTM"))
                    (area("LSTM", t) < area(m, t) ? beats : loses)
                            .add("%s (%s)".formatted(m, ForecastCommand.fmt(area(m, t))));
            md.append("- %s: LSTM %s %s%s\n"
                    .formatted(
                            t.label,
                            ForecastCommand.fmt(area("LSTM", t)),
                            beats.isEmpty() ? "beats none" : "beats " + String.join(", ", beats),
                            loses.isEmpty() ? "" : "; does **not** beat " + String.join(", ", loses)));
        }
        return md.append('\n').toString();
    }

    /** Fig. 5 analogue: day-3 forecasts of each method at the first pixel over the last test year, against the truth. */
    public void writeFigure(Path png) throws IOException {
        int year = SstDaily.TEST_TO.getYear(), step = SstDaily.Task.DAY3.horizon - 1;
        float[] truth = SstDaily.column(fig5Truth, step);
        List<Integer> keep = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < fig5Windows.size(); i++) {
            LocalDate d = data.daily().date(fig5Windows.targetStart(i) + step);
            if (d.getYear() == year) {
                keep.add(i);
                dates.add(d);
            }
        }
        List<ForecastPlot.Line> lines = new ArrayList<>();
        for (var e : fig5.entrySet())
            lines.add(new ForecastPlot.Line(e.getKey(), pick(SstDaily.column(e.getValue(), step), keep)));
        ForecastPlot.write(
                png,
                "SST at %s, %d: 3-day-ahead forecasts (third day) against the truth"
                        .formatted(SstDaily.label(data.locations().get(0)), year),
                "°C (NOAA OISST v2.1 daily)",
                dates,
                pick(truth, keep),
                lines);
    }

    private static float[] pick(float[] v, List<Integer> idx) {
        float[] r = new float[idx.size()];
        for (int i = 0; i < r.length; i++) r[i] = v[idx.get(i)];
        return r;
    }
}
