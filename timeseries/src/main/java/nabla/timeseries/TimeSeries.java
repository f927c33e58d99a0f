package nabla.timeseries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * One or more series of float values on a common regular calendar (daily, weekly or monthly dates without gaps).
 * A missing value is {@code Float.NaN}: it stays explicit (see {@link #missingCount()}) until {@link #fillGaps}
 * replaces it. Immutable (and so thread-safe): every operation returns a new series, or this one when nothing
 * changes. {@link #source()} names where the values came from (a file name), for messages. Series are addressed
 * by index (0 to {@code seriesCount() - 1}, the order of {@link #names()}) and dates by time index (0 to
 * {@code length() - 1}).
 */
public final class TimeSeries {
    private final String source;
    private final LocalDate[] dates;
    private final List<String> names;
    private final float[][] values; // [series][time]
    private final Frequency frequency;

    /**
     * A series from its parts, checked and copied.
     *
     * @param source    where the values came from, for messages (e.g. "sst.csv")
     * @param dates     strictly increasing dates one {@code frequency} step apart
     * @param names     one name per series, unique
     * @param values    {@code values[s][t]}: series s at {@code dates[t]}; NaN = missing (copied)
     * @param frequency the step between dates
     * @throws IllegalArgumentException if the names are not unique or do not match the series, a series does not
     *     have one value per date, or the dates are not one {@code frequency} step apart
     */
    public TimeSeries(String source, List<LocalDate> dates, List<String> names, float[][] values, Frequency frequency) {
        this.source = Objects.requireNonNull(source, "source");
        this.dates = dates.toArray(LocalDate[]::new);
        this.names = List.copyOf(names);
        this.frequency = Objects.requireNonNull(frequency, "frequency");
        if (values.length != this.names.size())
            throw new IllegalArgumentException(
                    "TimeSeries " + source + ": " + this.names.size() + " names but " + values.length + " series");
        if (this.names.stream().distinct().count() != this.names.size())
            throw new IllegalArgumentException(
                    "TimeSeries " + source + ": series names must be unique, got " + this.names);
        this.values = new float[values.length][];
        for (int s = 0; s < values.length; s++) {
            if (values[s].length != this.dates.length)
                throw new IllegalArgumentException("TimeSeries %s: series '%s' has %d values for %d dates"
                        .formatted(source, this.names.get(s), values[s].length, this.dates.length));
            this.values[s] = values[s].clone();
        }
        for (int t = 1; t < this.dates.length; t++)
            if (!frequency.next(this.dates[t - 1]).equals(this.dates[t]))
                throw new IllegalArgumentException("TimeSeries %s: %s follows %s, not one %s step"
                        .formatted(source, this.dates[t], this.dates[t - 1], frequency.label()));
    }

    /**
     * A single series.
     *
     * @param source    where the values came from, for messages
     * @param name      the series' name
     * @param dates     strictly increasing dates one {@code frequency} step apart
     * @param values    one value per date; NaN = missing (copied)
     * @param frequency the step between dates
     * @return the series
     * @throws IllegalArgumentException if the values do not match the dates or the dates are not one step apart
     */
    public static TimeSeries of(
            String source, String name, List<LocalDate> dates, float[] values, Frequency frequency) {
        return new TimeSeries(source, dates, List.of(name), new float[][] {values}, frequency);
    }

    /**
     * {@code n} consecutive dates from {@code start}, one {@code frequency} step apart.
     *
     * @param start     the first date
     * @param n         the number of dates
     * @param frequency the step
     * @return a new list of dates
     */
    public static List<LocalDate> dateRange(LocalDate start, int n, Frequency frequency) {
        List<LocalDate> d = new ArrayList<>(n);
        LocalDate x = start;
        for (int i = 0; i < n; i++, x = frequency.next(x)) d.add(x);
        return d;
    }

    /** {@return where the values came from (a file name), for messages} */
    public String source() {
        return source;
    }

    /** {@return the step between dates} */
    public Frequency frequency() {
        return frequency;
    }

    /** {@return the number of dates} */
    public int length() {
        return dates.length;
    }

    /** {@return the number of series} */
    public int seriesCount() {
        return values.length;
    }

    /** {@return the series' names, in series order (unmodifiable)} */
    public List<String> names() {
        return names;
    }

    /**
     * The date at a time index.
     *
     * @param t the time index
     * @return the date
     * @throws IndexOutOfBoundsException if {@code t} is out of range
     */
    public LocalDate date(int t) {
        return dates[t];
    }

    /** {@return all dates, in order (unmodifiable)} */
    public List<LocalDate> dates() {
        return List.of(dates);
    }

    /**
     * One value.
     *
     * @param s the series index
     * @param t the time index
     * @return series s at time index t, NaN when missing
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public float value(int s, int t) {
        return values[s][t];
    }

    /**
     * The values of one series.
     *
     * @param s the series index
     * @return a copy of series s, one value per date (NaN = missing)
     * @throws IndexOutOfBoundsException if {@code s} is out of range
     */
    public float[] values(int s) {
        return values[s].clone();
    }

    /**
     * The index of a series by name.
     *
     * @param name the series' name
     * @return its index
     * @throws IllegalArgumentException if there is no such series (the message lists the names there are)
     */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0)
            throw new IllegalArgumentException(
                    "%s has no series '%s'; it has %s".formatted(source, TimeSeriesCsv.clip(name), abbreviate(names)));
        return i;
    }

    /**
     * The index of the first date after {@code d}: the number of dates on or before {@code d}.
     *
     * @param d a date (need not be one of the series' dates)
     * @return the index, {@code length()} when no date is after {@code d}
     */
    public int indexAfter(LocalDate d) {
        int i = Arrays.binarySearch(dates, d);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** {@return the number of missing values over all series} */
    public int missingCount() {
        int n = 0;
        for (int s = 0; s < values.length; s++) n += missingCount(s);
        return n;
    }

    /**
     * The number of missing values in one series.
     *
     * @param s the series index
     * @return the count
     * @throws IndexOutOfBoundsException if {@code s} is out of range
     */
    public int missingCount(int s) {
        int n = 0;
        for (float v : values[s]) if (Float.isNaN(v)) n++;
        return n;
    }

    /**
     * The series with the given names, in that order, on the same dates.
     *
     * @param keep the names to keep
     * @return a new series
     * @throws IllegalArgumentException if a name is unknown or repeated
     */
    public TimeSeries select(List<String> keep) {
        float[][] v = new float[keep.size()][];
        for (int i = 0; i < v.length; i++) v[i] = values[indexOf(keep.get(i))];
        return new TimeSeries(source, List.of(dates), keep, v, frequency);
    }

    /**
     * Dates {@code [from, to)} of every series.
     *
     * @param from the first time index (inclusive)
     * @param to the last time index (exclusive)
     * @return a new series
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, length()]}
     */
    public TimeSeries slice(int from, int to) {
        Objects.checkFromToIndex(from, to, dates.length);
        float[][] v = new float[values.length][];
        for (int s = 0; s < v.length; s++) v[s] = Arrays.copyOfRange(values[s], from, to);
        return new TimeSeries(source, Arrays.asList(dates).subList(from, to), names, v, frequency);
    }

    /**
     * Drops the leading and trailing dates at which every series is missing (e.g. before a stock was listed).
     *
     * @return a new series (with no dates at all when every value is missing)
     */
    public TimeSeries trimMissing() {
        int from = 0, to = dates.length;
        while (from < to && allMissing(from)) from++;
        while (to > from && allMissing(to - 1)) to--;
        return slice(from, to);
    }

    private boolean allMissing(int t) {
        for (float[] s : values) if (!Float.isNaN(s[t])) return false;
        return true;
    }

    /**
     * The same series with each series' missing values replaced as {@code how} says (see {@link GapFill}).
     *
     * @param how the filling method
     * @return a new series, or this one for {@link GapFill#NONE} or when nothing is missing
     */
    public TimeSeries fillGaps(GapFill how) {
        if (how == GapFill.NONE || missingCount() == 0) return this;
        float[][] v = new float[values.length][];
        for (int s = 0; s < v.length; s++) v[s] = fill(values[s].clone(), how);
        return new TimeSeries(source, List.of(dates), names, v, frequency);
    }

    private static float[] fill(float[] x, GapFill how) {
        int n = x.length, first = 0;
        while (first < n && Float.isNaN(x[first])) first++;
        if (first == n) return x; // nothing known: stays missing
        for (int t = 0; t < first; t++) x[t] = x[first];
        int prev = first;
        for (int t = first + 1; t < n; t++) {
            if (!Float.isNaN(x[t])) {
                if (how == GapFill.LINEAR && t - prev > 1) {
                    float a = x[prev], b = x[t];
                    for (int u = prev + 1; u < t; u++) x[u] = a + (b - a) * (u - prev) / (t - prev);
                }
                prev = t;
            } else if (how == GapFill.PREVIOUS) {
                x[t] = x[prev];
            }
        }
        for (int t = prev + 1; t < n; t++) x[t] = x[prev]; // trailing gap (LINEAR): nearest known value
        return x;
    }

    /**
     * The values as an array of shape (length, seriesCount): one row per date, one column per series (NaN = missing).
     *
     * @return a new array
     */
    public NDArray toArray() {
        float[] a = new float[dates.length * values.length];
        for (int s = 0; s < values.length; s++)
            for (int t = 0; t < dates.length; t++) a[t * values.length + s] = values[s][t];
        return NDArray.of(a, dates.length, values.length);
    }

    static String abbreviate(List<String> names) {
        List<String> shown = (names.size() <= 12 ? names : names.subList(0, 10))
                .stream().map(TimeSeriesCsv::clip).toList();
        return names.size() <= 12
                ? String.join(", ", shown)
                : String.join(", ", shown) + ", ... (" + names.size() + " in all)";
    }

    @Override
    public String toString() {
        return "%s: %d %s dates %s..%s, %d series (%s), %d missing values"
                .formatted(
                        source,
                        dates.length,
                        frequency.label(),
                        dates.length > 0 ? dates[0] : "-",
                        dates.length > 0 ? dates[dates.length - 1] : "-",
                        values.length,
                        abbreviate(names),
                        missingCount());
    }
}
