package nabla.studies.recipe;

import java.util.List;
import nabla.plot.LineChart;

/**
 * One experiment of the recipe report: what it shows, its exact settings, its runs, our headline result beside
 * the course's, and the figures drawn from the runs.
 *
 * @param number   1-based position in the report
 * @param id       file-name stem of its figures, e.g. "loss"
 * @param title    section title
 * @param settings the exact settings, in Markdown
 * @param ours     our headline result, e.g. "0.11 vs 0.84" (test accuracy)
 * @param course   the course's headline result in the same form
 * @param comment  the course's claim and what to look for, in Markdown
 * @param runs     the runs in table order
 * @param figures  the figures (PNG file names in the report folder) with their panels
 */
public record RecipeExperiment(
        int number,
        String id,
        String title,
        String settings,
        String ours,
        String course,
        String comment,
        List<RecipeRun> runs,
        List<Figure> figures) {
    public RecipeExperiment {
        runs = List.copyOf(runs);
        figures = List.copyOf(figures);
    }

    /** A PNG of the report: its file name and panels. */
    record Figure(String file, List<LineChart.Panel> panels) {
        Figure {
            panels = List.copyOf(panels);
        }
    }
}
