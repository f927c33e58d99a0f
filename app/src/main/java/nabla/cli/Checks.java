package nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks of option values and input files at the start of a command, each failing with a {@link UserError} naming the option. */
final class Checks {
    /** At most this many characters of a value are quoted in a message. */
    static final int QUOTE_LIMIT = 80;

    private Checks() {}

    /** {@code s} cut to {@value #QUOTE_LIMIT} characters, ending in "..." when it was longer. */
    static String clip(String s) {
        return s.length() <= QUOTE_LIMIT ? s : s.substring(0, QUOTE_LIMIT - 3) + "...";
    }

    /** {@code s} clipped and in single quotes, as messages quote a value. */
    static String quote(String s) {
        return "'" + clip(s) + "'";
    }

    /** A whole number option that, when given, must be at least 1 (epochs, sizes, counts). */
    static void positiveCount(String option, Integer value) {
        if (value != null && value < 1)
            throw UserError.option(option + " must be a whole number of at least 1, got " + value);
    }

    /** As {@link #positiveCount(String, Integer)} for each of a list of values (e.g. --lstm-units 128,64). */
    static void positiveCounts(String option, int[] values) {
        if (values == null) return;
        if (values.length == 0) throw UserError.option(option + " needs at least one value");
        for (int v : values)
            if (v < 1) throw UserError.option(option + " values must be whole numbers of at least 1, got " + v);
    }

    /** A whole number option that must be 0 or more. */
    static void nonNegative(String option, int value) {
        if (value < 0) throw UserError.option(option + " must be 0 or more, got " + value);
    }

    /** A real option that, when given, must be above 0 (a learning rate). */
    static void positive(String option, Number value) {
        if (value != null && !(value.doubleValue() > 0))
            throw UserError.option(option + " must be above 0, got " + value);
    }

    /** A fraction option that, when given, must be in [0, 1) (a dropout rate, a validation split). */
    static void fractionBelowOne(String option, Number value) {
        if (value != null && !(value.doubleValue() >= 0 && value.doubleValue() < 1))
            throw UserError.option(option + " must be in [0, 1), got " + value);
    }

    /** A fraction option that, when given, must be in (0, 1] (a target accuracy). */
    static void fractionAboveZero(String option, Number value) {
        if (value != null && !(value.doubleValue() > 0 && value.doubleValue() <= 1))
            throw UserError.option(option + " must be in (0, 1], got " + value);
    }

    /** One of the given names (case-sensitive), e.g. --dataset mnist. */
    static void oneOf(String option, String value, String... allowed) {
        for (String a : allowed) if (a.equals(value)) return;
        throw UserError.option("%s %s is not one of: %s".formatted(option, quote(value), String.join(", ", allowed)));
    }

    /**
     * An input file given by {@code option}: it must exist and be a file, not a folder. {@code what} names it
     * ("model file", "CSV file"), {@code remedy} says where one comes from (may be empty).
     */
    static Path inputFile(String option, Path file, String what, String remedy) {
        String tail = remedy.isEmpty() ? "" : "; " + remedy;
        if (Files.isDirectory(file))
            throw new UserError(
                    "%s %s is a folder, not a %s; give the file itself".formatted(option, clip(file.toString()), what));
        if (!Files.exists(file))
            throw new UserError("%s %s: no such %s%s".formatted(option, clip(file.toString()), what, tail));
        if (!Files.isReadable(file))
            throw new UserError(
                    "%s %s: cannot read the %s (permission denied)".formatted(option, clip(file.toString()), what));
        return file;
    }

    /** A folder nabla writes into: it may be missing (it is created) but must not be a file. */
    static Path outputFolder(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new UserError("%s %s is a file; give a folder for the output (it is created when missing)"
                    .formatted(option, clip(dir.toString())));
        return dir;
    }

    /** The file a command saves to: its folder must exist, and it must not be a folder itself. */
    static Path outputFile(String option, Path file) {
        if (Files.isDirectory(file))
            throw new UserError(
                    "%s %s is a folder; give a file name to save to".formatted(option, clip(file.toString())));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new UserError("%s %s: the folder %s does not exist; create it first"
                    .formatted(option, clip(file.toString()), clip(parent.toString())));
        return file;
    }

    static String plural(long n, String word) {
        return String.format(Locale.ROOT, "%d %s%s", n, word, n == 1 ? "" : "s");
    }
}
