package nabla.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one scratch folder of a fuzzing JVM: each input is written to a fixed file in it (the loaders read paths), and
 * the folder is removed when the JVM exits.
 */
final class Scratch {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("nabla-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Scratch::clean));
    }

    private Scratch() {}

    /** Writes {@code bytes} to the file {@code name} in the scratch folder, replacing it, and returns its path. */
    static Path write(String name, byte[] bytes) {
        try {
            return Files.write(DIR.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path in the scratch folder, for a file the code under test writes. */
    static Path path(String name) {
        return DIR.resolve(name);
    }

    private static void clean() {
        try (var files = Files.walk(DIR)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the JVM is exiting; a leftover temp folder is harmless
        }
    }
}
