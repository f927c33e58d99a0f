package nabla.io;

/** A file whose bytes do not follow its format: truncated, a bad header, offsets outside the data, not a ZIP. */
public class CorruptModelFileException extends ModelFileException {
    public CorruptModelFileException(String file, String problem) {
        super(file, problem);
    }

    public CorruptModelFileException(String file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
