package nabla.cli;

/**
 * A mistake in what the user gave nabla (an option value, a file, missing data), not a bug: its message is one
 * sentence that names the option or file and says what to do. The command line prints it without a stack trace
 * and exits with 2 (see {@link ErrorHandler}). Other {@link IllegalArgumentException}s are bugs.
 */
final class UserError extends IllegalArgumentException {
    private final boolean aboutOptions;

    UserError(String sentence) {
        this(sentence, false, null);
    }

    UserError(String sentence, Throwable cause) {
        this(sentence, false, cause);
    }

    private UserError(String sentence, boolean aboutOptions, Throwable cause) {
        super(sentence, cause);
        this.aboutOptions = aboutOptions;
    }

    /** A bad option value: the message is followed by where to read about the options. */
    static UserError option(String sentence) {
        return new UserError(sentence, true, null);
    }

    /** Whether the advice to read the command's --help goes with it. */
    boolean aboutOptions() {
        return aboutOptions;
    }
}
