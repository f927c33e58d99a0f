package nabla.data;

import java.io.IOException;

/**
 * Run in a child JVM with a small heap by {@link IdxBoundsTest}: reads each IDX file given and prints one line per
 * file, {@code read SHAPE} or {@code error MESSAGE} (a {@link CorruptDataException}'s). Any other error, an
 * OutOfMemoryError included, ends the JVM with a stack trace and a non-zero status.
 */
public final class IdxReadMain {
    private IdxReadMain() {}

    /**
     * Reads the files in turn.
     *
     * @param args the IDX files
     * @throws IOException if a file cannot be read for another reason than its content
     */
    public static void main(String[] args) throws IOException {
        for (String a : args) {
            try {
                System.out.println("read "
                        + IdxReader.describe(
                                IdxReader.read(java.nio.file.Path.of(a)).shape()));
            } catch (CorruptDataException e) {
                System.out.println("error " + e.getMessage());
            }
        }
        System.out.println("maxHeap " + Runtime.getRuntime().maxMemory());
    }
}
