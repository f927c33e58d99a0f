package nabla.studies.sst;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import nabla.cli.ForecastCommand;
import nabla.timeseries.forecast.ForecastProblem;
import nabla.timeseries.forecast.Forecasters;
import nabla.timeseries.forecast.NeuralForecaster;

/**
 * Tables I-III of Zhang et al. (2017), on the daily pixels: test RMSE at each location for LSTM units in
 * ⌊l/2⌋..2l (Table I), then 1-3 LSTM layers of the chosen units (Table II), then 1-2 FC layers (Table III), for
 * l = 1 and l = 3 days. Each step keeps the setting with the lowest validation RMSE averaged over the locations
 * (the test RMSE is reported, never used to choose). Hidden FC layers have as many ReLU units as the LSTM layers.
 * Every configuration trains one model per location; runs are cached, so a row repeated in a later table is not
 * trained again, and the chosen models are reused by Table IV, Fig. 5 and Table VI.
 */
public final class SstTuning {
    /** One configuration at every location: trained models, validation and test RMSE, epochs run. */
    record Run(String config, NeuralForecaster[] models, double[] val, double[] test, int[] epochs, double seconds) {
        double meanVal() {
            return SstDaily.mean(val);
        }

        double meanTest() {
            return SstDaily.mean(test);
        }
    }

    /** The chosen architecture for a horizon. */
    record Choice(int units, int layers, int fc) {
        String describe() {
            return "%d LSTM unit%s x %d layer%s, %d FC layer%s"
                    .formatted(units, units == 1 ? "" : "s", layers, layers == 1 ? "" : "s", fc, fc == 1 ? "" : "s");
        }
    }

    private final SstDaily data;
    private final SstSettings settings;
    private final long seed;
    private final Map<String, Run> cache = new HashMap<>();
    private final Map<SstDaily.Task, Choice> choices = new HashMap<>();
    private final StringBuilder md = new StringBuilder();

    public SstTuning(SstDaily data, SstSettings settings, long seed) {
        this.data = data;
        this.settings = settings;
        this.seed = seed;
    }

    /** Runs Tables I-III for l = 1 and 3 and returns their Markdown. */
    public String run() {
        for (SstDaily.Task t : List.of(SstDaily.Task.DAY1, SstDaily.Task.DAY3)) {
            int l = t.horizon;
            md.append("### l = %d day%s (k = %d input days)\n\n".formatted(l, l == 1 ? "" : "s", t.window()));
            int units = table(
                            t,
                            "Table I analogue: LSTM units (1 LSTM layer, 1 FC layer)",
                            "units",
                            settings.units(l),
                            u -> new Choice(u, 1, 1))
                    .units;
            int layers = table(
                            t,
                            "Table II analogue: LSTM layers (%d units, 1 FC layer)".formatted(units),
                            "LSTM layers",
                            settings.lstmLayers(),
                            n -> new Choice(units, n, 1))
                    .layers;
            Choice best = table(
                    t,
                    "Table III analogue: FC layers (%d units, %d LSTM layer%s)"
                            .formatted(units, layers, layers == 1 ? "" : "s"),
                    "FC layers",
                    settings.fcLayers(),
                    n -> new Choice(units, layers, n));
            choices.put(t, best);
            md.append("Chosen for l = %d (lowest mean validation RMSE): **%s**.\n\n".formatted(l, best.describe()));
        }
        return md.toString();
    }

    /** The chosen architecture for task t (after {@link #run}). */
    Choice choice(SstDaily.Task t) {
        return choices.get(t);
    }

    /** The trained models of the chosen architecture for a daily task. */
    Run chosenRun(SstDaily.Task t) {
        return run(t, choices.get(t));
    }

    /** A fresh LSTM forecaster of architecture {@code c} for task {@code t}, with this study's training settings. */
    NeuralForecaster forecaster(SstDaily.Task t, Choice c) {
        return Forecasters.lstm(t.window(), t.horizon, c.units, c.layers, c.units, c.fc)
                .withEpochs(settings.epochs())
                .withPatience(settings.patience())
                .withSeed(seed)
                .withProgress(System.out);
    }

    private Choice table(
            SstDaily.Task t, String title, String column, List<Integer> values, IntFunction<Choice> config) {
        md.append("**")
                .append(title)
                .append("**: test RMSE (°C) over all ")
                .append(t.horizon)
                .append(" step")
                .append(t.horizon == 1 ? "" : "s")
                .append(", 2013-2015\n\n| ")
                .append(column);
        for (String loc : data.locations()) md.append(" | ").append(SstDaily.label(loc));
        md.append(" | area mean (test) | area mean (validation) | epochs | train (s) |\n|---")
                .append("|---".repeat(data.locationCount() + 4))
                .append("|\n");
        List<Run> runs = new ArrayList<>();
        Choice best = null;
        double bestVal = Double.POSITIVE_INFINITY;
        for (int v : values) {
            Choice c = config.apply(v);
            Run r = run(t, c);
            runs.add(r);
            if (r.meanVal() < bestVal) {
                bestVal = r.meanVal();
                best = c;
            }
        }
        for (int i = 0; i < values.size(); i++) {
            Run r = runs.get(i);
            boolean chosen = config.apply(values.get(i)).equals(best);
            md.append("| ").append(chosen ? "**" + values.get(i) + "**" : values.get(i));
            for (double x : r.test) md.append(" | ").append(ForecastCommand.fmt(x));
            md.append(" | ")
                    .append(ForecastCommand.fmt(r.meanTest()))
                    .append(" | ")
                    .append(ForecastCommand.fmt(r.meanVal()))
                    .append(" | ")
                    .append(Arrays.toString(r.epochs).replaceAll("[\\[\\]]", ""))
                    .append(" | ")
                    .append("%.1f".formatted(r.seconds))
                    .append(" |\n");
        }
        md.append('\n');
        return best;
    }

    private Run run(SstDaily.Task t, Choice c) {
        return cache.computeIfAbsent(t + "/" + c, key -> {
            int n = data.locationCount();
            NeuralForecaster[] models = new NeuralForecaster[n];
            double[] val = new double[n], test = new double[n];
            int[] epochs = new int[n];
            long t0 = System.nanoTime();
            for (int loc = 0; loc < n; loc++) {
                ForecastProblem p = data.problem(t, loc);
                NeuralForecaster f = forecaster(t, c);
                f.fit(p);
                models[loc] = f;
                val[loc] = SstDaily.score(f, p, p.validation()).rmse();
                test[loc] = SstDaily.score(f, p, data.test(p)).rmse();
                epochs[loc] = f.history().epochs();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "  %s %-40s validation %.4f  test %.4f  (%.1f s)%n",
                    t.label, c.describe(), SstDaily.mean(val), SstDaily.mean(test), secs);
            return new Run(c.describe(), models, val, test, epochs, secs);
        });
    }
}
