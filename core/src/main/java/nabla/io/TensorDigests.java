package nabla.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import nabla.tensor.NDArray;

/**
 * SHA-256 digests of the tensors of a safetensors entry, kept in its metadata under "sha256:NAME" (the digest of the
 * tensor's little-endian bytes, as stored, in hex). The entries' CRC-32 finds damaged bytes; the digests name the
 * damaged tensor, and find changes that a tool rewriting the archive (and its checksums) would hide. Files without
 * digests (older ones, other writers) load unchecked.
 */
final class TensorDigests {
    static final String PREFIX = "sha256:";

    private TensorDigests() {}

    /** {@code st} with a digest of each tensor added to its metadata. */
    static SafeTensors add(SafeTensors st) {
        Map<String, String> meta = new LinkedHashMap<>(st.metadata());
        for (Map.Entry<String, NDArray> e : st.tensors().entrySet()) meta.put(PREFIX + e.getKey(), hex(e.getValue()));
        return new SafeTensors(st.tensors(), meta);
    }

    /**
     * Checks every digest in {@code st}'s metadata against its tensor.
     *
     * @param entry the entry, for messages ("file!/entry")
     * @throws CorruptModelFileException if a digest names no tensor or does not match it
     */
    static void check(SafeTensors st, String entry) throws CorruptModelFileException {
        for (Map.Entry<String, String> m : st.metadata().entrySet()) {
            if (!m.getKey().startsWith(PREFIX)) continue;
            String name = m.getKey().substring(PREFIX.length());
            NDArray t = st.tensors().get(name);
            if (t == null)
                throw new CorruptModelFileException(
                        entry, "its metadata holds a SHA-256 for tensor '" + name + "', which the entry lacks");
            String actual = hex(t);
            if (!actual.equalsIgnoreCase(m.getValue()))
                throw new CorruptModelFileException(
                        entry,
                        "tensor '" + name + "' has the SHA-256 " + actual + ", the metadata says " + m.getValue()
                                + ": its values were damaged or changed");
        }
    }

    private static String hex(NDArray t) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        NDArray c = t.contiguous();
        float[] d = c.data();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, n = c.size(), off = c.offset(); i < n; ) {
            int m = Math.min(n - i, buf.capacity() / 4);
            buf.clear();
            buf.asFloatBuffer().put(d, off + i, m);
            md.update(buf.array(), 0, 4 * m);
            i += m;
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
