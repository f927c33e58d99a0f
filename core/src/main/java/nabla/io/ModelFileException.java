package nabla.io;

import java.io.IOException;
import java.util.Objects;

/**
 * A model or weights file that Nabla cannot use: its message is "{file}: {what is wrong}". Subclasses say why:
 * {@link CorruptModelFileException} for bytes that break the format, {@link WeightMismatchException} for weights
 * that do not fit the model; this class itself covers valid files Nabla does not support (a newer format version,
 * an unknown layer type, a dtype other than F32).
 */
public class ModelFileException extends IOException {
    private final String file;
    private final String problem;

    public ModelFileException(String file, String problem) {
        this(file, problem, null);
    }

    public ModelFileException(String file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file (for an entry inside an archive, "archive!/entry"). */
    public String file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
