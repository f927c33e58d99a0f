package nabla.studies.sst;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nabla.tensor.NDArray;
import nabla.timeseries.ChronoSplit;
import nabla.timeseries.Resample;
import nabla.timeseries.Scaler;
import nabla.timeseries.SlidingWindows;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.WindowSet;
import nabla.timeseries.forecast.ForecastProblem;
import nabla.timeseries.forecast.ForecastScores;
import nabla.timeseries.forecast.Forecaster;

/**
 * The daily OISST pixels with the paper's split, shared by Tables I-IV and VI: one univariate
 * {@link ForecastProblem} per location, window and horizon (cached), built on the daily series or its weekly or
 * monthly means.
 *
 * <p>The split (Zhang et al. 2017, with our data starting in 1982): training targets up to 2012-08-31, validation
 * targets 2012-09-01..2012-10-31 (early stopping and model selection), test targets 2013-01-01..2015-12-31, update
 * data 2013-2015, update test 2016. Training ends before the validation window so no validation date is
 * trained on; November-December 2012 is used by no split. A window's inputs may reach back before its split (a test
 * window's first input days are late 2012), as in use. Scalers (min-max) and climatology are fitted on the training
 * dates only, per location.
 */
public final class SstDaily {
    public static final LocalDate TRAIN_END = LocalDate.of(2012, 8, 31), VAL_END = LocalDate.of(2012, 10, 31);
    public static final LocalDate TEST_FROM = LocalDate.of(2013, 1, 1), TEST_TO = LocalDate.of(2015, 12, 31);
    public static final LocalDate UPDATE_TEST_FROM = LocalDate.of(2016, 1, 1),
            UPDATE_TEST_TO = LocalDate.of(2016, 12, 31);

    /** One of the four tasks: its name, frequency of the data, window k and horizon l. */
    public enum Task {
        DAY1("1-day", 1),
        DAY3("3-day", 3),
        WEEK1("1-week", 1),
        MONTH1("1-month", 1);

        public final String label;
        final int horizon;

        Task(String label, int horizon) {
            this.label = label;
            this.horizon = horizon;
        }

        public int window() {
            return switch (this) {
                case DAY1, DAY3 -> SstSettings.WINDOW_PER_HORIZON_DAY * horizon;
                case WEEK1 -> SstSettings.WEEKLY_WINDOW;
                case MONTH1 -> SstSettings.MONTHLY_WINDOW;
            };
        }
    }

    private final TimeSeries daily, weekly, monthly;
    private final Map<String, ForecastProblem> problems = new HashMap<>();

    public SstDaily(TimeSeries all, LocalDate from) {
        if (all.date(0).isAfter(from.plusYears(1)) || all.date(all.length() - 1).isBefore(UPDATE_TEST_TO))
            throw new IllegalArgumentException(
                    "%s covers %s..%s; the study needs daily data from %s (or soon after) to %s"
                            .formatted(all.source(), all.date(0), all.date(all.length() - 1), from, UPDATE_TEST_TO));
        int a = first(all, from), b = all.indexAfter(UPDATE_TEST_TO);
        this.daily = all.slice(a, b);
        this.weekly = Resample.weeklyMeans(daily);
        this.monthly = Resample.monthlyMeans(daily);
    }

    TimeSeries series(Task t) {
        return switch (t) {
            case DAY1, DAY3 -> daily;
            case WEEK1 -> weekly;
            case MONTH1 -> monthly;
        };
    }

    public TimeSeries daily() {
        return daily;
    }

    public List<String> locations() {
        return daily.names();
    }

    public int locationCount() {
        return daily.seriesCount();
    }

    /** "112.625_-29.375" as "112.625 E, 29.375 S". */
    public static String label(String name) {
        String[] f = name.split("_");
        if (f.length != 2) return name;
        try {
            double lon = Double.parseDouble(f[0]), lat = Double.parseDouble(f[1]);
            return "%s %s, %s %s"
                    .formatted(trim(Math.abs(lon)), lon >= 0 ? "E" : "W", trim(Math.abs(lat)), lat >= 0 ? "N" : "S");
        } catch (NumberFormatException e) {
            return name;
        }
    }

    private static String trim(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The univariate problem of location {@code loc} for task {@code t} (window {@code k}, horizon {@code t.horizon}). */
    ForecastProblem problem(Task t, int loc) {
        return problems.computeIfAbsent(t + "/" + loc, key -> {
            TimeSeries s = series(t);
            TimeSeries one = s.select(List.of(s.names().get(loc)));
            return ForecastProblem.of(
                    one,
                    one.names().get(0),
                    t.window(),
                    t.horizon,
                    ChronoSplit.byDates(one, TRAIN_END, VAL_END),
                    Scaler.minMax());
        });
    }

    /** The test windows (targets 2013-2015), also the update data of Table VI. */
    WindowSet test(ForecastProblem p) {
        return windows(p, TEST_FROM, TEST_TO);
    }

    /** The update-test windows (targets in 2016). */
    WindowSet updateTest(ForecastProblem p) {
        return windows(p, UPDATE_TEST_FROM, UPDATE_TEST_TO);
    }

    /** Windows of {@code p} whose targets all lie in [from, to]; inputs may come from before {@code from}. */
    static WindowSet windows(ForecastProblem p, LocalDate from, LocalDate to) {
        TimeSeries s = p.scaled();
        return SlidingWindows.make(s, p.window(), p.horizon(), 1, first(s, from), s.indexAfter(to), p.target());
    }

    /** The first index dated on or after {@code d}. */
    static int first(TimeSeries s, LocalDate d) {
        return s.indexAfter(d.minusDays(1));
    }

    /** {@code f}'s RMSE (over all steps, original units) on windows {@code w}. */
    static ForecastScores score(Forecaster f, ForecastProblem p, WindowSet w) {
        return ForecastScores.of(f.predict(p, w), p.truth(w));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Column j of an (n, l) array. */
    static float[] column(NDArray a, int j) {
        NDArray c = a.contiguous();
        int n = c.dim(0), l = c.dim(1);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) r[i] = c.data()[c.offset() + i * l + j];
        return r;
    }
}
