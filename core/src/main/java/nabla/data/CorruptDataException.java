package nabla.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file exists but its content is wrong: bad magic, truncated, trailing bytes, unexpected shape or
 * values, or a checksum that does not match. The message starts with the file's path.
 */
public final class CorruptDataException extends IOException {
    private final Path file;

    public CorruptDataException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CorruptDataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }
}
