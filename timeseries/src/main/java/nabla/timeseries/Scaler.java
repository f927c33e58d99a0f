package nabla.timeseries;

import java.util.Arrays;
import nabla.tensor.NDArray;

/**
 * Min-max (to [0, 1]) or standard (zero mean, unit variance) scaling of series, fitted on a range of dates (the
 * training split) only, so no statistic of validation or test data leaks into the inputs. Per series (each series
 * its own offset and scale) or global (one for all, e.g. a grid of cells in the same unit). Missing values are
 * ignored when fitting and stay missing. A constant series gets scale 1. Immutable: {@link #fit} returns a fitted
 * copy. {@code x' = (x - offset) / scale}; standard uses the population standard deviation, as scikit-learn's
 * {@code StandardScaler} ({@code MinMaxScaler} for min-max). Statistics are accumulated in double.
 */
public final class Scaler {
    /** min-max to [0, 1], or standard (z-score). */
    public enum Kind {
        /** Offset = minimum, scale = {@code max - min}: the fitted range maps to [0, 1]. */
        MIN_MAX,
        /** Offset = mean, scale = population standard deviation: zero mean, unit variance. */
        STANDARD
    }

    private final Kind kind;
    private final boolean global;
    private final float[] offset, scale; // null until fitted

    private Scaler(Kind kind, boolean global, float[] offset, float[] scale) {
        this.kind = kind;
        this.global = global;
        this.offset = offset;
        this.scale = scale;
    }

    /** {@return an unfitted per-series min-max scaler} */
    public static Scaler minMax() {
        return new Scaler(Kind.MIN_MAX, false, null, null);
    }

    /** {@return an unfitted per-series standard scaler} */
    public static Scaler standard() {
        return new Scaler(Kind.STANDARD, false, null, null);
    }

    /**
     * The same kind with one offset and scale shared by all series (fitted over all their values together).
     *
     * @return a new, unfitted scaler
     */
    public Scaler global() {
        return new Scaler(kind, true, null, null);
    }

    /** {@return the kind of scaling} */
    public Kind kind() {
        return kind;
    }

    /** {@return whether one offset and scale serve all series} */
    public boolean isGlobal() {
        return global;
    }

    /** {@return whether {@link #fit} made this scaler} */
    public boolean isFitted() {
        return offset != null;
    }

    /**
     * A scaler of this kind fitted on dates {@code [from, to)} of every series of {@code ts} (the receiver, fitted or
     * not, is unchanged). A series with no known value in the range gets offset 0 and scale 1.
     *
     * @param ts the series
     * @param from the first time index (inclusive)
     * @param to the last time index (exclusive)
     * @return a new, fitted scaler
     * @throws IndexOutOfBoundsException if the range lies outside {@code ts}'s dates
     */
    public Scaler fit(TimeSeries ts, int from, int to) {
        int n = ts.seriesCount();
        float[] off = new float[n], sc = new float[n];
        if (global) {
            double[] st = stats(ts, 0, n, from, to);
            Arrays.fill(off, (float) st[0]);
            Arrays.fill(sc, (float) st[1]);
        } else {
            for (int s = 0; s < n; s++) {
                double[] st = stats(ts, s, s + 1, from, to);
                off[s] = (float) st[0];
                sc[s] = (float) st[1];
            }
        }
        return new Scaler(kind, global, off, sc);
    }

