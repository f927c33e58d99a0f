package nabla.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class TimeSeriesToolkitTest {
    static final float N = Float.NaN;

    static TimeSeries daily(LocalDate start, float... v) {
        return TimeSeries.of(
                "test.csv", "v", TimeSeries.dateRange(start, v.length, Frequency.DAILY), v, Frequency.DAILY);
    }

    static TimeSeries ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return daily(LocalDate.of(2020, 1, 1), v);
    }

    @Test
    void windowsTakeKInputsAndTheNextLTargets() {
        WindowSet w = SlidingWindows.make(ramp(10), 3, 2, 1, 0, 10, 0);
        assertEquals(6, w.size()); // first targets 3..8
        assertEquals(Shape.of(6, 3, 1), w.x().shape());
        assertEquals(Shape.of(6, 2), w.y().shape());
        assertArrayEquals(
                new float[] {0, 1, 2}, w.x().slice(0, 0, 1).contiguous().copy().data());
        assertArrayEquals(
                new float[] {3, 4}, w.y().slice(0, 0, 1).contiguous().copy().data());
        assertArrayEquals(new int[] {3, 4, 5, 6, 7, 8}, w.targetStart());
    }

    @Test
    void strideAndRangeSelectWindowsWhoseTargetsLieInTheRange() {
        assertArrayEquals(
                new int[] {3, 5, 7},
                SlidingWindows.make(ramp(10), 3, 2, 2, 0, 10, 0).targetStart());
        WindowSet test = SlidingWindows.make(ramp(10), 3, 2, 1, 6, 10, 0);
        assertArrayEquals(new int[] {6, 7, 8}, test.targetStart());
        assertArrayEquals(
                new float[] {3, 4, 5},
                test.x().slice(0, 0, 1).contiguous().copy().data()); // inputs before the range
        assertEquals(0, SlidingWindows.make(ramp(10), 3, 2, 1, 8, 9, 0).size()); // range shorter than the horizon
    }

    @Test
    void windowsTouchingAMissingValueAreSkippedAndCounted() {
        WindowSet w = SlidingWindows.make(daily(LocalDate.of(2020, 1, 1), 0, 1, 2, N, 4, 5, 6, 7), 2, 1, 1, 0, 8, 0);
        assertArrayEquals(new int[] {2, 6, 7}, w.targetStart());
        assertEquals(3, w.skipped()); // targets 3, 4 (input 3) and 5 (input 3)
    }

    @Test
    void multivariateAndPooledWindows() {
        TimeSeries two = new TimeSeries(
                "g.csv",
                TimeSeries.dateRange(LocalDate.of(2020, 1, 1), 5, Frequency.DAILY),
                List.of("a", "b", "land"),
                new float[][] {{0, 1, 2, 3, 4}, {10, 11, 12, 13, 14}, {N, N, N, N, N}},
                Frequency.DAILY);
        WindowSet m = SlidingWindows.make(two, 2, 1, 1, 0, 5, new int[] {0, 1}, 1);
        assertEquals(Shape.of(3, 2, 2), m.x().shape());
        assertArrayEquals(
                new float[] {0, 10, 1, 11},
                m.x().slice(0, 0, 1).contiguous().copy().data());
        assertArrayEquals(new float[] {12, 13, 14}, m.y().contiguous().copy().data());
        WindowSet p = SlidingWindows.pooled(two, 2, 1, 1, 0, 5);
        assertEquals(6, p.size());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, p.series());
        assertEquals(0, p.skipped());
    }

    @Test
    void fillGapsPreviousLinearAndNone() {
        TimeSeries s = daily(LocalDate.of(2020, 1, 1), N, 1, N, N, 4, N);
        assertEquals(4, s.missingCount());
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 4, 4}, s.fillGaps(GapFill.PREVIOUS).values(0));
        assertArrayEquals(
                new float[] {1, 1, 2, 3, 4, 4}, s.fillGaps(GapFill.LINEAR).values(0));
        assertEquals(4, s.fillGaps(GapFill.NONE).missingCount());
        assertEquals(0, s.fillGaps(GapFill.LINEAR).missingCount());
        assertEquals(
                3,
                daily(LocalDate.of(2020, 1, 1), N, N, N)
                        .fillGaps(GapFill.LINEAR)
                        .missingCount()); // nothing known
    }

    @Test
    void chronologicalSplitsByDateAndFraction() {
        TimeSeries s = ramp(10); // 2020-01-01 .. 2020-01-10
        ChronoSplit byDate = ChronoSplit.byDates(s, LocalDate.of(2020, 1, 6), LocalDate.of(2020, 1, 8));
        assertEquals(new ChronoSplit(6, 8, 10), byDate);
        assertEquals(new ChronoSplit(7, 8, 10), ChronoSplit.byFractions(s, 0.1, 0.2));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ChronoSplit.byDates(s, LocalDate.of(2020, 1, 6), LocalDate.of(2020, 1, 10)));
        assertTrue(e.getMessage().contains("leaves no test dates"), e.getMessage());
    }

    @Test
    void scalersFitOnTrainingDatesOnly() {
        TimeSeries s = daily(LocalDate.of(2020, 1, 1), 2, 4, N, 6, 100);
        Scaler mm = Scaler.minMax().fit(s, 0, 4); // 100 is a test value: not seen
        assertEquals(2f, mm.offset(0));
        assertEquals(4f, mm.scale(0));
        float[] t = mm.transform(s).values(0);
        assertArrayEquals(new float[] {0, 0.5f, N, 1, 24.5f}, t);
        assertArrayEquals(s.values(0), mm.inverseTransform(mm.transform(s)).values(0), 1e-5f);
        Scaler st = Scaler.standard().fit(s, 0, 4);
        assertEquals(4f, st.offset(0), 1e-6);
        assertEquals((float) Math.sqrt(8.0 / 3), st.scale(0), 1e-6);
        assertEquals(
                1f,
                Scaler.minMax().fit(daily(LocalDate.of(2020, 1, 1), 3, 3), 0, 2).scale(0)); // constant
        assertThrows(IllegalStateException.class, () -> Scaler.minMax().transform(s));
    }

    @Test
    void globalScalerSharesOneOffsetAndScale() {
        TimeSeries two = new TimeSeries(
                "g.csv",
                TimeSeries.dateRange(LocalDate.of(2020, 1, 1), 2, Frequency.DAILY),
                List.of("a", "b"),
                new float[][] {{0, 1}, {3, 4}},
                Frequency.DAILY);
        Scaler per = Scaler.minMax().fit(two, 0, 2),
                global = Scaler.minMax().global().fit(two, 0, 2);
        assertEquals(3f, per.offset(1));
        assertEquals(0f, global.offset(1));
        assertEquals(4f, global.scale(0));
        assertArrayEquals(
                new float[] {6, 8},
                per.inverseTransform(NDArray.of(new float[] {3, 5}, 2), 1).data());
    }

    @Test
    void weeklyMeansKeepCompleteIsoWeeksOnly() {
        float[] v = new float[20];
        for (int i = 0; i < v.length; i++) v[i] = i;
        v[7] = N;
        TimeSeries d = daily(LocalDate.of(2024, 1, 3), v); // a Wednesday .. 2024-01-22 (Monday)
        TimeSeries w = Resample.weeklyMeans(d);
        assertEquals(Frequency.WEEKLY, w.frequency());
        assertEquals(List.of(LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 15)), w.dates());
        assertEquals((5 + 6 + 8 + 9 + 10 + 11) / 6f, w.value(0, 0), 1e-5); // index 7 missing: mean of the other six
        assertEquals((12 + 18) / 2f, w.value(0, 1), 1e-5);
    }

    @Test
    void monthlyMeansKeepCompleteCalendarMonthsOnly() {
        float[] v = new float[77]; // 2024-01-15 .. 2024-03-31
        for (int i = 0; i < v.length; i++) v[i] = i < 17 ? 0 : i < 17 + 29 ? 1 + i % 2 : 10;
        TimeSeries m = Resample.monthlyMeans(daily(LocalDate.of(2024, 1, 15), v));
        assertEquals(List.of(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1)), m.dates());
        assertEquals((15 * 2 + 14 * 1) / 29f, m.value(0, 0), 1e-5); // February 2024: 29 days
        assertEquals(10f, m.value(0, 1));
        assertThrows(
                IllegalArgumentException.class, () -> Resample.monthlyMeans(daily(LocalDate.of(2024, 1, 15), 1, 2, 3)));
    }

    @Test
    void climatologyAveragesEachDayOfYearAndMergesFebruary29IntoFebruary28() {
        int n = 366 + 365; // 2020 (leap) and 2021
        float[] v = new float[n];
        List<LocalDate> dates = TimeSeries.dateRange(LocalDate.of(2020, 1, 1), n, Frequency.DAILY);
        for (int i = 0; i < n; i++) v[i] = dates.get(i).getYear() == 2020 ? 10 : 20;
        v[dates.indexOf(LocalDate.of(2020, 2, 29))] = 40;
        Climatology c = Climatology.fit(TimeSeries.of("c.csv", "v", dates, v, Frequency.DAILY), 0, n);
        assertEquals(15f, c.predict(0, LocalDate.of(2030, 3, 1)));
        assertEquals((10 + 40 + 20) / 3f, c.predict(0, LocalDate.of(2024, 2, 28)), 1e-5);
        assertEquals(c.predict(0, LocalDate.of(2024, 2, 28)), c.predict(0, LocalDate.of(2024, 2, 29)));
        assertEquals(
                Climatology.slot(Frequency.DAILY, LocalDate.of(2021, 3, 1)),
                Climatology.slot(Frequency.DAILY, LocalDate.of(2020, 3, 1)));
        assertEquals(364, Climatology.slot(Frequency.DAILY, LocalDate.of(2020, 12, 31)));
    }

    @Test
    void monthlyClimatologyAndTrim() {
        List<LocalDate> d = TimeSeries.dateRange(LocalDate.of(2000, 1, 1), 24, Frequency.MONTHLY);
        float[] v = new float[24];
        for (int i = 0; i < 24; i++) v[i] = i % 12 + (i >= 12 ? 1 : 0);
        Climatology c = Climatology.fit(TimeSeries.of("m.csv", "v", d, v, Frequency.MONTHLY), 0, 24);
        assertEquals(0.5f, c.predict(0, LocalDate.of(2005, 1, 1)));
        assertEquals(
                3,
                daily(LocalDate.of(2020, 1, 1), N, 1, N, 2, N, N).trimMissing().length());
    }
}
