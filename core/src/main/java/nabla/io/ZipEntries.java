package nabla.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Bounded, checked reading of ZIP entries, shared by the ZIP-based formats (model archives, Keras 3 files). */
public final class ZipEntries {
    /** How far a compressed entry may expand: zip bombs expand thousands of times, JSON and text about ten. */
    public static final long MAX_RATIO = 100;

    private ZipEntries() {}

    /**
     * The bytes of entry {@code name}: a compressed entry may expand {@value #MAX_RATIO} times its compressed size
     * at most (1 MiB always allowed), checked while inflating (reading stops one byte past the bound); then the
     * entry's size and CRC-32 against the archive's directory (the JDK checks the CRC-32 of compressed entries only).
     *
     * @param zip the open archive
     * @param name the entry
     * @param limit the most bytes the entry may hold
     * @param file the archive's name, for messages
     * @param kind what the archive should be, for the message when the entry is missing ("a Nabla model file")
     * @param limitNote appended to the message when the entry is larger than {@code limit} ("" for nothing)
     * @return the entry's bytes
     * @throws CorruptModelFileException if the entry is missing or damaged
     * @throws ModelFileException if it expands beyond the bounds
     * @throws IOException if reading fails otherwise
     */
    public static byte[] read(ZipFile zip, String name, long limit, String file, String kind, String limitNote)
            throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null)
            throw new CorruptModelFileException(
                    file, "the archive has no '" + name + "' entry; it is not " + kind + " or it is damaged");
        long bound = limit;
        boolean byRatio = false;
        if (e.getMethod() == ZipEntry.DEFLATED && e.getCompressedSize() >= 0) {
            long r = Math.max(1L << 20, MAX_RATIO * e.getCompressedSize());
            if (r < bound) {
                bound = r;
                byRatio = true;
            }
        }
        byte[] b;
        try (InputStream in = zip.getInputStream(e)) {
            b = in.readNBytes((int) Math.min(bound + 1, Integer.MAX_VALUE - 8));
        } catch (ZipException | EOFException ex) {
            throw new CorruptModelFileException(file, "entry '" + name + "' is damaged (" + ex.getMessage() + ")", ex);
        }
        if (b.length > bound)
            throw new ModelFileException(
                    file,
                    byRatio
                            ? "entry '" + name + "' expands to more than " + MAX_RATIO
                                    + " times its compressed size of "
                                    + e.getCompressedSize() + " bytes (a zip bomb?); reading stopped at " + bound
                                    + " bytes"
                            : "entry '" + name + "' is larger than " + limit + " bytes" + limitNote);
        if (e.getSize() >= 0 && e.getSize() != b.length)
            throw new CorruptModelFileException(
                    file + "!/" + name,
                    "the entry holds " + b.length + " bytes, the archive's directory says " + e.getSize()
                            + "; the file is damaged");
        CRC32 crc = new CRC32();
        crc.update(b);
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc())
            throw new CorruptModelFileException(
                    file + "!/" + name,
                    "the entry's CRC-32 is %08x, the archive's directory says %08x: its bytes are damaged"
                            .formatted(crc.getValue(), e.getCrc()));
        return b;
    }
}
