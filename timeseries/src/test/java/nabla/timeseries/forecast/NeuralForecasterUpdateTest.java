package nabla.timeseries.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import nabla.tensor.Shape;
import nabla.timeseries.Scaler;
import nabla.timeseries.SlidingWindows;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.WindowSet;
import org.junit.jupiter.api.Test;

/** NeuralForecaster on plain windows (pooled grids) and its online update (fineTune). */
class NeuralForecasterUpdateTest {
    @Test
    void fineTuningOnNewWindowsLowersTheErrorOnThem() {
        ForecastProblem p = ForecastersTest.problem(ForecastersTest.sine(400, 20), 8, 1);
        NeuralForecaster f = Forecasters.lstm(8, 1, 4, 1, 0, 1).withEpochs(2).withSeed(3);
        assertThrows(IllegalStateException.class, () -> f.fineTune(p.test(), 1, 1e-3f));
        f.fit(p);
        double before =
                ForecastScores.of(f.predict(p, p.test()), p.truth(p.test())).rmse();
        assertEquals(5, f.fineTune(p.test(), 5, 1e-2f).epochs());
        double after =
                ForecastScores.of(f.predict(p, p.test()), p.truth(p.test())).rmse();
        assertTrue(after < before, "after " + after + " vs before " + before);
    }

    @Test
    void fitOnPooledWindowsOfManySeriesTakesTheInputShapeFromTheWindows() {
        TimeSeries a = ForecastersTest.sine(200, 20);
        float[][] v = {a.values(0), a.values(0), new float[200]};
        Arrays.fill(v[2], Float.NaN); // a land cell: left out
        TimeSeries grid = new TimeSeries("grid.csv", a.dates(), List.of("c1", "c2", "land"), v, a.frequency());
        TimeSeries s = Scaler.minMax().global().fit(grid, 0, 150).transform(grid);
        WindowSet train = SlidingWindows.pooled(s, 6, 2, 1, 0, 150), val = SlidingWindows.pooled(s, 6, 2, 1, 150, 200);
        NeuralForecaster f = Forecasters.lstm(6, 2, new int[] {3}, new int[0]).withEpochs(1);
        f.fit(train, val);
        assertEquals(2 * (150 - 6 - 1), train.size());
        assertEquals(Shape.of(val.size(), 2), f.model().predict(val.x()).shape());
    }
}
