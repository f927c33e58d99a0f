package nabla.timeseries;

import java.util.Arrays;
import nabla.tensor.NDArray;

/**
 * Sliding-window samples, as {@link SlidingWindows} makes them: inputs {@code x} of shape (samples, k, features),
 * the layout Keras' and Nabla's recurrent layers take (batch, time steps, features), and targets {@code y} of shape
 * (samples, l); for each sample the time index of its first target ({@code targetStart}) and the series its
 * target comes from ({@code series}); {@code skipped} counts windows dropped because they touched a missing value.
 * The int arrays are copied in and out; the two {@code NDArray}s are shared, not copied.
 *
 * @param x the inputs, (samples, k, features)
 * @param y the targets, (samples, l)
 * @param targetStart per sample, the time index of its first target
 * @param series per sample, the index of the series its targets come from
 * @param skipped the number of windows left out because they touched a missing value
 */
public record WindowSet(NDArray x, NDArray y, int[] targetStart, int[] series, int skipped) {
    /**
     * Copies the int arrays.
     *
     * @throws NullPointerException if {@code targetStart} or {@code series} is null
     */
    public WindowSet {
        targetStart = targetStart.clone();
        series = series.clone();
    }

    /** {@return the number of samples} */
    public int size() {
        return targetStart.length;
    }

    /** {@return per sample, the time index of its first target (a copy)} */
    @Override
    public int[] targetStart() {
        return targetStart.clone();
    }

    /** {@return per sample, the index of its target series (a copy)} */
    @Override
    public int[] series() {
        return series.clone();
    }

    /**
     * The time index of sample i's first target.
     *
     * @param i the sample
     * @return the time index
     */
    public int targetStart(int i) {
        return targetStart[i];
    }

    /**
     * The index of sample i's target series.
     *
     * @param i the sample
     * @return the series index
     */
    public int series(int i) {
        return series[i];
    }

    /**
     * Equal when the other is a window set with the same {@code x} and {@code y} objects ({@code NDArray} compares
     * by identity), the same per-sample indices and the same skipped count.
     *
     * @param o the object to compare with
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof WindowSet w
                && x.equals(w.x)
                && y.equals(w.y)
                && Arrays.equals(targetStart, w.targetStart)
                && Arrays.equals(series, w.series)
                && skipped == w.skipped;
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
