package nabla.timeseries.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.nn.recurrent.LSTM;
import nabla.tensor.NDArray;
import nabla.timeseries.ChronoSplit;
import nabla.timeseries.Frequency;
import nabla.timeseries.Scaler;
import nabla.timeseries.TimeSeries;
import org.junit.jupiter.api.Test;

class ForecastersTest {
    static TimeSeries sine(int n, int period) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 15 + 5 * (float) Math.sin(2 * Math.PI * i / period);
        return TimeSeries.of(
                "sine.csv",
                "v",
                TimeSeries.dateRange(LocalDate.of(2000, 1, 1), n, Frequency.DAILY),
                v,
                Frequency.DAILY);
    }

    static ForecastProblem problem(TimeSeries s, int k, int l) {
        return ForecastProblem.of(s, "v", k, l, ChronoSplit.byFractions(s, 0.1, 0.2), Scaler.minMax());
    }

    static double rmse(Forecaster f, ForecastProblem p) {
        f.fit(p);
        return ForecastScores.of(f.predict(p, p.test()), p.truth(p.test())).rmse();
    }

    @Test
    void svrOnASineBeatsPersistence() {
        ForecastProblem p = problem(sine(300, 20), 8, 3);
        double svr = rmse(Forecasters.svr(), p), persistence = rmse(Forecasters.persistence(), p);
        assertTrue(svr < 0.5 * persistence, "SVR " + svr + " vs persistence " + persistence);
    }

    @Test
    void persistenceRepeatsTheLastValueInOriginalUnits() {
        ForecastProblem p = problem(sine(100, 20), 4, 2);
        NDArray pred = Forecasters.persistence().predict(p, p.test());
        int t0 = p.test().targetStart(0);
        float last = p.raw().value(0, t0 - 1);
        assertEquals(last, pred.get(0, 0), 1e-4f);
        assertEquals(last, pred.get(0, 1), 1e-4f);
    }

    @Test
    void climatologyOfAYearlyCycleIsExact() {
        ForecastProblem p = problem(sine(365 * 4, 365), 5, 2);
        Forecaster c = Forecasters.climatology();
        assertTrue(rmse(c, p) < 0.05, "climatology of an exact yearly cycle");
    }

    @Test
    void scoresPerStepAndOverall() {
        ForecastScores s = ForecastScores.of(
                NDArray.of(new float[] {1, 2, 3, 4}, 2, 2), NDArray.of(new float[] {1, 0, 3, 0}, 2, 2));
        assertArrayEquals(new double[] {0, Math.sqrt(10)}, s.rmsePerStep(), 1e-9);
        assertArrayEquals(new double[] {0, 3}, s.maePerStep(), 1e-9);
        assertEquals(Math.sqrt(5), s.rmse(), 1e-9);
        assertEquals(1.5, s.mae(), 1e-9);
    }

    @Test
    void lstmBuilderStacksLstmsThenDenseLayers() {
        Sequential m = Forecasters.lstm(10, 3, 6, 3, 16, 2).newModel();
        List<String> types = m.layers().stream().map(l -> l.type()).toList();
        assertEquals(List.of("LSTM", "LSTM", "LSTM", "Dense", "Dense"), types);
        assertTrue(((LSTM) m.layers().get(0)).returnSequences()
                && ((LSTM) m.layers().get(1)).returnSequences());
        assertTrue(!((LSTM) m.layers().get(2)).returnSequences());
        assertEquals(16, ((Dense) m.layers().get(3)).units());
        assertEquals(3, ((Dense) m.layers().get(4)).units());
        assertThrows(IllegalArgumentException.class, () -> Forecasters.lstm(10, 3, 6, 0, 16, 1));
    }

    @Test
    void lstmAndMlprTrainWithEarlyStoppingAndPredictOriginalUnits() {
        ForecastProblem p = problem(sine(200, 20), 8, 2);
        NeuralForecaster lstm = Forecasters.lstm(8, 2, 8, 1, 0, 1).withEpochs(3).withSeed(1);
        lstm.fit(p);
        assertTrue(lstm.history().epochs() >= 1 && lstm.history().epochs() <= 3);
        NDArray pred = lstm.predict(p, p.test());
        assertEquals(p.test().size(), pred.dim(0));
        assertTrue(pred.get(0, 0) > 5 && pred.get(0, 0) < 25, "in original units: " + pred.get(0, 0));
        NeuralForecaster mlp =
                Forecasters.mlpRegressor(8, 2, p.train().size()); // scikit-learn defaults: up to 200 epochs
        double mlpRmse = rmse(mlp, p), persistence = rmse(Forecasters.persistence(), p);
        assertTrue(mlpRmse < persistence, "MLPR " + mlpRmse + " vs persistence " + persistence);
    }

    @Test
    void tooShortSplitsSayWhatToDo() {
        TimeSeries s = sine(30, 10);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ForecastProblem.of(s, "v", 25, 3, ChronoSplit.byFractions(s, 0.1, 0.2), Scaler.minMax()));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "sine.csv: the training period 2000-01-01..2000-01-21 has 21 dates and no complete window"),
                e.getMessage());
        assertTrue(e.getMessage().contains("use a smaller --window/--horizon"), e.getMessage());
    }
}
