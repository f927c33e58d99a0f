package nabla.timeseries;

import java.util.ArrayList;
import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Cuts series into supervised samples: {@code k} steps in, the next {@code l} steps out, a new window every
 * {@code stride} steps. A window belongs to a time range {@code [from, to)} when all its targets lie in it; its
 * inputs are the k steps just before its first target and may lie before {@code from} (so a test window may read
 * the last training days, as a deployed forecaster would), but never before index 0. Windows are taken from the
 * earliest possible first target, {@code max(from, k)}, onwards. Windows that touch a missing value are skipped
 * and counted ({@link WindowSet#skipped()}).
 */
public final class SlidingWindows {
    private SlidingWindows() {}

    /**
     * Windows whose inputs are all series of {@code ts} (features = {@code seriesCount()}, in series order) and whose
     * targets come from series {@code target}; univariate when {@code ts} has one series.
     *
     * @param ts the series
     * @param k the input steps per window
     * @param l the target steps per window (the horizon)
     * @param stride the steps between the first targets of consecutive windows
     * @param from the first time index a target may have
     * @param to the end (exclusive) of the target range
     * @param target the index of the target series
     * @return the windows: x (n, k, seriesCount), y (n, l)
     * @throws IllegalArgumentException if {@code k}, {@code l} or {@code stride} is below 1, or {@code [from, to)}
     *     is not a range of {@code ts}'s dates
     */
    public static WindowSet make(TimeSeries ts, int k, int l, int stride, int from, int to, int target) {
        int[] all = new int[ts.seriesCount()];
        for (int s = 0; s < all.length; s++) all[s] = s;
        return make(ts, k, l, stride, from, to, all, target);
    }

    /**
     * Windows whose inputs come from the series {@code inputs} (features in that order) and whose targets come from
     * series {@code target}.
     *
     * @param ts the series
     * @param k the input steps per window
     * @param l the target steps per window (the horizon)
     * @param stride the steps between the first targets of consecutive windows
     * @param from the first time index a target may have
     * @param to the end (exclusive) of the target range
     * @param inputs the indices of the input series
     * @param target the index of the target series
     * @return the windows: x (n, k, inputs.length), y (n, l)
     * @throws IllegalArgumentException if {@code k}, {@code l} or {@code stride} is below 1, or {@code [from, to)}
     *     is not a range of {@code ts}'s dates
     */
    public static WindowSet make(TimeSeries ts, int k, int l, int stride, int from, int to, int[] inputs, int target) {
        check(ts, k, l, stride, from, to);
        List<Integer> starts = new ArrayList<>();
        int skipped = 0;
        for (int t0 = Math.max(from, k); t0 + l <= to; t0 += stride) {
            if (complete(ts, inputs, target, t0, k, l)) starts.add(t0);
            else skipped++;
        }
        int n = starts.size(), f = inputs.length;
        float[] x = new float[n * k * f], y = new float[n * l];
        int[] ts0 = new int[n], ser = new int[n];
        for (int i = 0; i < n; i++) {
            int t0 = starts.get(i);
            ts0[i] = t0;
            ser[i] = target;
            for (int j = 0; j < k; j++)
                for (int c = 0; c < f; c++) x[(i * k + j) * f + c] = ts.value(inputs[c], t0 - k + j);
            for (int j = 0; j < l; j++) y[i * l + j] = ts.value(target, t0 + j);
        }
        return new WindowSet(NDArray.wrap(x, Shape.of(n, k, f)), NDArray.wrap(y, Shape.of(n, l)), ts0, ser, skipped);
    }

    /**
     * Windows for one model of many series (e.g. all ocean cells of a grid): the windows of every series, one feature
     * each, series by series, in series order; series with no known value are left out (and not counted as
     * skipped). {@link WindowSet#series(int)} tells which series each window comes from.
     *
     * @param ts the series
     * @param k the input steps per window
     * @param l the target steps per window (the horizon)
     * @param stride the steps between the first targets of consecutive windows
     * @param from the first time index a target may have
     * @param to the end (exclusive) of the target range
     * @return the windows of all series: x (n, k, 1), y (n, l)
     * @throws IllegalArgumentException if {@code k}, {@code l} or {@code stride} is below 1, or {@code [from, to)}
     *     is not a range of {@code ts}'s dates
     */
    public static WindowSet pooled(TimeSeries ts, int k, int l, int stride, int from, int to) {
        check(ts, k, l, stride, from, to);
        List<NDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<int[]> starts = new ArrayList<>(), series = new ArrayList<>();
        int skipped = 0, n = 0;
        for (int s = 0; s < ts.seriesCount(); s++) {
            if (ts.missingCount(s) == ts.length()) continue;
            WindowSet w = make(ts, k, l, stride, from, to, new int[] {s}, s);
            xs.add(w.x());
            ys.add(w.y());
            starts.add(w.targetStart());
            series.add(w.series());
            skipped += w.skipped();
            n += w.size();
        }
        int[] t0 = new int[n], ser = new int[n];
        int o = 0;
        for (int i = 0; i < starts.size(); i++) {
            System.arraycopy(starts.get(i), 0, t0, o, starts.get(i).length);
            System.arraycopy(series.get(i), 0, ser, o, series.get(i).length);
            o += starts.get(i).length;
        }
        if (xs.isEmpty()) return new WindowSet(NDArray.zeros(0, k, 1), NDArray.zeros(0, l), t0, ser, skipped);
        return new WindowSet(NDArray.concat(0, xs), NDArray.concat(0, ys), t0, ser, skipped);
    }

    private static boolean complete(TimeSeries ts, int[] inputs, int target, int t0, int k, int l) {
        for (int c : inputs) for (int t = t0 - k; t < t0; t++) if (Float.isNaN(ts.value(c, t))) return false;
        for (int t = t0; t < t0 + l; t++) if (Float.isNaN(ts.value(target, t))) return false;
        return true;
    }

    private static void check(TimeSeries ts, int k, int l, int stride, int from, int to) {
        if (k < 1 || l < 1 || stride < 1)
            throw new IllegalArgumentException(
                    "SlidingWindows: window k, horizon l and stride must be >= 1, got k=%d, l=%d, stride=%d"
                            .formatted(k, l, stride));
        if (from < 0 || to > ts.length() || from > to)
            throw new IllegalArgumentException("SlidingWindows: range [%d, %d) is outside the %d dates of %s"
                    .formatted(from, to, ts.length(), ts.source()));
    }
}
