package nabla.data;

import static nabla.data.IdxFixtures.counting;
import static nabla.data.IdxFixtures.gzip;
import static nabla.data.IdxFixtures.ubyte;
import static nabla.data.IdxFixtures.write;
import static nabla.data.IdxFixtures.zeroBomb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files that declare or inflate to more than they should stop with an error, in bounded memory. */
class IdxBoundsTest {
    @TempDir
    Path dir;

    /** The header alone: magic and dimensions. */
    private static byte[] header(int... dims) throws IOException {
        return ubyte(dims, new byte[0]);
    }

    @Test
    void gzipBombsFailInASmallHeapWithoutRunningOutOfMemory() throws Exception {
        // the probe's case: 1.4 MB of gzip that inflates to 1.5 GB, as the header says
        Path huge = zeroBomb(dir.resolve("huge.gz"), header(1500, 1000, 1000), 1431);
        // under the size limit, but inflating 1000 times: a bomb by its ratio
        Path dense = zeroBomb(dir.resolve("dense.gz"), header(400, 1000, 1000), 382);
        // four bytes of payload, then 300 MiB of trailing zeros
        Path tail = zeroBomb(dir.resolve("tail.gz"), ubyte(new int[] {4}, counting(4)), 300);
        assertTrue(Files.size(huge) < 2_000_000, "the bomb is small: " + Files.size(huge));
        List<String> command =
                ChildJvm.command(IdxReadMain.class, "128m", huge.toString(), dense.toString(), tail.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        List<String> lines = out.lines().toList();
        assertTrue(
                lines.contains("error " + huge
                        + ": the header declares 1500×1000×1000 = 1500000000 bytes, more than the limit of"
                        + " 1073741824 bytes (1 GiB); if the file is genuine, read it with a larger"
                        + " IdxReader.Limits.maxBytes"),
                out);
        assertTrue(
                lines.contains("error " + dense + ": the header declares 400×1000×1000 = 400000000 bytes, but the"
                        + " file is " + Files.size(dense) + " bytes of gzip: an expansion of "
                        + 400_000_000L / Files.size(dense) + "x, more than the 100x allowed (a gzip bomb?);"
                        + " if the file is genuine, read it with a larger IdxReader.Limits.maxExpansion"),
                out);
        assertTrue(
                lines.contains("error " + tail + ": at least 1048576 unexpected bytes after the 4 = 4 bytes the"
                        + " header announces (reading stopped there)"),
                out);
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "stops early");
    }

    @Test
    void aRawFileShorterThanItsHeaderFailsBeforeAllocating() throws IOException {
        Path file = write(dir.resolve("short"), ubyte(new int[] {1000, 1000, 1000}, counting(10)));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(file + ": truncated: header says 1000×1000×1000 = 1000000000 bytes, file has 10", e.getMessage());
    }

    @Test
    void aRawFileLargerThanTheLimitIsRefused() throws IOException {
        Path file = write(dir.resolve("raw"), ubyte(new int[] {10, 10}, counting(100)));
        var e = assertThrows(
                CorruptDataException.class,
                () -> IdxReader.read(file, IdxReader.Limits.defaults().withMaxBytes(99)));
        assertEquals(
                file + ": the header declares 10×10 = 100 bytes, more than the limit of 99 bytes; if the file is"
                        + " genuine, read it with a larger IdxReader.Limits.maxBytes",
                e.getMessage());
        assertEquals(
                Shape.of(10, 10),
                IdxReader.read(file, IdxReader.Limits.defaults().withMaxBytes(100))
                        .shape());
    }

    @Test
    void aHighlyCompressibleGenuineFileReadsWithARaisedExpansionLimit() throws IOException {
        // 4 MiB of zeros: about 4 KB of gzip, so 1000x; allowed only when the caller says so
        Path file = write(dir.resolve("mask.gz"), gzip(ubyte(new int[] {4, 1024, 1024}, new byte[4 << 20])));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("more than the 100x allowed (a gzip bomb?)"), e.getMessage());
        IdxFile f = IdxReader.read(file, IdxReader.Limits.defaults().withMaxExpansion(10_000));
        assertEquals(Shape.of(4, 1024, 1024), f.shape());
        assertEquals(0, f.unsigned((4 << 20) - 1));
    }

    @Test
    void smallGzipFilesAreAlwaysAllowedTheirMebibyte() throws IOException {
        // 1 MiB of zeros deflates to about 1 KB (1000x), but a payload of at most 1 MiB is never a bomb
        byte[] payload = counting(1 << 20);
        IdxFile f = IdxReader.read(write(dir.resolve("small.gz"), gzip(ubyte(new int[] {1 << 20}, payload))));
        assertArrayEquals(payload, f.copyBytes());
    }

    @Test
    void gzipTrailingBytesAreCountedExactlyWhenFew() throws IOException {
        Path file = write(dir.resolve("long.gz"), gzip(ubyte(new int[] {2, 2}, counting(7))));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(file + ": 3 unexpected bytes after the 2×2 = 4 bytes the header announces", e.getMessage());
    }

    @Test
    void limitsAreChecked() {
        assertThrows(
                IllegalArgumentException.class,
                () -> IdxReader.Limits.defaults().withMaxBytes(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> IdxReader.Limits.defaults().withMaxExpansion(0));
        assertEquals(1L << 30, IdxReader.Limits.defaults().maxBytes());
        assertEquals(100, IdxReader.Limits.defaults().maxExpansion());
    }
}
