package nabla.timeseries;

import java.io.IOException;

/**
 * A CSV file of dated values cannot be read as a time series. The message is one sentence that names the file,
 * the line (1-based, the header is line 1) and, where it matters, the column, says what is wrong and what to do.
 */
public final class CsvFormatException extends IOException {
    /** The file's name, as given. */
    private final String file;
    /** The 1-based line, or 0 (or less) for none. */
    private final int line;

    /**
     * A problem at one line of a file, with the message "FILE line LINE: PROBLEM" ("FILE: PROBLEM" when {@code line}
     * is not positive).
     *
     * @param file the file's name, for the message
     * @param line the 1-based line (the header is line 1), or 0 when no one line is at fault
     * @param problem what is wrong and what to do, without the file and line
     */
    public CsvFormatException(String file, int line, String problem) {
        this(line > 0 ? file + " line " + line + ": " + problem : file + ": " + problem, file, line);
    }

    private CsvFormatException(String message, String file, int line) {
        super(message);
        this.file = file;
        this.line = line;
    }

    /** A problem with the whole file, said in one sentence that names the file itself (e.g. "x.csv is empty; ..."). */
    static CsvFormatException whole(String file, String sentence) {
        return new CsvFormatException(sentence, file, 0);
    }

    /** {@return the file's name as given to the reader} */
    public String file() {
        return file;
    }

    /** {@return the 1-based line of the problem, or 0 when it concerns the whole file} */
    public int line() {
        return line;
    }
}
