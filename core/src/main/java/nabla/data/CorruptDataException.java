package nabla.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file exists but its content is wrong: bad magic, truncated, trailing bytes, unexpected shape or
 * values, or a checksum that does not match. The message starts with the file's path.
 */
public final class CorruptDataException extends IOException {
    /** The file that is wrong. */
    private final Path file;

    /**
     * An exception whose message is {@code "<file>: <problem>"}.
     *
     * @param file the file that is wrong
     * @param problem what is wrong with it, one sentence
     */
    public CorruptDataException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * An exception whose message is {@code "<file>: <problem>"}, with the error that revealed it.
     *
     * @param file the file that is wrong
     * @param problem what is wrong with it, one sentence
     * @param cause the underlying error, e.g. a {@link java.util.zip.ZipException}
     */
    public CorruptDataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * The file that is wrong.
     *
     * @return the file's path, as given
     */
    public Path file() {
        return file;
    }
}
