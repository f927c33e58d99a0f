package nabla.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import nabla.io.ModelFileException;
import nabla.io.SafeTensors;
import nabla.tensor.NDArray;

/**
 * {@link SafeTensors#read(ByteBuffer, String)}: bytes either parse or are refused with a {@link ModelFileException}
 * naming the file; what parses writes back and reads back to the same tensors (bit for bit) and metadata.
 */
class SafeTensorsFuzzTest {
    private static final String NAME = "fuzz.safetensors";

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/nabla/fuzz/model.dict")
    void read(byte[] data) throws Exception {
        Watchdog.run("SafeTensorsFuzzTest", data, () -> check(data));
    }

    private static void check(byte[] data) {
        SafeTensors st;
        try {
            st = SafeTensors.read(ByteBuffer.wrap(data), NAME);
        } catch (ModelFileException e) {
            if (!e.file().equals(NAME)) throw new AssertionError("the error names " + e.file() + ", not " + NAME, e);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors back;
        try {
            st.writeTo(out);
            back = SafeTensors.read(ByteBuffer.wrap(out.toByteArray()), "rewritten.safetensors");
        } catch (IOException e) {
            throw new UncheckedIOException("a file that reads does not write and read back", e);
        }
        if (!back.metadata().equals(st.metadata())
                || !back.tensors().keySet().equals(st.tensors().keySet()))
            throw new AssertionError("the rewritten file has other names or metadata");
        for (Map.Entry<String, NDArray> e : st.tensors().entrySet()) {
            NDArray a = e.getValue(), b = back.tensors().get(e.getKey());
            if (!a.shape().equals(b.shape()) || !Arrays.equals(bits(a), bits(b)))
                throw new AssertionError("tensor '" + e.getKey() + "' changes when written and read back");
        }
    }

    private static int[] bits(NDArray a) {
        float[] f = a.toArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Float.floatToRawIntBits(f[i]);
        return out;
    }
}
