package nabla.studies.sst;

import java.util.List;
import java.util.Locale;
import nabla.cli.ForecastCommand;
import nabla.timeseries.WindowSet;
import nabla.timeseries.forecast.ForecastProblem;
import nabla.timeseries.forecast.Forecaster;
import nabla.timeseries.forecast.Forecasters;
import nabla.timeseries.forecast.NeuralForecaster;

/**
 * Table VI of Zhang et al. (2017), online update: the chosen LSTM of each daily task (trained on 1982-2012-08) is
 * scored on 2016, fine-tuned on the update data 2013-2015 (a few epochs at a small learning rate, the scaler of the
 * first fit kept), and scored on 2016 again. Persistence and climatology (fitted on the training years) on 2016 are
 * shown for scale. Run last: fine-tuning changes the models that Table IV and Fig. 5 used.
 */
public final class SstUpdate {
    private SstUpdate() {}

    public static String run(SstDaily data, SstTuning tuning, SstSettings settings) {
        StringBuilder md = new StringBuilder();
        md.append(
                "RMSE (°C) on targets in 2016 before and after fine-tuning on 2013-2015 (%d epoch%s, Adam %s, batch 32, no early stopping).\n\n"
                        .formatted(
                                settings.fineTuneEpochs(),
                                settings.fineTuneEpochs() == 1 ? "" : "s",
                                settings.fineTuneRate()));
        md.append(
                "| task | pixel | before update | after update | change | persistence | climatology |\n|---|---|---|---|---|---|---|\n");
        for (SstDaily.Task t : List.of(SstDaily.Task.DAY1, SstDaily.Task.DAY3)) {
            int n = data.locationCount();
            double[] before = new double[n], after = new double[n], pers = new double[n], clim = new double[n];
            for (int loc = 0; loc < n; loc++) {
                ForecastProblem p = data.problem(t, loc);
                WindowSet y2016 = data.updateTest(p);
                NeuralForecaster lstm = tuning.chosenRun(t).models()[loc];
                before[loc] = SstDaily.score(lstm, p, y2016).rmse();
                lstm.fineTune(data.test(p), settings.fineTuneEpochs(), settings.fineTuneRate());
                after[loc] = SstDaily.score(lstm, p, y2016).rmse();
                Forecaster ps = Forecasters.persistence(), cl = Forecasters.climatology();
                ps.fit(p);
                cl.fit(p);
                pers[loc] = SstDaily.score(ps, p, y2016).rmse();
                clim[loc] = SstDaily.score(cl, p, y2016).rmse();
                row(
                        md,
                        t.label,
                        SstDaily.label(data.locations().get(loc)),
                        before[loc],
                        after[loc],
                        pers[loc],
                        clim[loc]);
            }
            row(
                    md,
                    "**" + t.label + "**",
                    "**area mean**",
                    SstDaily.mean(before),
                    SstDaily.mean(after),
                    SstDaily.mean(pers),
                    SstDaily.mean(clim));
            System.out.printf(
                    "  Table VI %-6s 2016 RMSE before %.4f, after %.4f%n",
                    t.label, SstDaily.mean(before), SstDaily.mean(after));
        }
        return md.append('\n').toString();
    }

    private static void row(
            StringBuilder md, String task, String pixel, double before, double after, double pers, double clim) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %+.1f %% | %s | %s |\n",
                task,
                pixel,
                ForecastCommand.fmt(before),
                ForecastCommand.fmt(after),
                100 * (after - before) / before,
                ForecastCommand.fmt(pers),
                ForecastCommand.fmt(clim)));
    }
}
