package nabla.timeseries;

import java.time.LocalDate;

/**
 * A chronological train / validation / test split of a series, as time indices: train is {@code [0, trainEnd)},
 * validation {@code [trainEnd, valEnd)}, test {@code [valEnd, length)}. Nothing is shuffled: every validation date
 * comes after every training date, and every test date after both. Windows for a split take their targets inside
 * it and may read their inputs from the dates just before it (see {@link SlidingWindows}), as a forecaster would
 * in use. Unlike scikit-learn's {@code train_test_split} there is no shuffling option.
 *
 * @param trainEnd the end (exclusive) of the training dates; at least 1
 * @param valEnd the end (exclusive) of the validation dates; equal to {@code trainEnd} for no validation
 * @param length the number of dates of the series; equal to {@code valEnd} for no test dates
 */
public record ChronoSplit(int trainEnd, int valEnd, int length) {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException unless {@code 0 < trainEnd <= valEnd <= length}
     */
    public ChronoSplit {
        if (!(0 < trainEnd && trainEnd <= valEnd && valEnd <= length))
            throw new IllegalArgumentException("ChronoSplit: need 0 < trainEnd <= valEnd <= length, got %d, %d, %d"
                    .formatted(trainEnd, valEnd, length));
    }

    /**
     * Splits by dates: train up to and including {@code trainEnd}, validation after it up to and including
     * {@code valEnd}, test after that.
     *
     * @param ts the series (its dates)
     * @param trainEnd the last training date (need not be one of the series' dates)
     * @param valEnd the last validation date; equal to {@code trainEnd} for no validation
     * @return the split
     * @throws IllegalArgumentException if {@code valEnd} is before {@code trainEnd}, no date is on or before
     *     {@code trainEnd}, or no date is left after {@code valEnd}
     */
    public static ChronoSplit byDates(TimeSeries ts, LocalDate trainEnd, LocalDate valEnd) {
        if (valEnd.isBefore(trainEnd))
            throw new IllegalArgumentException(
                    "%s: validation end %s is before training end %s; give --val-end after --train-end"
                            .formatted(ts.source(), valEnd, trainEnd));
        int a = ts.indexAfter(trainEnd), b = ts.indexAfter(valEnd);
        if (a == 0)
            throw new IllegalArgumentException("%s: training end %s is before the first date %s; choose a later date"
                    .formatted(ts.source(), trainEnd, ts.date(0)));
        if (b >= ts.length())
            throw new IllegalArgumentException(
                    "%s: validation end %s leaves no test dates (last date %s); choose an earlier date"
                            .formatted(ts.source(), valEnd, ts.date(ts.length() - 1)));
        return new ChronoSplit(a, b, ts.length());
    }

    /**
     * The last {@code testFraction} of the dates for test, the {@code valFraction} before them for validation,
     * the rest for training (each count rounded to the nearest date).
     *
     * @param ts the series (its length)
     * @param valFraction the share of validation dates, at least 0
     * @param testFraction the share of test dates, above 0
     * @return the split
     * @throws IllegalArgumentException unless {@code valFraction >= 0}, {@code testFraction > 0} and their sum is
     *     below 1, or if the rounding leaves no training date
     */
    public static ChronoSplit byFractions(TimeSeries ts, double valFraction, double testFraction) {
        if (!(valFraction >= 0 && testFraction > 0 && valFraction + testFraction < 1))
            throw new IllegalArgumentException(
                    "ChronoSplit: fractions must satisfy val >= 0, test > 0, val + test < 1; got %s and %s"
                            .formatted(valFraction, testFraction));
        int n = ts.length();
        int valEnd = n - (int) Math.round(n * testFraction);
        int trainEnd = valEnd - (int) Math.round(n * valFraction);
        return new ChronoSplit(trainEnd, valEnd, n);
    }

    /**
     * The three ranges as text with their date counts, e.g. "train 1982-01-01..2012-08-31 (11201), validation ...,
     * test ..."; an empty range is "-".
     *
     * @param ts the series this split was made for (its dates)
     * @return the text
     */
    public String describe(TimeSeries ts) {
        return "train %s (%d), validation %s (%d), test %s (%d)"
                .formatted(
                        range(ts, 0, trainEnd),
                        trainEnd,
                        range(ts, trainEnd, valEnd),
                        valEnd - trainEnd,
                        range(ts, valEnd, length),
                        length - valEnd);
    }

    private static String range(TimeSeries ts, int from, int to) {
        return from >= to ? "-" : ts.date(from) + ".." + ts.date(to - 1);
    }
}
