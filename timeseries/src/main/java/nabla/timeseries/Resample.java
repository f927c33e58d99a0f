package nabla.timeseries;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar means of daily series, for the weekly and monthly forecasting tasks.
 *
 * <ul>
 *   <li>{@link #weeklyMeans}: ISO weeks, Monday to Sunday, each dated by its Monday;</li>
 *   <li>{@link #monthlyMeans}: calendar months, each dated by its 1st.</li>
 * </ul>
 * Partial periods: a week or month is kept only when all its days lie within the series' date range, so a series
 * starting on a Wednesday loses those first five days and one ending mid-month loses that month. Within a kept
 * period the mean is over the days with a known value; a period with none is missing (NaN).
 */
public final class Resample {
    private Resample() {}

    /**
     * Means over the complete ISO weeks (Monday..Sunday) of a daily series, dated by their Mondays.
     *
     * @param daily a daily series
     * @return a new weekly series with the same series names
     * @throws IllegalArgumentException if {@code daily} is not daily or holds no complete week
     */
    public static TimeSeries weeklyMeans(TimeSeries daily) {
        requireDaily(daily, "weeklyMeans");
        LocalDate first = daily.date(0);
        int offset = (DayOfWeek.MONDAY.getValue() - first.getDayOfWeek().getValue() + 7) % 7; // first Monday
        List<int[]> periods = new ArrayList<>();
        for (int t = offset; t + 7 <= daily.length(); t += 7) periods.add(new int[] {t, t + 7});
        return means(daily, periods, Frequency.WEEKLY, "weekly");
    }

    /**
     * Means over the complete calendar months of a daily series, dated by their 1sts.
     *
     * @param daily a daily series
     * @return a new monthly series with the same series names
     * @throws IllegalArgumentException if {@code daily} is not daily or holds no complete month
     */
    public static TimeSeries monthlyMeans(TimeSeries daily) {
        requireDaily(daily, "monthlyMeans");
        List<int[]> periods = new ArrayList<>();
        int t = 0, n = daily.length();
        while (t < n && daily.date(t).getDayOfMonth() != 1) t++;
        while (t < n) {
            int days = daily.date(t).lengthOfMonth();
            if (t + days > n) break;
            periods.add(new int[] {t, t + days});
            t += days;
        }
        return means(daily, periods, Frequency.MONTHLY, "monthly");
    }

    private static TimeSeries means(TimeSeries d, List<int[]> periods, Frequency f, String what) {
        if (periods.isEmpty())
            throw new IllegalArgumentException("%s: %s..%s holds no complete %s period; %s means need a longer series"
                    .formatted(d.source(), d.date(0), d.date(d.length() - 1), what.replace("ly", ""), what));
        float[][] v = new float[d.seriesCount()][periods.size()];
        List<LocalDate> dates = new ArrayList<>(periods.size());
        for (int p = 0; p < periods.size(); p++) {
            int a = periods.get(p)[0], b = periods.get(p)[1];
            dates.add(d.date(a));
            for (int s = 0; s < v.length; s++) {
                double sum = 0;
                int n = 0;
                for (int t = a; t < b; t++) {
                    float x = d.value(s, t);
                    if (!Float.isNaN(x)) {
                        sum += x;
                        n++;
                    }
                }
                v[s][p] = n == 0 ? Float.NaN : (float) (sum / n);
            }
        }
        return new TimeSeries(d.source() + " (" + what + " means)", dates, d.names(), v, f);
    }

    private static void requireDaily(TimeSeries ts, String op) {
        if (ts.frequency() != Frequency.DAILY)
            throw new IllegalArgumentException("Resample.%s: %s is %s; it needs a daily series"
                    .formatted(op, ts.source(), ts.frequency().label()));
    }
}
