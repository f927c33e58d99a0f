package nabla.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Saved weights that do not fit the model, with every problem found (as PyTorch's {@code load_state_dict}):
 * keys the model has and the file lacks, keys the file has and the model lacks, and shapes that differ.
 */
public final class WeightMismatchException extends ModelFileException {
    /** Keys in the model, not in the file. */
    private final List<String> missing;
    /** Keys in the file, not in the model. */
    private final List<String> unexpected;
    /** One line per weight of a different shape. */
    private final List<String> sizeMismatches;

    /**
     * An exception listing every problem in its message, one line per kind.
     *
     * @param file the model file
     * @param missing the weight keys of the model that the file lacks
     * @param unexpected the weight keys of the file that the model lacks
     * @param sizeMismatches one description per weight whose shape differs
     */
    public WeightMismatchException(
            String file, List<String> missing, List<String> unexpected, List<String> sizeMismatches) {
        super(file, describe(missing, unexpected, sizeMismatches));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.sizeMismatches = List.copyOf(sizeMismatches);
    }

    /** {@return the weight keys of the model that the file does not have (unmodifiable)} */
    public List<String> missing() {
        return missing;
    }

    /** {@return the weight keys in the file that the model does not have (unmodifiable)} */
    public List<String> unexpected() {
        return unexpected;
    }

    /**
     * {@return one line per weight whose shape differs, "size mismatch for KEY: shape (..) in file, (..) in model"
     * (unmodifiable)}
     */
    public List<String> sizeMismatches() {
        return sizeMismatches;
    }

    private static String describe(List<String> missing, List<String> unexpected, List<String> sizes) {
        int n = missing.size() + unexpected.size() + sizes.size();
        List<String> lines = new ArrayList<>();
        lines.add("the weights do not fit the model (" + n + (n == 1 ? " problem" : " problems") + "):");
        if (!missing.isEmpty())
            lines.add("\tmissing keys (in the model, not in the file): " + String.join(", ", missing));
        if (!unexpected.isEmpty())
            lines.add("\tunexpected keys (in the file, not in the model): " + String.join(", ", unexpected));
        for (String s : sizes) lines.add("\t" + s);
        return String.join("\n", lines);
    }
}
