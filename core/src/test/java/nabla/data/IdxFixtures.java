package nabla.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFixtures {
    private IdxFixtures() {}

    /** The bytes of an IDX file: magic (0, 0, type, rank), big-endian dims, then the payload as given. */
    static byte[] idx(int type, int[] dims, byte[] payload) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) out.writeInt(d);
        out.write(payload);
        return bytes.toByteArray();
    }

    static byte[] ubyte(int[] dims, byte[] payload) throws IOException {
        return idx(0x08, dims, payload);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /**
     * A gzip stream that inflates to {@code head} followed by {@code mib} MiB of zero bytes, written as one gzip
     * member per MiB (readers concatenate members): about 1 KB per MiB, so a bomb of any size is made at once.
     */
    static Path zeroBomb(Path file, byte[] head, int mib) throws IOException {
        byte[] member = gzip(new byte[1 << 20]);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(gzip(head));
            for (int i = 0; i < mib; i++) out.write(member);
        }
        return file;
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    /** Payload 0, 1, 2, ... (mod 256) of the given length. */
    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }
}
