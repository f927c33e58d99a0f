package nabla.studies.sst;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.cli.ForecastCommand;
import nabla.plot.ForecastPlot;
import nabla.tensor.NDArray;
import nabla.timeseries.Climatology;
import nabla.timeseries.Scaler;
import nabla.timeseries.SlidingWindows;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.WindowSet;
import nabla.timeseries.forecast.ForecastScores;
import nabla.timeseries.forecast.Forecasters;
import nabla.timeseries.forecast.NeuralForecaster;

/**
 * Area prediction on the monthly HadISST grid around Iceland: ONE LSTM for the whole region, trained on the pooled
 * windows of every ocean cell ({@link SlidingWindows#pooled}: 12 months in, the next 3 out, one feature), against
 * persistence and monthly climatology; the area-average RMSE per horizon step is the mean over ocean cells of each
 * cell's RMSE at that step.
 *
 * <p>The grid ends in 2010, so the paper's years cannot be used here; the split keeps its shape: training targets
 * up to 1999-12, validation 2000-2002 (early stopping), test 2003-2010. Land cells (no value at all) are left out;
 * months with no value in an ocean cell (sea ice) are left missing, and windows that touch one are skipped and
 * counted. One global min-max scaler (all cells share the unit) is fitted on the training months.
 */
public final class SstAreaStudy {
    static final LocalDate TRAIN_END = LocalDate.of(1999, 12, 1), VAL_END = LocalDate.of(2002, 12, 1);

    private final TimeSeries grid;
    private final SstSettings settings;
    private final long seed;
    private final Map<String, NDArray> predictions = new LinkedHashMap<>();
    private NDArray truth;
    private WindowSet test;
    private String md;

    public SstAreaStudy(TimeSeries grid, SstSettings settings, long seed) {
        int from = SstDaily.first(grid, settings.areaFrom().atDay(1));
        if (from >= grid.length() || !grid.date(grid.length() - 1).isAfter(VAL_END))
            throw new IllegalArgumentException("%s covers %s..%s; the area study needs monthly data from %s to after %s"
                    .formatted(
                            grid.source(), grid.date(0), grid.date(grid.length() - 1), settings.areaFrom(), VAL_END));
        this.grid = grid.slice(from, grid.length());
        this.settings = settings;
        this.seed = seed;
    }

    /** Trains and scores; returns the Markdown of the section. */
    public String run() {
        int k = SstSettings.AREA_WINDOW, l = SstSettings.AREA_HORIZON;
        int trainEnd = grid.indexAfter(TRAIN_END), valEnd = grid.indexAfter(VAL_END), n = grid.length();
        Scaler scaler = Scaler.minMax().global().fit(grid, 0, trainEnd);
        TimeSeries scaled = scaler.transform(grid);
        WindowSet train = SlidingWindows.pooled(scaled, k, l, 1, 0, trainEnd),
                val = SlidingWindows.pooled(scaled, k, l, 1, trainEnd, valEnd);
        test = SlidingWindows.pooled(scaled, k, l, 1, valEnd, n);
        NeuralForecaster lstm = Forecasters.lstm(k, l, new int[] {settings.areaUnits()}, new int[0])
                .withEpochs(settings.areaEpochs())
                .withPatience(settings.areaPatience())
                .withBatchSize(settings.areaBatch())
                .withSeed(seed)
                .named("LSTM(%d), pooled".formatted(settings.areaUnits()))
                .withProgress(System.out);
        long t0 = System.nanoTime();
        lstm.fit(train, val);
        double secs = (System.nanoTime() - t0) / 1e9;
        truth = scaler.inverseTransform(test.y(), 0);
        predictions.put("LSTM (one model)", scaler.inverseTransform(lstm.model().predict(test.x()), 0));
        predictions.put("persistence", persistence(scaler, k, l));
        predictions.put("climatology", climatology(trainEnd, l));

        int land = 0, partial = 0;
        for (int s = 0; s < grid.seriesCount(); s++) {
            int miss = grid.missingCount(s);
            if (miss == grid.length()) land++;
            else if (miss > 0) partial++;
        }
        int cells = grid.seriesCount() - land;
        StringBuilder b = new StringBuilder();
        b.append(
                "Data: `%s`, %d cells (%d land cells left out, %d ocean cells with some months missing, e.g. sea ice), %s..%s.\n"
                        .formatted(grid.source(), grid.seriesCount(), land, partial, grid.date(0), grid.date(n - 1)));
        b.append(
                "Split: training targets %s..%s, validation %s..%s, test %s..%s (the grid ends in 2010, so not the paper's years). "
                        .formatted(ym(0), ym(trainEnd - 1), ym(trainEnd), ym(valEnd - 1), ym(valEnd), ym(n - 1)));
        b.append(
                "Windows: %d months in, %d out, pooled over the %d ocean cells: train %d, validation %d, test %d (skipped because of missing months: %d, %d, %d).\n\n"
                        .formatted(
                                k,
                                l,
                                cells,
                                train.size(),
                                val.size(),
                                test.size(),
                                train.skipped(),
                                val.skipped(),
                                test.skipped()));
        b.append("Model: %s, Dense(%d); %d epochs run (at most %d, patience %d), %.1f s.\n\n"
                .formatted(
                        lstm.name(), l, lstm.history().epochs(), settings.areaEpochs(), settings.areaPatience(), secs));
        b.append("Area-average test RMSE (°C), the mean over ocean cells of each cell's RMSE:\n\n| method");
        for (int j = 1; j <= l; j++)
            b.append(" | ").append(j).append(j == 1 ? " month" : " months").append(" ahead");
        b.append(" | all steps (pooled) |\n|---").append("|---".repeat(l + 1)).append("|\n");
        for (var e : predictions.entrySet()) {
            double[] perStep = areaRmse(e.getValue());
            b.append("| ").append(e.getKey());
            for (double v : perStep) b.append(" | ").append(ForecastCommand.fmt(v));
            b.append(" | ")
                    .append(ForecastCommand.fmt(
                            ForecastScores.of(e.getValue(), truth).rmse()))
                    .append(" |\n");
        }
        System.out.printf(
                "  HadISST area: LSTM %s, persistence %s, climatology %s (1 month ahead; %.1f s)%n",
                ForecastCommand.fmt(areaRmse(predictions.get("LSTM (one model)"))[0]),
                ForecastCommand.fmt(areaRmse(predictions.get("persistence"))[0]),
                ForecastCommand.fmt(areaRmse(predictions.get("climatology"))[0]),
                secs);
        md = b.append('\n').toString();
        return md;
    }

