package nabla.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import nabla.data.IdxReader;

/**
 * {@link IdxReader#read} on a gzipped IDX file whose decompressed content is the input (gzipped by the harness), so
 * that mutations reach the IDX header behind the gzip layer; the invariant is {@link IdxFuzzTest}'s.
 */
class IdxGzipFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void read(byte[] data) throws Exception {
        Watchdog.run("IdxGzipFuzzTest", data, () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // writing to memory does not fail
            }
            IdxFuzzTest.check(Scratch.write("fuzz.idx.gz", bytes.toByteArray()));
        });
    }
}
