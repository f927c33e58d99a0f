package nabla.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command (npm, apt-get, tar, dpkg) and turns every failure into an IOException naming it. */
final class Commands {
    /** Long enough for a slow registry download; short enough that a hung apt-get does not hang a test run forever. */
    static final long TIMEOUT_SECONDS = 600;

    private static final int OUTPUT_LINES_IN_ERRORS = 15;

    private Commands() {}

    /** Runs {@code command} in {@code dir} and returns its combined output; throws if it cannot start, times out or exits non-zero. */
    static String run(Path dir, String... command) throws IOException {
        String shown = String.join(" ", command);
        Path output = Files.createTempFile(dir, "command", ".log");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
            } catch (IOException e) {
                throw new IOException(
                        "cannot run `%s`: `%s` is not installed or not on PATH (%s)"
                                .formatted(shown, command[0], e.getMessage()),
                        e);
            }
            p.getOutputStream().close(); // no input: a command that prompts sees end of file
            boolean done;
            try {
                done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running `" + shown + "`", e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(
                        "`%s` did not finish within %d s; output: %s".formatted(shown, TIMEOUT_SECONDS, tail(output)));
            }
            if (p.exitValue() != 0)
                throw new IOException("`%s` failed with exit code %d in %s; output: %s"
                        .formatted(shown, p.exitValue(), dir, tail(output)));
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The only file in {@code dir} whose name ends with {@code suffix}; throws when there is none or several. */
    static Path single(Path dir, String suffix, String madeBy) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .toList();
            if (found.size() != 1)
                throw new IOException("`%s` should have left one *%s file in %s, found %d"
                        .formatted(madeBy, suffix, dir, found.size()));
            return found.getFirst();
        }
    }

    /** Moves {@code fileNames} from {@code dir} into {@code stagingDir}; throws naming the first one missing. */
    static void take(Path dir, List<String> fileNames, Path stagingDir, String from) throws IOException {
        for (String name : fileNames) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f))
                throw new IOException("%s has no file %s (looked for %s)".formatted(from, name, f));
            Files.move(f, stagingDir.resolve(name));
        }
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output);
            List<String> last = lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_IN_ERRORS), lines.size());
            return last.isEmpty() ? "(none)" : String.join(" | ", last);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