    private double[] stats(TimeSeries ts, int s0, int s1, int from, int to) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sq = 0;
        long n = 0;
        for (int s = s0; s < s1; s++)
            for (int t = from; t < to; t++) {
                float v = ts.value(s, t);
                if (Float.isNaN(v)) continue;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                n++;
            }
        if (n == 0) return new double[] {0, 1}; // nothing known (e.g. a land cell): identity
        double mean = sum / n;
        for (int s = s0; s < s1; s++)
            for (int t = from; t < to; t++) {
                float v = ts.value(s, t);
                if (!Float.isNaN(v)) sq += (v - mean) * (v - mean);
            }
        double off = kind == Kind.MIN_MAX ? min : mean;
        double sc = kind == Kind.MIN_MAX ? max - min : Math.sqrt(sq / n);
        return new double[] {off, sc > 0 ? sc : 1};
    }

    /**
     * The fitted offset of one series.
     *
     * @param s the series index
     * @return its minimum (min-max) or mean (standard)
     * @throws IllegalStateException if the scaler is not fitted
     */
    public float offset(int s) {
        requireFitted("offset");
        return offset[s];
    }

    /**
     * The fitted scale of one series.
     *
     * @param s the series index
     * @return its {@code max - min} (min-max) or standard deviation (standard); 1 for a constant series
     * @throws IllegalStateException if the scaler is not fitted
     */
    public float scale(int s) {
        requireFitted("scale");
        return scale[s];
    }

    /**
     * Scales every series of {@code ts}; missing values stay missing.
     *
     * @param ts series matching the ones fitted on (series i is scaled with series i's statistics)
     * @return a new series in scaled units
     * @throws IllegalStateException if the scaler is not fitted
     * @throws IllegalArgumentException if {@code ts} has a different number of series
     */
    public TimeSeries transform(TimeSeries ts) {
        return map(ts, false);
    }

    /**
     * Undoes {@link #transform(TimeSeries)}: scaled values back in original units.
     *
     * @param ts scaled series matching the ones fitted on
     * @return a new series in original units
     * @throws IllegalStateException if the scaler is not fitted
     * @throws IllegalArgumentException if {@code ts} has a different number of series
     */
    public TimeSeries inverseTransform(TimeSeries ts) {
        return map(ts, true);
    }

    /**
     * One value of series s, scaled. The scaler must be fitted.
     *
     * @param s the series index
     * @param v the value in original units
     * @return {@code (v - offset(s)) / scale(s)}
     */
    public float transform(int s, float v) {
        return (v - offset[s]) / scale[s];
    }

    /**
     * One scaled value of series s, back in original units. The scaler must be fitted.
     *
     * @param s the series index
     * @param v the scaled value
     * @return {@code v * scale(s) + offset(s)}
     */
    public float inverse(int s, float v) {
        return v * scale[s] + offset[s];
    }

    /**
     * Every element of {@code a} (scaled values of series s, e.g. a model's forecasts) back in original units.
     *
     * @param a scaled values of any shape (not modified)
     * @param s the series index
     * @return a new contiguous array of the same shape
     * @throws IllegalStateException if the scaler is not fitted
     */
    public NDArray inverseTransform(NDArray a, int s) {
        requireFitted("inverseTransform");
        NDArray c = a.contiguous().copy();
        float[] d = c.data();
        for (int i = c.offset(), e = c.offset() + c.shape().size(); i < e; i++) d[i] = d[i] * scale[s] + offset[s];
        return c;
    }

    private TimeSeries map(TimeSeries ts, boolean inverse) {
        requireFitted(inverse ? "inverseTransform" : "transform");
        if (ts.seriesCount() != offset.length)
            throw new IllegalArgumentException(
                    "Scaler: fitted on %d series, got %d (%s)".formatted(offset.length, ts.seriesCount(), ts.source()));
        float[][] v = new float[ts.seriesCount()][];
        for (int s = 0; s < v.length; s++) {
            v[s] = ts.values(s);
            for (int t = 0; t < v[s].length; t++)
                v[s][t] = inverse ? v[s][t] * scale[s] + offset[s] : (v[s][t] - offset[s]) / scale[s];
        }
        return new TimeSeries(ts.source(), ts.dates(), ts.names(), v, ts.frequency());
    }

    private void requireFitted(String what) {
        if (offset == null)
            throw new IllegalStateException(
                    "Scaler." + what + ": the scaler is not fitted; call fit(trainingSeries, from, to) first");
    }

    @Override
    public String toString() {
        return "Scaler(" + kind + (global ? ", global" : ", per series") + (offset == null ? ", unfitted)" : ")");
    }
}
