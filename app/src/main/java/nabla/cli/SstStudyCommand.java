package nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nabla.studies.sst.SstAreaStudy;
import nabla.studies.sst.SstComparison;
import nabla.studies.sst.SstDaily;
import nabla.studies.sst.SstData;
import nabla.studies.sst.SstSettings;
import nabla.studies.sst.SstTuning;
import nabla.studies.sst.SstUpdate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nabla sst study}: the Zhang et al. (2017) SST study end to end on the shared NOAA OISST and HadISST data,
 * written as DIR/study.md with PNG figures. Sections: Tables I-III (LSTM units, layers, FC layers per pixel),
 * Table IV (methods by horizon), Fig. 5 (3-day forecasts), Table VI (online update), HadISST area prediction.
 */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = {
            "Reproduce Zhang et al. (2017), 'Prediction of Sea Surface Temperature Using LSTM', on the shared SST data.",
            "",
            "Writes DIR/study.md (Tables I-IV and VI analogues, HadISST area prediction, elapsed time per section),",
            "DIR/fig5-three-day.png and DIR/hadisst-area.png. The full study is sized to stay within about 30 minutes on 2 cores;",
            "--quick is a smoke test (1 epoch, tiny grids, short training periods) whose numbers mean nothing."
        })
final class SstStudyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "sst-study", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--data",
            description =
                    "The folder holding sst-oisst-daily/ and sst-hadisst-iceland-monthly/ (default: $NABLA_SHARED_DATA, else the dataset cache: $NABLA_DATA or ~/.nabla/datasets).")
    Path data;

    @Option(names = "--quick", description = "Smoke test: 1 epoch, tiny grids, short training periods.")
    boolean quick;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        SstSettings settings = quick ? SstSettings.smokeTest() : SstSettings.fullStudy();
        Checks.outputFolder("--out", out);
        Environment.DataLocation at = Environment.sharedDataDirectory(data);
        Path root = at.path();
        if (!Files.isDirectory(root.resolve(SstData.DAILY_DIR)) || !Files.isDirectory(root.resolve(SstData.GRID_DIR)))
            throw new UserError(at.notFound(
                    "the SST data",
                    SstData.DAILY_DIR + "/ and " + SstData.GRID_DIR + "/",
                    "copy or link those two folders into " + Environment.datasetCache(null)));
        SstData d;
        try {
            d = SstData.load(root);
        } catch (IllegalArgumentException e) { // a folder of the wrong shape
            throw new UserError(e.getMessage(), e);
        }
        Files.createDirectories(out);
        Map<String, Double> elapsed = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        SstDaily daily = new SstDaily(d.daily(), settings.dailyFrom());
        System.out.println(daily.daily() + "\n" + d.grid());

        long t = System.nanoTime();
        System.out.println("Tables I-III (LSTM units, layers, FC layers) ...");
        SstTuning tuning = new SstTuning(daily, settings, seed);
        String tablesI_III = tuning.run();
        t = lap(elapsed, "Tables I-III (tuning)", t);

        System.out.println("Table IV (methods by horizon) ...");
        SstComparison comparison = new SstComparison(daily, tuning, settings, seed);
        comparison.run();
        t = lap(elapsed, "Table IV (methods by horizon)", t);
        String fig5 = "fig5-three-day.png";
        comparison.writeFigure(out.resolve(fig5));
        t = lap(elapsed, "Fig. 5", t);

        System.out.println("Table VI (online update) ...");
        String tableVI = SstUpdate.run(daily, tuning, settings);
        t = lap(elapsed, "Table VI (online update)", t);

        System.out.println("HadISST area prediction (one pooled LSTM) ...");
        SstAreaStudy area = new SstAreaStudy(d.grid(), settings, seed);
        String areaMd = area.run();
        String areaPng = "hadisst-area.png";
        area.writeFigure(out.resolve(areaPng));
        lap(elapsed, "HadISST area prediction", t);
        double total = (System.nanoTime() - start) / 1e9;

        md.append("# SST forecasting study: Zhang et al. (2017) on NOAA OISST and HadISST\n\n");
        if (quick)
            md.append(
                    "> **Quick smoke run** (`--quick`): 1 epoch, tiny grids, short training periods. The numbers below mean nothing.\n\n");
        md.append("Command:\n\n```\n").append(commandLine()).append("\n```\n\n");
        md.append("Total time: %.1f s (%.1f min), %d cores.\n\n"
                .formatted(total, total / 60, Runtime.getRuntime().availableProcessors()));
        md.append("## Data\n\n");
        for (String c : d.checks()) md.append("- ").append(c).append('\n');
        md.append("- daily: `%s`, %d pixels (%s), used %s..%s\n"
                .formatted(
                        d.daily().source(),
                        daily.locationCount(),
                        String.join(
                                "; ",
                                daily.locations().stream().map(SstDaily::label).toList()),
                        daily.daily().date(0),
                        daily.daily().date(daily.daily().length() - 1)));
        md.append("- monthly grid: `%s`, %d cells, %s..%s\n\n"
                .formatted(
                        d.grid().source(),
                        d.grid().seriesCount(),
                        d.grid().date(0),
                        d.grid().date(d.grid().length() - 1)));
        md.append(choices(settings, daily));
        section(
                md,
                "Tables I-III analogues: LSTM units, LSTM layers, FC layers",
                elapsed.get("Tables I-III (tuning)"),
                tablesI_III);
        section(
                md,
                "Table IV analogue: methods by horizon",
                elapsed.get("Table IV (methods by horizon)"),
                comparison.markdown());
        section(
                md,
                "Fig. 5 analogue: three-day predictions at one pixel",
                elapsed.get("Fig. 5"),
                "![3-day forecasts of each method against the truth](" + fig5
                        + ")\n\nEach line is the forecast for the third day of a 3-day window (SVR, MLPR, persistence, climatology, the chosen LSTM), dated by that day.\n\n");
        section(md, "Table VI analogue: online update", elapsed.get("Table VI (online update)"), tableVI);
        section(
                md,
                "HadISST area prediction (one model for the region)",
                elapsed.get("HadISST area prediction"),
                areaMd + "![area-mean SST over the test months](" + areaPng + ")\n\n");
        md.append("## Elapsed time per section\n\n| section | seconds |\n|---|---|\n");
        elapsed.forEach((k, v) -> md.append("| %s | %.1f |\n".formatted(k, v)));
        md.append("| **total** (with loading and report) | %.1f |\n".formatted(total));
        Files.writeString(out.resolve("study.md"), md);
        System.out.printf("wrote %s (%.1f s)%n", out.resolve("study.md"), total);
        return 0;
    }

    private static String choices(SstSettings s, SstDaily daily) {
        return "## Split and choices\n\n"
                + "- split (the paper's, for the daily pixels): training targets %s..%s (the paper trained from 1981; the OISST data start in 1982; training ends before the validation window), validation %s..%s, test %s..%s, update data %s..%s, update test %s..%s; Nov-Dec 2012 is in no split\n"
                        .formatted(
                                daily.daily().date(0),
                                SstDaily.TRAIN_END,
                                SstDaily.TRAIN_END.plusDays(1),
                                SstDaily.VAL_END,
                                SstDaily.TEST_FROM,
                                SstDaily.TEST_TO,
                                SstDaily.TEST_FROM,
                                SstDaily.TEST_TO,
                                SstDaily.UPDATE_TEST_FROM,
                                SstDaily.UPDATE_TEST_TO)
                + "- window k: the paper's k is not given in issue 6; we use k = %d·l input days (k = %d for l = 1, %d for l = 3), %d weekly means for the 1-week task and %d monthly means (one seasonal cycle) for the 1-month task\n"
                        .formatted(
                                SstSettings.WINDOW_PER_HORIZON_DAY,
                                SstDaily.Task.DAY1.window(),
                                SstDaily.Task.DAY3.window(),
                                SstSettings.WEEKLY_WINDOW,
                                SstSettings.MONTHLY_WINDOW)
                + "- every method is trained per pixel on that pixel's series (univariate), min-max scaled on its training dates; errors are in °C after inverse scaling\n"
                + "- Table I sweeps LSTM units over ⌊l/2⌋..2l as issue 6 states (at least 1 unit)%s; each table keeps the setting with the lowest mean validation RMSE (Sep-Oct 2012), never the test RMSE; hidden FC layers have as many ReLU units as the LSTM; the 1-week and 1-month LSTMs use the architecture chosen for l = 1\n"
                        .formatted(s.unitsGrid() ? "" : " (quick: only its two ends)")
                + "- baselines: SVR (LIBSVM, RBF, scikit-learn defaults, all training windows, one model per step), MLPR (scikit-learn MLPRegressor defaults from Nabla layers), persistence, day-of-year (week, month) climatology of the training years\n"
                + "- training: " + s.describe() + "\n\n";
    }

    private static void section(StringBuilder md, String title, double seconds, String body) {
        md.append("## ")
                .append(title)
                .append("\n\n_Elapsed: %.1f s._\n\n".formatted(seconds))
                .append(body);
    }

    private static long lap(Map<String, Double> elapsed, String name, long since) {
        long now = System.nanoTime();
        elapsed.put(name, (now - since) / 1e9);
        System.out.printf("  [%s: %.1f s]%n", name, (now - since) / 1e9);
        return now;
    }

    private String commandLine() {
        List<String> args = spec != null && spec.commandLine().getParseResult() != null
                ? spec.commandLine().getParseResult().originalArgs()
                : List.of();
        List<String> parts = new ArrayList<>(List.of("nabla"));
        if (args.isEmpty() || !args.get(0).equals("sst")) parts.addAll(List.of("sst", "study"));
        for (String a : args) parts.add(a.matches("[\\w./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return String.join(" ", parts);
    }
}
