package nabla.studies.recipe;

import java.util.ArrayList;
import java.util.List;
import nabla.plot.LineChart;
import nabla.studies.recipe.RecipeExperiment.Figure;

/** The figures of the recipe report, drawn from the runs' histories and gradient norms. */
final class RecipeFigures {
    private RecipeFigures() {}

    /** Training loss (log axis: square error and cross-entropy differ in scale) and training accuracy per epoch, one curve per run. */
    static Figure curves(String id, String title, List<RecipeRun> runs) {
        return new Figure(
                id + ".png",
                List.of(
                        panel(title + ": training loss", "loss (log scale)", runs, "loss", true),
                        panel(title + ": training accuracy", "accuracy", runs, "accuracy", false)));
    }

    /** Training (dashed) and validation loss on a log axis, and validation accuracy, one colour per run. */
    static Figure overfitCurves(String id, List<RecipeRun> runs) {
        List<LineChart.Series> loss = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RecipeRun r = runs.get(i);
            loss.add(LineChart.Series.ofEpochs(
                    r.label() + " (train)", r.history().get("loss"), true, i));
            loss.add(LineChart.Series.ofEpochs(r.label() + " (val)", r.history().get("val_loss"), false, i));
        }
        return new Figure(
                id + ".png",
                List.of(
                        new LineChart.Panel(
                                "Training (dashed) and validation loss", "epoch", "loss (log scale)", true, loss),
                        panel("Validation accuracy", "val accuracy", runs, "val_accuracy", false)));
    }

    private static LineChart.Panel panel(String title, String yLabel, List<RecipeRun> runs, String key, boolean logY) {
        List<LineChart.Series> series = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++)
            series.add(LineChart.Series.ofEpochs(
                    runs.get(i).label(), runs.get(i).history().get(key), false, i));
        return new LineChart.Panel(title, "epoch", yLabel, logY, series);
    }

    /** ‖∂L/∂W‖ per Dense layer (log axis) before and after training, one curve per run. */
    static Figure gradients(String id, List<RecipeRun> runs) {
        List<LineChart.Series> start = new ArrayList<>(), end = new ArrayList<>();
        for (RecipeRun r : runs) {
            start.add(new LineChart.Series(r.label(), layerIndex(r.gradStart().length), r.gradStart()));
            end.add(new LineChart.Series(r.label(), layerIndex(r.gradEnd().length), r.gradEnd()));
        }
        return new Figure(
                id + ".png",
                List.of(
                        new LineChart.Panel(
                                "Gradient norm per layer, before training",
                                "layer (1 = input side)",
                                "‖∂L/∂W‖",
                                true,
                                start),
                        new LineChart.Panel(
                                "Gradient norm per layer, after training",
                                "layer (1 = input side)",
                                "‖∂L/∂W‖",
                                true,
                                end)));
    }

    private static double[] layerIndex(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }
}
