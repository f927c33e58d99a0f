package nabla.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The structure-aware form of a model file: its ZIP entries as text-like sections, so that the fuzzer mutates the
 * entries' contents (nabla.json, the safetensors headers, training.json, assets) and their names directly, and the
 * harness writes a well-formed ZIP around them (valid CRC-32s and sizes). Without it almost every mutation of a model
 * file only breaks a checksum or the deflate stream.
 *
 * <p>Layout: each entry is {@code "@@" NAME "\n" CONTENT "\n"}; a name starting with {@code "="} (stripped) is stored,
 * any other entry deflated, as the model files keep their safetensors entries stored and the JSON deflated. Bytes
 * before the first {@code "@@"} are ignored; a content ends at the next {@code "\n@@"}.
 */
final class Entries {
    private static final byte[] MARK = "\n@@".getBytes(StandardCharsets.US_ASCII);

    /** One ZIP entry. */
    record Entry(String name, boolean stored, byte[] content) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e
                    && e.name.equals(name)
                    && e.stored == stored
                    && Arrays.equals(e.content, content);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return (stored ? "=" : "") + name + " (" + content.length + " bytes)";
        }
    }

    private Entries() {}

    /** The entries of {@code data}, in order (names repeated as given). */
    static List<Entry> decode(byte[] data) {
        List<Entry> out = new ArrayList<>();
        int start;
        if (data.length >= 2 && data[0] == '@' && data[1] == '@') start = 2;
        else {
            int mark = find(data, 0);
            if (mark < 0) return out;
            start = mark + MARK.length;
        }
        while (start >= 0) {
            int next = find(data, start);
            int end = next < 0 ? data.length : next;
            int nl = start;
            while (nl < end && data[nl] != '\n') nl++;
            String name = new String(data, start, nl - start, StandardCharsets.UTF_8);
            int from = Math.min(nl + 1, end);
            int to = next < 0 && end > from && data[end - 1] == '\n' ? end - 1 : end;
            boolean stored = name.startsWith("=");
            out.add(new Entry(stored ? name.substring(1) : name, stored, Arrays.copyOfRange(data, from, to)));
            start = next < 0 ? -1 : next + MARK.length;
        }
        return out;
    }

    /** {@code entries} in the layout above. */
    static byte[] encode(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.writeBytes(("@@" + (e.stored ? "=" : "") + e.name + "\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(e.content);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * A ZIP archive of {@code entries}, or null when java.util.zip cannot write them as given (a repeated name, a
     * name longer than 65,535 bytes): the raw-file fuzz test covers such archives.
     */
    static byte[] zip(List<Entry> entries) {
        Set<String> seen = new HashSet<>();
        for (Entry e : entries)
            if (!seen.add(e.name) || e.name.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) return null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Entry e : entries) {
                ZipEntry z = new ZipEntry(e.name);
                z.setTime(0L);
                if (e.stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.content);
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.content.length);
                    z.setCompressedSize(e.content.length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return bytes.toByteArray();
    }

    /** The entries of the ZIP archive {@code zip}, in order, read with java.util.zip. */
    static List<Entry> unzip(java.nio.file.Path zip) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (ZipFile f = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> it = f.entries(); it.hasMoreElements(); ) {
                ZipEntry z = it.nextElement();
                try (var in = f.getInputStream(z)) {
                    out.add(new Entry(z.getName(), z.getMethod() == ZipEntry.STORED, in.readAllBytes()));
                }
            }
        }
        return out;
    }

    private static int find(byte[] data, int from) {
        outer:
        for (int i = from; i <= data.length - MARK.length; i++) {
            for (int j = 0; j < MARK.length; j++) if (data[i + j] != MARK[j]) continue outer;
            return i;
        }
        return -1;
    }
}
