package nabla.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import nabla.data.CorruptDataException;
import nabla.data.IdxFile;
import nabla.data.IdxReader;

/**
 * {@link IdxReader#read} on the input as the file (the seeds are IDX files raw and gzipped): it either reads, with as
 * many bytes as its shape says, or is refused with a {@link CorruptDataException} naming the file.
 */
class IdxFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void read(byte[] data) throws Exception {
        Watchdog.run("IdxFuzzTest", data, () -> check(Scratch.write("fuzz.idx", data)));
    }

    static void check(Path file) {
        IdxFile f;
        try {
            f = IdxReader.read(file);
        } catch (CorruptDataException e) {
            if (!e.file().equals(file)) throw new AssertionError("the error names " + e.file() + ", not " + file, e);
            return;
        } catch (IOException e) {
            throw new AssertionError(
                    "IdxReader.read threw a bare " + e.getClass().getName() + ", not a CorruptDataException", e);
        }
        if (f.shape().size() != f.copyBytes().length)
            throw new AssertionError("shape " + f.shape() + " but " + f.copyBytes().length + " bytes");
    }
}
