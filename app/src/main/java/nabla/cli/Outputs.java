package nabla.cli;

import java.nio.file.Path;
import nabla.tensor.NDArray;

/** How {@code evaluate} and {@code predict} read a classifier's output as classes. */
final class Outputs {
    private Outputs() {}

    /**
     * The predicted class of each sample and the rule used.
     *
     * @param labels one class per sample
     * @param rule how they were found, for the command's output
     */
    record Classes(int[] labels, String rule) {}

    /**
     * The classes in {@code out}: of shape (n, k) with k &ge; 2, the largest score's index (probabilities and logits
     * alike); of shape (n, 1) or (n), 1 when the score passes 0.5 if every score lies in [0, 1] (a sigmoid), else
     * when it passes 0 (a logit).
     *
     * @throws UserError if the output is not a classifier's
     */
    static Classes classes(NDArray out, Path model) {
        int n = out.dim(0);
        int k = out.rank() == 1 ? 1 : out.rank() == 2 ? out.dim(1) : -1;
        if (k < 1)
            throw new UserError(Checks.clip(model.toString()) + " outputs " + out.shape()
                    + " per batch; evaluate needs a classifier's (batch, classes) or (batch, 1) output");
        float[] d = out.rank() == 1 ? out.toArray() : out.reshape(n, k).toArray();
        int[] labels = new int[n];
        if (k == 1) {
            boolean probabilities = true;
            for (float v : d) probabilities &= v >= 0f && v <= 1f;
            float threshold = probabilities ? 0.5f : 0f;
            for (int i = 0; i < n; i++) labels[i] = d[i] > threshold ? 1 : 0;
            return new Classes(
                    labels,
                    probabilities
                            ? "one score, class 1 above 0.5 (a probability)"
                            : "one score, class 1 above 0 (a logit)");
        }
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (d[i * k + j] > d[i * k + best]) best = j;
            labels[i] = best;
        }
        return new Classes(labels, "the largest of " + k + " outputs");
    }
}
