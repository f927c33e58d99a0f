package nabla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code nabla} ends on an error. A user's mistake prints {@code nabla: SENTENCE} (and at most one line of
 * advice) to standard error and exits with 2: a bad option value or usage (picocli's {@link ParameterException}),
 * a {@link UserError} from a command, or an I/O problem: a missing, unreadable or misplaced file, and the library's
 * own errors for data it cannot use ({@code ModelFileException}, {@code CorruptDataException},
 * {@code CsvFormatException}, all {@link IOException}s whose message names the file). Anything else is a bug: its
 * stack trace, a line saying so, exit code 1. {@code --debug} (or {@code NABLA_DEBUG=1}) adds the stack trace to a
 * user error. A value quoted in a message is cut to {@value Checks#QUOTE_LIMIT} characters.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String DEBUG_OPTION = "--debug";
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (Checks.QUOTE_LIMIT + 1) + ",})'");
    private static final int WORD_LIMIT = 240;
    private final boolean debug;

    /** {@code debug}: print stack traces of user errors as well (from the environment; --debug also turns it on). */
    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("nabla: " + shorten(clipQuoted(ex.getMessage())));
        String advice = helpAdvice(cl);
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty())
            advice = "Did you mean "
                    + String.join(
                            " or ",
                            u.getSuggestions()
                                    .subList(0, Math.min(3, u.getSuggestions().size()))) + "? " + advice;
        err.println(advice);
        if (debug || Arrays.asList(args).contains(DEBUG_OPTION)) ex.printStackTrace(err);
        err.flush();
        return cl.getExitCodeExceptionMapper() != null
                ? cl.getExitCodeExceptionMapper().getExitCode(ex)
                : cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        System.out.flush();
        String sentence = sentence(ex);
        if (sentence == null) {
            ex.printStackTrace(err);
            err.println(
                    "nabla: this is a bug in nabla, not a problem with what you gave it; please report it with the stack trace above");
            err.flush();
            return cl.getCommandSpec().exitCodeOnExecutionException();
        }
        err.println("nabla: " + shorten(sentence));
        if (ex instanceof UserError u && u.aboutOptions()) err.println(helpAdvice(cl));
        if (debug || debugOption(parseResult)) ex.printStackTrace(err);
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The one sentence for a user's error, or null when {@code e} is a bug. I/O errors count as the user's (the
     * file, folder, disk or network is not as it should be); the JDK's file errors are rephrased around their path.
     */
    static String sentence(Throwable e) {
        return switch (e) {
            case UserError u -> u.getMessage();
            case ParameterException p -> p.getMessage();
            case UncheckedIOException u -> sentence(u.getCause());
            case NoSuchFileException f ->
                f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file or folder");
            case AccessDeniedException f -> f.getFile() + ": permission denied";
            case NotDirectoryException f -> f.getFile() + " is not a folder";
            case FileAlreadyExistsException f ->
                f.getFile() + " already exists"
                        + (f.getReason() != null ? " (" + f.getReason() + ")" : " and is in the way");
            case DirectoryNotEmptyException f -> f.getFile() + " is a folder that is not empty";
            case FileSystemException f ->
                f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
            case CharacterCodingException c ->
                "an input file is not UTF-8 text; convert it to UTF-8 (run with --debug to see where it was read)";
            case IOException io ->
                io.getMessage() != null && !io.getMessage().isBlank()
                        ? io.getMessage()
                        : "input/output error (" + io.getClass().getSimpleName() + ")";
            default -> null;
        };
    }

    /** Every 'quoted' value of picocli's message cut to the limit (picocli quotes the whole value). */
    static String clipQuoted(String message) {
        Matcher m = QUOTED.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(Checks.quote(m.group(1))));
        m.appendTail(sb);
        return sb.toString();
    }

    /** Any word of more than 240 characters cut (the sources clip what they quote; this is the last guard). */
    static String shorten(String message) {
        List<String> words = Arrays.asList(message.split(" ", -1));
        return String.join(
                " ",
                words.stream()
                        .map(w -> w.length() <= WORD_LIMIT ? w : w.substring(0, WORD_LIMIT - 3) + "...")
                        .toList());
    }

    private static String helpAdvice(CommandLine cl) {
        return "Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.";
    }

    private static boolean debugOption(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) if (p.hasMatchedOption(DEBUG_OPTION)) return true;
        return false;
    }
}