    private String ym(int t) {
        return grid.date(t).toString().substring(0, 7);
    }

    private NDArray persistence(Scaler scaler, int k, int l) {
        int n = test.size();
        NDArray x = test.x().contiguous();
        float[] out = new float[n * l];
        for (int i = 0; i < n; i++) {
            float last = scaler.inverse(0, x.data()[x.offset() + i * k + k - 1]);
            for (int j = 0; j < l; j++) out[i * l + j] = last;
        }
        return NDArray.of(out, n, l);
    }

    private NDArray climatology(int trainEnd, int l) {
        Climatology c = Climatology.fit(grid, 0, trainEnd);
        int n = test.size();
        float[] out = new float[n * l];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < l; j++) out[i * l + j] = c.predict(test.series(i), grid.date(test.targetStart(i) + j));
        return NDArray.of(out, n, l);
    }

    /** Per step: the mean over cells of each cell's RMSE at that step. */
    private double[] areaRmse(NDArray pred) {
        int n = test.size(), l = truth.dim(1), s = grid.seriesCount();
        NDArray p = pred.contiguous(), t = truth.contiguous();
        double[][] se = new double[s][l];
        int[] count = new int[s];
        for (int i = 0; i < n; i++) {
            int c = test.series(i);
            count[c]++;
            for (int j = 0; j < l; j++) {
                double e = p.data()[p.offset() + i * l + j] - t.data()[t.offset() + i * l + j];
                se[c][j] += e * e;
            }
        }
        double[] r = new double[l];
        int cells = 0;
        for (int c = 0; c < s; c++) {
            if (count[c] == 0) continue;
            cells++;
            for (int j = 0; j < l; j++) r[j] += Math.sqrt(se[c][j] / count[c]);
        }
        for (int j = 0; j < l; j++) r[j] /= cells;
        return r;
    }

    /** The area mean (over the cells with a window that month) of the truth and of each 1-month-ahead forecast, over the test months. */
    public void writeFigure(Path png) throws IOException {
        int n = grid.length();
        double[] sumTruth = new double[n];
        int[] count = new int[n];
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String m : predictions.keySet()) sums.put(m, new double[n]);
        for (int i = 0; i < test.size(); i++) {
            int t = test.targetStart(i);
            count[t]++;
            sumTruth[t] += truth.get(i, 0);
            for (var e : predictions.entrySet())
                sums.get(e.getKey())[t] += e.getValue().get(i, 0);
        }
        List<LocalDate> dates = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int t = 0; t < n; t++)
            if (count[t] > 0) {
                dates.add(grid.date(t));
                idx.add(t);
            }
        float[] tr = new float[idx.size()];
        for (int i = 0; i < tr.length; i++) tr[i] = (float) (sumTruth[idx.get(i)] / count[idx.get(i)]);
        List<ForecastPlot.Line> lines = new ArrayList<>();
        for (var e : sums.entrySet()) {
            float[] v = new float[idx.size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) (e.getValue()[idx.get(i)] / count[idx.get(i)]);
            lines.add(new ForecastPlot.Line(e.getKey(), v));
        }
        ForecastPlot.write(
                png,
                "HadISST around Iceland, test months: area-mean SST, 1-month-ahead forecasts against the truth",
                "°C (mean over the ocean cells with a complete window)",
                dates,
                tr,
                lines);
    }
}
