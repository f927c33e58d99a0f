package nabla.timeseries;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM with a small heap by {@link TimeSeriesCsvBoundsTest}: reads the wide CSV file given (date
 * column "date", all other columns) and prints {@code read SERIES LENGTH} or {@code error MESSAGE} (a
 * {@link CsvFormatException}'s). Any other error, an OutOfMemoryError included, ends the JVM with a stack trace and
 * a non-zero status.
 */
public final class CsvReadMain {
    private CsvReadMain() {}

    /**
     * Reads the file.
     *
     * @param args the CSV file
     * @throws IOException if it cannot be read for another reason than its content
     */
    public static void main(String[] args) throws IOException {
        try {
            TimeSeries s = TimeSeriesCsv.readWide(Path.of(args[0]), "date", List.of());
            System.out.println("read " + s.seriesCount() + " " + s.length());
        } catch (CsvFormatException e) {
            System.out.println("error " + e.getMessage());
        }
        System.out.println("maxHeap " + Runtime.getRuntime().maxMemory());
    }

    /**
     * The command running this class's main method as the test JVM finds it (on the module path with the test
     * classes patched into nabla.timeseries, as surefire runs the tests, else on the class path), with a small heap.
     *
     * @param maxHeap the child's -Xmx value, e.g. "32m"
     * @param file the CSV file
     * @return the command
     * @throws java.net.URISyntaxException if the test classes' location is not a file URI
     */
    static List<String> command(String maxHeap, Path file) throws java.net.URISyntaxException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null || modulePath.isEmpty())
            return List.of(
                    java,
                    "-Xmx" + maxHeap,
                    "-cp",
                    System.getProperty("java.class.path"),
                    CsvReadMain.class.getName(),
                    file.toString());
        String testClasses = Path.of(CsvReadMain.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        return List.of(
                java,
                "-Xmx" + maxHeap,
                "--add-modules",
                "jdk.incubator.vector",
                "--module-path",
                modulePath,
                "--patch-module",
                "nabla.timeseries=" + testClasses,
                "-m",
                "nabla.timeseries/" + CsvReadMain.class.getName(),
                file.toString());
    }
}
