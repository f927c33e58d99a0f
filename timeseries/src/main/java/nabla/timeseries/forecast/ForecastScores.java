package nabla.timeseries.forecast;

import java.util.Arrays;
import nabla.tensor.NDArray;

/**
 * Errors of a forecast against the truth, both (n, l) in original units: RMSE and MAE at each horizon step, and
 * over all steps (RMSE over all n·l values, i.e. the root of the mean of the per-step MSEs; MAE their mean).
 * Computed in double. The arrays are copied in and out; {@link #equals} compares the per-step arrays.
 *
 * @param rmsePerStep the RMSE at each horizon step (length l)
 * @param maePerStep the MAE at each horizon step (length l)
 * @param rmse the RMSE over all values
 * @param mae the MAE over all values
 */
public record ForecastScores(double[] rmsePerStep, double[] maePerStep, double rmse, double mae) {
    /**
     * Copies the arrays.
     *
     * @throws NullPointerException if an array is null
     */
    public ForecastScores {
        rmsePerStep = rmsePerStep.clone();
        maePerStep = maePerStep.clone();
    }

    /** {@return the RMSE at each horizon step (a copy)} */
    @Override
    public double[] rmsePerStep() {
        return rmsePerStep.clone();
    }

    /** {@return the MAE at each horizon step (a copy)} */
    @Override
    public double[] maePerStep() {
        return maePerStep.clone();
    }

    /**
     * Scores {@code prediction} against {@code truth}.
     *
     * @param prediction the forecasts, (n, l)
     * @param truth the true values, (n, l), in the same units
     * @return the scores
     * @throws IllegalArgumentException if the shapes differ or are not of rank 2, or there are no samples
     */
    public static ForecastScores of(NDArray prediction, NDArray truth) {
        if (!prediction.shape().equals(truth.shape()) || prediction.shape().rank() != 2)
            throw new IllegalArgumentException(
                    "ForecastScores: prediction %s and truth %s must both be (samples, horizon)"
                            .formatted(prediction.shape(), truth.shape()));
        int n = truth.dim(0), l = truth.dim(1);
        if (n == 0) throw new IllegalArgumentException("ForecastScores: no samples to score");
        NDArray p = prediction.contiguous(), t = truth.contiguous();
        float[] pd = p.data(), td = t.data();
        double[] se = new double[l], ae = new double[l];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < l; j++) {
                double e = pd[p.offset() + i * l + j] - td[t.offset() + i * l + j];
                se[j] += e * e;
                ae[j] += Math.abs(e);
            }
        double[] rmse = new double[l], mae = new double[l];
        double seAll = 0, aeAll = 0;
        for (int j = 0; j < l; j++) {
            rmse[j] = Math.sqrt(se[j] / n);
            mae[j] = ae[j] / n;
            seAll += se[j];
            aeAll += ae[j];
        }
        return new ForecastScores(rmse, mae, Math.sqrt(seAll / ((double) n * l)), aeAll / ((double) n * l));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastScores s
                && Arrays.equals(rmsePerStep, s.rmsePerStep)
                && Arrays.equals(maePerStep, s.maePerStep);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rmsePerStep);
    }

    @Override
    public String toString() {
        return "RMSE %.4f, MAE %.4f (per step RMSE %s)".formatted(rmse, mae, Arrays.toString(rmsePerStep));
    }
}
