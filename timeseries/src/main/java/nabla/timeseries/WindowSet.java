package nabla.timeseries;

import java.util.Arrays;
import nabla.tensor.NDArray;

/**
 * Sliding-window samples: inputs {@code x} of shape (samples, k, features), targets {@code y} of shape
 * (samples, l); for each sample the time index of its first target ({@code targetStart}) and the series its
 * target comes from ({@code series}); {@code skipped} counts windows dropped because they touched a missing value.
 * The arrays are copied in and out.
 */
public record WindowSet(NDArray x, NDArray y, int[] targetStart, int[] series, int skipped) {
    public WindowSet {
        targetStart = targetStart.clone();
        series = series.clone();
    }

    public int size() {
        return targetStart.length;
    }

    @Override
    public int[] targetStart() {
        return targetStart.clone();
    }

    @Override
    public int[] series() {
        return series.clone();
    }

    /** The first target's time index of sample i. */
    public int targetStart(int i) {
        return targetStart[i];
    }

    /** The target series of sample i. */
    public int series(int i) {
        return series[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowSet w && x.equals(w.x) && y.equals(w.y) && Arrays.equals(targetStart, w.targetStart)
                && Arrays.equals(series, w.series) && skipped == w.skipped;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(targetStart) * 31 + Arrays.hashCode(series);
    }

    @Override
    public String toString() {
        return "WindowSet(" + size() + " samples, x " + x.shape() + ", y " + y.shape() + ", " + skipped + " skipped)";
    }
}
