package nabla.timeseries;

import java.io.IOException;

/**
 * A CSV file of dated values cannot be read as a time series. The message is one sentence that names the file,
 * the line (1-based, the header is line 1) and, where it matters, the column, says what is wrong and what to do.
 */
public final class CsvFormatException extends IOException {
    private final String file;
    private final int line;

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

    /** The file's name as given to the reader. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
