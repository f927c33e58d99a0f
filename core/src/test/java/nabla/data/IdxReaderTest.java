package nabla.data;

import static nabla.data.IdxFixtures.counting;
import static nabla.data.IdxFixtures.gzip;
import static nabla.data.IdxFixtures.idx;
import static nabla.data.IdxFixtures.ubyte;
import static nabla.data.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawFile() throws IOException {
        byte[] payload = counting(3 * 2 * 2);
        payload[5] = (byte) 255;
        IdxFile f = IdxReader.read(write(dir.resolve("images"), ubyte(new int[] {3, 2, 2}, payload)));
        assertEquals(Shape.of(3, 2, 2), f.shape());
        assertEquals(3, f.count());
        assertArrayEquals(payload, f.copyBytes());
        assertEquals(255, f.unsigned(5));
        assertEquals(255, f.toInts()[5]);
        NDArray x = f.toFloat01();
        assertEquals(Shape.of(3, 2, 2), x.shape());
        assertEquals(1f, x.get(1, 0, 1));
        assertEquals(2 / 255f, x.get(0, 1, 0));
    }

    @Test
    void detectsGzipByMagicNotByName() throws IOException {
        byte[] raw = ubyte(new int[] {4}, new byte[] {0, 1, 2, 9});
        IdxFile gz = IdxReader.read(write(dir.resolve("labels.idx"), gzip(raw)));
        IdxFile plain = IdxReader.read(write(dir.resolve("labels.gz"), raw));
        assertArrayEquals(new int[] {0, 1, 2, 9}, gz.toInts());
        assertArrayEquals(new int[] {0, 1, 2, 9}, plain.toInts());
        assertTrue(IdxReader.isGzip(dir.resolve("labels.idx")));
        assertEquals(false, IdxReader.isGzip(dir.resolve("labels.gz")));
    }

    @Test
    void truncatedPayloadNamesFileAndSizes() throws IOException {
        Path file = write(dir.resolve("short"), ubyte(new int[] {3, 2, 2}, counting(7)));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(file + ": truncated: header says 3×2×2 = 12 bytes, file has 7", e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void truncatedGzipPayloadIsReportedToo() throws IOException {
        Path file = write(dir.resolve("short.gz"), gzip(ubyte(new int[] {3, 2, 2}, counting(7))));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated: header says 3×2×2 = 12 bytes"), e.getMessage());
    }

    @Test
    void cutGzipStreamIsCorrupt() throws IOException {
        byte[] gz = gzip(ubyte(new int[] {100}, counting(100)));
        Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        Path file = write(dir.resolve("long"), ubyte(new int[] {2, 2}, counting(6)));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(file + ": 2 unexpected bytes after the 2×2 = 4 bytes the header announces", e.getMessage());
    }

    @Test
    void badMagic() throws IOException {
        byte[] content = ubyte(new int[] {2}, counting(2));
        content[0] = 0x12;
        Path file = write(dir.resolve("magic"), content);
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(file + ": bad magic 0x12000801: an IDX file starts with two zero bytes", e.getMessage());
    }

    @Test
    void unsupportedType() throws IOException {
        Path file = write(dir.resolve("floats"), idx(0x0D, new int[] {1}, new byte[4]));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(
                file + ": IDX type 0x0D (32-bit float) is not supported; only 0x08 (unsigned byte) is", e.getMessage());
    }

    @Test
    void zeroDimensionsAreRejected() throws IOException {
        Path file = write(dir.resolve("rank0"), ubyte(new int[0], new byte[1]));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(file + ": the header declares 0 dimensions; expected 1 to 16", e.getMessage());
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] content = Arrays.copyOf(ubyte(new int[] {2, 3, 4}, new byte[0]), 10);
        Path file = write(dir.resolve("header"), content);
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(
                file + ": truncated header: 3 dimensions need 12 bytes after the magic, file has 6", e.getMessage());
    }

    @Test
    void hugeDimensionsAreRejectedBeforeAllocating() throws IOException {
        Path file = write(dir.resolve("huge"), ubyte(new int[] {-1, 100000}, new byte[0]));
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertEquals(
                file + ": the header declares dimensions 4294967295×100000, more elements than one Java array can hold",
                e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write(dir.resolve("empty"), new byte[0]);
        var e = assertThrows(CorruptDataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope");
        var e = assertThrows(NoSuchFileException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
