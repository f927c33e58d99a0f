package nabla.timeseries;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * The seasonal cycle of each series: the mean value per day of year (daily series), ISO week of year (weekly)
 * or month (monthly), over a range of dates (the training years). Used as a naive forecast: the prediction for a
 * date is the mean of its slot.
 *
 * <p>Days of year use a 365-day calendar: February 29 shares February 28's slot (its values count towards that
 * slot's mean, and a forecast for February 29 is February 28's mean), and March 1 is slot 59 in every year, so
 * a leap year does not shift the calendar by a day. Weekly series have 53 slots (ISO weeks). Missing values are
 * ignored; a slot without any training value (e.g. ISO week 53 if no training year has one) falls back to the
 * series' mean over the range.
 */
public final class Climatology {
    private final Frequency frequency;
    private final float[][] means; // [series][slot]

    private Climatology(Frequency frequency, float[][] means) {
        this.frequency = frequency;
        this.means = means;
    }

    /**
     * Fits the slot means of every series over dates {@code [from, to)}, ignoring missing values. A series with no
     * known value in the range gets NaN in every slot.
     *
     * @param ts the series
     * @param from the first date index (inclusive)
     * @param to the last date index (exclusive)
     * @return the fitted climatology
     * @throws IndexOutOfBoundsException if the range lies outside {@code ts}'s dates
     */
    public static Climatology fit(TimeSeries ts, int from, int to) {
        Frequency f = ts.frequency();
        int slots = slots(f);
        float[][] m = new float[ts.seriesCount()][slots];
        for (int s = 0; s < m.length; s++) {
            double[] sum = new double[slots];
            int[] n = new int[slots];
            double all = 0;
            int allN = 0;
            for (int t = from; t < to; t++) {
                float v = ts.value(s, t);
                if (Float.isNaN(v)) continue;
                int slot = slot(f, ts.date(t));
                sum[slot] += v;
                n[slot]++;
                all += v;
                allN++;
            }
            float fallback = allN == 0 ? Float.NaN : (float) (all / allN);
            for (int i = 0; i < slots; i++) m[s][i] = n[i] == 0 ? fallback : (float) (sum[i] / n[i]);
        }
        return new Climatology(f, m);
    }

    /**
     * The number of slots of a frequency.
     *
     * @param f the frequency
     * @return 365 (daily), 53 (weekly) or 12 (monthly)
     */
    public static int slots(Frequency f) {
        return switch (f) {
            case DAILY -> 365;
            case WEEKLY -> 53;
            case MONTHLY -> 12;
        };
    }

    /**
     * The 0-based slot of a date: its day of a 365-day year (see the class comment for February 29), its ISO week
     * minus 1, or its month minus 1.
     *
     * @param f the frequency
     * @param d the date
     * @return the slot, in {@code [0, slots(f))}
     */
    public static int slot(Frequency f, LocalDate d) {
        return switch (f) {
            case DAILY ->
                LocalDate.of(
                                        2001,
                                        d.getMonthValue(),
                                        d.getMonthValue() == 2 && d.getDayOfMonth() == 29 ? 28 : d.getDayOfMonth())
                                .getDayOfYear()
                        - 1;
            case WEEKLY -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) - 1;
            case MONTHLY -> d.getMonthValue() - 1;
        };
    }

    /**
     * The climatological value of series s on date d: the mean of d's slot.
     *
     * @param s the series index
     * @param d the date (any year)
     * @return the slot mean
     */
    public float predict(int s, LocalDate d) {
        return means[s][slot(frequency, d)];
    }

    /**
     * The mean of series s in a slot.
     *
     * @param s the series index
     * @param slot the slot, in {@code [0, slots(frequency()))}
     * @return the mean (the series' overall mean for a slot without values)
     */
    public float slotMean(int s, int slot) {
        return means[s][slot];
    }

    /** {@return the frequency of the series it was fitted on} */
    public Frequency frequency() {
        return frequency;
    }
}
