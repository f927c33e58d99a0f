package nabla.io;

/**
 * A file whose bytes do not follow its format: truncated, a bad header, offsets outside the data, not a ZIP, a
 * required entry or field missing. The message is "{file}: {problem}".
 */
public class CorruptModelFileException extends ModelFileException {
    /**
     * An exception for {@code file}.
     *
     * @param file the file, or "archive!/entry" for an entry inside a model file
     * @param problem what is wrong, without the file name
     */
    public CorruptModelFileException(String file, String problem) {
        super(file, problem);
    }

    /**
     * An exception for {@code file} with the underlying cause (a parser's or the ZIP reader's exception).
     *
     * @param file the file, or "archive!/entry" for an entry inside a model file
     * @param problem what is wrong, without the file name
     * @param cause the underlying exception, or null
     */
    public CorruptModelFileException(String file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
