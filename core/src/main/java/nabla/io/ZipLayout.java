package nabla.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that a model file is one ZIP archive and nothing else, before the JDK's {@link java.util.zip.ZipFile} reads
 * it (which is lenient: it accepts bytes before the first entry, between entries and after the end, and duplicate
 * names, any of which can hide data or make two readers see different files). The archive must start with its first
 * entry; every entry's local header must name the entry its directory record names; the entries' data, their data
 * descriptors, the central directory and the end record must follow each other with no gap; the file must end where
 * the end record (and its comment) ends; no name may occur twice. ZIP64 archives are understood. Memory: the central
 * directory (a few hundred bytes per entry) and one local header at a time.
 */
final class ZipLayout {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int EXT_SIG = 0x08074b50;
    private static final long MAGIC32 = 0xFFFFFFFFL;
    /** The central directory of a model file: a handful of entries; a hostile one may claim gigabytes. */
    private static final long MAX_CEN_BYTES = 16L << 20;

    private ZipLayout() {}

    private record Entry(String name, long offset, long compressed, boolean sizes64, boolean descriptor) {}

    /**
     * Checks the layout of the archive at {@code path}.
     *
     * @param path the file
     * @param maxEntries the most entries allowed
     * @throws CorruptModelFileException if the file is not exactly one well-formed archive (the message says where)
     * @throws ModelFileException if it lists more than {@code maxEntries} entries
     * @throws IOException if reading fails
     */
    static void check(Path path, int maxEntries) throws IOException {
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long eocd = findEnd(ch, size, file);
            ByteBuffer end = read(ch, eocd, 22);
            long entries = end.getShort(10) & 0xFFFF;
            long cenSize = end.getInt(12) & MAGIC32;
            long cenOffset = end.getInt(16) & MAGIC32;
            long cenEnd = eocd; // where the central directory must end
            if (eocd >= 20 && read(ch, eocd - 20, 4).getInt(0) == ZIP64_LOCATOR_SIG) {
                long rec = read(ch, eocd - 20, 20).getLong(8);
                if (rec < 0 || rec > eocd - 20 - 56)
                    throw new CorruptModelFileException(file, "its ZIP64 end record lies outside the file");
                ByteBuffer z = read(ch, rec, 56);
                if (z.getInt(0) != ZIP64_EOCD_SIG || z.getLong(4) != 44 || rec + 56 != eocd - 20)
                    throw new CorruptModelFileException(
                            file, "its ZIP64 end record is damaged or followed by data that belongs to no entry");
                entries = z.getLong(32);
                cenSize = z.getLong(40);
                cenOffset = z.getLong(48);
                cenEnd = rec;
            }
            if (entries > maxEntries)
                throw new ModelFileException(
                        file, "the archive lists " + entries + " entries; a model file has at most " + maxEntries);
            if (cenSize < 0 || cenSize > MAX_CEN_BYTES || cenOffset < 0 || cenOffset + cenSize != cenEnd)
                throw new CorruptModelFileException(
                        file,
                        "its ZIP central directory (" + cenSize + " bytes at offset " + cenOffset
                                + ") does not end where the end record begins (offset " + cenEnd
                                + "): the file is damaged, or data was inserted");
            List<Entry> list = central(read(ch, cenOffset, (int) cenSize), entries, file);
            list.sort(Comparator.comparingLong(Entry::offset));
            long at = 0;
            for (Entry e : list) {
                if (e.offset != at)
                    throw new CorruptModelFileException(
                            file,
                            e.offset > at
                                    ? (e.offset - at) + " bytes at offset " + at + " (before entry '" + e.name
                                            + "') belong to no entry: the file is damaged, or data was inserted"
                                    : "entry '" + e.name + "' overlaps the entry before it");
                at = afterEntry(ch, e, cenOffset, file);
            }
            if (at != cenOffset)
                throw new CorruptModelFileException(
                        file,
                        (cenOffset - at) + " bytes at offset " + at
                                + " (after the last entry) belong to no entry: the file is damaged, or data was inserted");
        } catch (EOFException e) {
            throw new CorruptModelFileException(file, "its ZIP structure points past the end of the file", e);
        }
    }

    /** The end-of-central-directory record: the one whose comment ends exactly at the end of the file. */
    private static long findEnd(FileChannel ch, long size, String file) throws IOException {
        if (size < 22)
            throw new CorruptModelFileException(
                    file, "not a Nabla model file: it is not a ZIP archive (" + size + " bytes is too short for one)");
        int tail = (int) Math.min(size, 22 + 0xFFFF);
        ByteBuffer b = read(ch, size - tail, tail);
        boolean found = false;
        for (int i = tail - 22; i >= 0; i--) {
            if (b.getInt(i) != EOCD_SIG) continue;
            found = true;
            if (i + 22 + (b.getShort(i + 20) & 0xFFFF) == tail) return size - tail + i;
        }
        throw new CorruptModelFileException(
                file,
                found
                        ? "data follows the end of its ZIP archive: the file is damaged, or bytes were appended"
                        : "not a Nabla model file: it is not a ZIP archive, or it is truncated (no end record)");
    }

    private static List<Entry> central(ByteBuffer cen, long count, String file) throws CorruptModelFileException {
        List<Entry> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cen.limit() || cen.getInt(p) != CEN_SIG)
                throw new CorruptModelFileException(file, "its ZIP central directory is damaged at entry " + i);
            int flags = cen.getShort(p + 8) & 0xFFFF;
            long comp = cen.getInt(p + 20) & MAGIC32, uncomp = cen.getInt(p + 24) & MAGIC32;
            int n = cen.getShort(p + 28) & 0xFFFF, x = cen.getShort(p + 30) & 0xFFFF, c = cen.getShort(p + 32) & 0xFFFF;
            long offset = cen.getInt(p + 42) & MAGIC32;
            if (p + 46L + n + x + c > cen.limit())
                throw new CorruptModelFileException(file, "its ZIP central directory is damaged at entry " + i);
            String name = string(cen, p + 46, n);
            boolean sizes64 = comp == MAGIC32 || uncomp == MAGIC32;
            if (sizes64 || offset == MAGIC32) {
                // the ZIP64 extra field holds the 8-byte values of the fields set to 0xFFFFFFFF, in this order
                int q = p + 46 + n, xe = q + x;
                boolean seen = false;
                while (q + 4 <= xe) {
                    int id = cen.getShort(q) & 0xFFFF, len = cen.getShort(q + 2) & 0xFFFF;
                    if (q + 4 + len > xe) break;
                    if (id == 1) {
                        int r = q + 4, re = r + len;
                        if (uncomp == MAGIC32 && r + 8 <= re) {
                            uncomp = cen.getLong(r);
                            r += 8;
                        }
                        if (comp == MAGIC32 && r + 8 <= re) {
                            comp = cen.getLong(r);
                            r += 8;
                        }
                        if (offset == MAGIC32 && r + 8 <= re) offset = cen.getLong(r);
                        seen = true;
                    }
                    q += 4 + len;
                }
                if (!seen || comp < 0 || uncomp < 0 || offset < 0)
                    throw new CorruptModelFileException(
                            file, "entry '" + name + "' has a damaged ZIP64 record in the central directory");
            }
            if (!names.add(name))
                throw new CorruptModelFileException(
                        file, "the archive holds two entries named '" + name + "'; a model file holds each once");
            list.add(new Entry(name, offset, comp, sizes64, (flags & 8) != 0));
            p += 46 + n + x + c;
        }
        if (p != cen.limit())
            throw new CorruptModelFileException(
                    file, "its ZIP central directory holds " + (cen.limit() - p) + " bytes after its last entry");
        return list;
    }

    /** Checks the entry's local header and returns the offset just past its data and data descriptor. */
    private static long afterEntry(FileChannel ch, Entry e, long limit, String file) throws IOException {
        if (e.offset + 30 > limit)
            throw new CorruptModelFileException(file, "entry '" + e.name + "' lies past its end");
        ByteBuffer loc = read(ch, e.offset, 30);
        int n = loc.getShort(26) & 0xFFFF, x = loc.getShort(28) & 0xFFFF;
        if (loc.getInt(0) != LOC_SIG || e.offset + 30 + n > limit)
            throw new CorruptModelFileException(file, "entry '" + e.name + "' has a damaged local header");
        String local = string(read(ch, e.offset + 30, n), 0, n);
        if (!local.equals(e.name))
            throw new CorruptModelFileException(
                    file,
                    "entry '" + e.name + "' is named '" + local
                            + "' in its local header: the file is damaged or was crafted to mislead readers");
        long end = e.offset + 30 + n + x + e.compressed;
        if (end < 0 || end > limit)
            throw new CorruptModelFileException(file, "entry '" + e.name + "' runs past the end of its data");
        if (e.descriptor) {
            // a data descriptor: an optional signature, the CRC-32, then the sizes (8 bytes each when the entry's sizes
            // needed ZIP64)
            boolean sig = end + 4 <= limit && read(ch, end, 4).getInt(0) == EXT_SIG;
            end += (sig ? 4 : 0) + 4 + (e.sizes64 ? 16 : 8);
            if (end > limit)
                throw new CorruptModelFileException(file, "entry '" + e.name + "' has a truncated data descriptor");
        }
        return end;
    }

    private static String string(ByteBuffer b, int at, int n) {
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) if (ch.read(b, at + b.position()) < 0) throw new EOFException();
        return b.flip();
    }
}
