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
    /** The file named in the message. */
    private final String file;
    /** The problem, without the file name. */
    private final String problem;

    /**
     * An exception for {@code file}.
     *
     * @param file the file, or "archive!/entry" for an entry inside a model file
     * @param problem what is wrong, without the file name
     * @throws NullPointerException if either argument is null
     */
    public ModelFileException(String file, String problem) {
        this(file, problem, null);
    }

    /**
     * An exception for {@code file} with the underlying cause.
     *
     * @param file the file, or "archive!/entry" for an entry inside a model file
     * @param problem what is wrong, without the file name
     * @param cause the underlying exception, or null
     * @throws NullPointerException if {@code file} or {@code problem} is null
     */
    public ModelFileException(String file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.problem = problem;
    }

    /** {@return the file (for an entry inside an archive, "archive!/entry")} */
    public String file() {
        return file;
    }

    /** {@return what is wrong, without the file name} */
    public String problem() {
        return problem;
    }
}
