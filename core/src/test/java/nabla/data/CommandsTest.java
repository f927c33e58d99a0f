package nabla.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingToolIsNamed() {
        var e = assertThrows(IOException.class, () -> Commands.run(dir, "nabla-no-such-tool", "pack", "x"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "cannot run `nabla-no-such-tool pack x`: `nabla-no-such-tool` is not installed or not on PATH"),
                e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFailingCommandReportsExitCodeAndOutput() throws IOException {
        assertEquals("hello\n", Commands.run(dir, "sh", "-c", "echo hello"));
        var e = assertThrows(
                IOException.class, () -> Commands.run(dir, "sh", "-c", "echo E: Unable to locate package; exit 3"));
        assertEquals(
                "`sh -c echo E: Unable to locate package; exit 3` failed with exit code 3 in " + dir
                        + "; output: E: Unable to locate package",
                e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count()); // the output log is removed
        }
    }

    @Test
    void takeNamesTheMissingFile() throws IOException {
        Path from = Files.createDirectories(dir.resolve("package/data"));
        Path to = Files.createDirectories(dir.resolve("staging"));
        Files.writeString(from.resolve("a"), "x");
        var e = assertThrows(IOException.class, () -> Commands.take(from, List.of("a", "b"), to, "npm package p@1"));
        assertEquals("npm package p@1 has no file b (looked for " + from.resolve("b") + ")", e.getMessage());
    }
}
