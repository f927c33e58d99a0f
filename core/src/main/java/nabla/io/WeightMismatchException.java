package nabla.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Saved weights that do not fit the model, with every problem found (as PyTorch's {@code load_state_dict}):
 * keys the model has and the file lacks, keys the file has and the model lacks, and shapes that differ.
 */
public final class WeightMismatchException extends ModelFileException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> sizeMismatches;

    public WeightMismatchException(String file, List<String> missing, List<String> unexpected, List<String> sizeMismatches) {
        super(file, describe(missing, unexpected, sizeMismatches));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.sizeMismatches = List.copyOf(sizeMismatches);
    }

    /** Weight keys of the model that the file does not have. */
    public List<String> missing() {
        return missing;
    }

    /** Weight keys in the file that the model does not have. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** One line per weight whose shape differs: "size mismatch for k: shape (..) in file, (..) in model". */
    public List<String> sizeMismatches() {
        return sizeMismatches;
    }

    private static String describe(List<String> missing, List<String> unexpected, List<String> sizes) {
        int n = missing.size() + unexpected.size() + sizes.size();
        List<String> lines = new ArrayList<>();
        lines.add("the weights do not fit the model (" + n + (n == 1 ? " problem" : " problems") + "):");
        if (!missing.isEmpty()) lines.add("\tmissing keys (in the model, not in the file): " + String.join(", ", missing));
        if (!unexpected.isEmpty()) lines.add("\tunexpected keys (in the file, not in the model): " + String.join(", ", unexpected));
        for (String s : sizes) lines.add("\t" + s);
        return String.join("\n", lines);
    }
}
