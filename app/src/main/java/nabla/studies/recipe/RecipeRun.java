package nabla.studies.recipe;

import nabla.train.History;

/**
 * One trained model of the recipe report: its per-epoch history, final accuracies, the per-layer kernel gradient
 * norms before and after training, its wall-clock time, and a note (e.g. where early stopping stopped).
 *
 * @param label         the name shown in tables and legends
 * @param settings      the run's own settings in a few words (net, loss, optimizer)
 * @param history       the per-epoch training (and validation) values
 * @param testAccuracy  accuracy on the clean test images
 * @param noisyAccuracy accuracy on the test images plus N(0, 1) noise per pixel
 * @param gradStart     ‖∂L/∂W‖ per Dense layer on a fixed batch before training
 * @param gradEnd       the same after training
 * @param seconds       training time (fit only)
 * @param note          extra facts, or ""
 */
record RecipeRun(
        String label,
        String settings,
        History history,
        double testAccuracy,
        double noisyAccuracy,
        double[] gradStart,
        double[] gradEnd,
        double seconds,
        String note) {
    RecipeRun {
        gradStart = gradStart.clone();
        gradEnd = gradEnd.clone();
    }

    @Override
    public double[] gradStart() {
        return gradStart.clone();
    }

    @Override
    public double[] gradEnd() {
        return gradEnd.clone();
    }

    /** The same run under another label (a run shared by two experiments, e.g. the sigmoid/cross-entropy net). */
    RecipeRun labelled(String newLabel) {
        return new RecipeRun(
                newLabel, settings, history, testAccuracy, noisyAccuracy, gradStart, gradEnd, seconds, note);
    }

    /** The last epoch's value of a history key, NaN if absent. */
    double last(String key) {
        var v = history.get(key);
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }
}
