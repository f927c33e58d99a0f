package nabla.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.internal.Json;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Named tensors in Hugging Face's safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian unsigned header length N, N bytes of UTF-8 JSON
 * {@code {"__metadata__": {..}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..}}
 * padded with spaces so the data starts at a multiple of 8, then the little-endian data, offsets counted from the
 * start of the data section. Nabla writes and reads F32 only; other dtypes are recognised and refused by name.
 *
 * <p>Reading validates as the reference (Rust) implementation does: the header length fits the file, the header is
 * a JSON object without duplicate keys, each tensor's byte range lies in the data section and has exactly
 * prod(shape) × dtype-size bytes, and the ranges tile the data section without overlaps or gaps. Problems are
 * reported as a {@link CorruptModelFileException} (malformed bytes) or a {@link ModelFileException} (a valid file
 * Nabla cannot load, such as F16 tensors) naming the file and the tensor. The files interoperate with the
 * {@code safetensors} Python package ({@code safetensors.numpy.load_file}, {@code safetensors.torch.save_file} with
 * float32 tensors).
 *
 * @param tensors the tensors by name, in file order (unmodifiable)
 * @param metadata the free-form {@code __metadata__} strings (unmodifiable, possibly empty)
 */
public record SafeTensors(Map<String, NDArray> tensors, Map<String, String> metadata) {
    /** The reference implementation's limit on the header size (100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Element sizes of every dtype the format defines, to validate files Nabla cannot load. */
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1),
            Map.entry("U8", 1),
            Map.entry("I8", 1),
            Map.entry("F8_E5M2", 1),
            Map.entry("F8_E4M3", 1),
            Map.entry("I16", 2),
            Map.entry("U16", 2),
            Map.entry("F16", 2),
            Map.entry("BF16", 2),
            Map.entry("I32", 4),
            Map.entry("U32", 4),
            Map.entry("F32", 4),
            Map.entry("I64", 8),
            Map.entry("U64", 8),
            Map.entry("F64", 8));

    /**
     * Copies the maps into unmodifiable ones, keeping their order; the arrays themselves are not copied, and may
     * be non-contiguous views.
     *
     * @throws IllegalArgumentException if a tensor name is null, empty or "__metadata__"
     * @throws NullPointerException if a tensor or one of the maps is null
     */
    public SafeTensors {
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().equals("__metadata__"))
                throw new IllegalArgumentException("SafeTensors: invalid tensor name '" + e.getKey() + "'");
            t.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        tensors = Collections.unmodifiableMap(t);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Tensors without metadata.
     *
     * @param tensors the tensors by name, in the order to write them
     * @throws IllegalArgumentException if a tensor name is null, empty or "__metadata__"
     */
    public SafeTensors(Map<String, NDArray> tensors) {
        this(tensors, Map.of());
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** The header bytes (JSON plus padding), without the 8-byte length prefix. */
    byte[] headerBytes() {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) root.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", e.getValue().shape().dims());
            long end = offset + 4L * e.getValue().size();
            info.put("data_offsets", new long[] {offset, end});
            root.put(e.getKey(), info);
            offset = end;
        }
        byte[] json = Json.write(root, false);
        int padded = (json.length + 7) / 8 * 8; // 8 + padded is a multiple of 8, so the data is 8-byte aligned
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /**
     * Writes the file's bytes to {@code out}: the header length, the header, then each tensor's elements in
     * row-major order, little-endian.
     *
     * @param out the stream (not closed)
     * @throws IOException if the stream fails
     */
    public void writeTo(OutputStream out) throws IOException {
        byte[] header = headerBytes();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length);
        out.write(buf.array(), 0, 8);
        out.write(header);
        for (NDArray t : tensors.values()) {
            NDArray c = t.contiguous();
            float[] d = c.data();
            int n = c.size(), off = c.offset();
            for (int i = 0; i < n; ) {
                buf.clear();
                int m = Math.min(n - i, buf.capacity() / 4);
                buf.asFloatBuffer().put(d, off + i, m);
                out.write(buf.array(), 0, 4 * m);
                i += m;
            }
        }
    }

    /**
     * Writes a standalone .safetensors file, replacing any file there (not atomically; model files use
     * {@link ModelArchive}).
     *
     * @param path the file to write
     * @throws IOException if writing fails
     */
    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writeTo(out);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads a standalone .safetensors file, with the validation described above.
     *
     * @param path the file
     * @return the tensors (in new contiguous arrays) and the metadata
     * @throws java.nio.file.NoSuchFileException if there is no file at {@code path}
     * @throws CorruptModelFileException if the bytes break the format
     * @throws ModelFileException if the file is over 2 GiB or holds tensors other than F32
     * @throws IOException if reading fails otherwise
     */
    public static SafeTensors read(Path path) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such safetensors file");
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE - 8)
            throw new ModelFileException(
                    path.toString(), "file is " + size + " bytes; Nabla reads safetensors files up to 2 GiB");
        return read(ByteBuffer.wrap(Files.readAllBytes(path)), path.toString());
    }

    /**
     * Parses safetensors bytes, with the validation described above.
     *
     * @param bytes the bytes from position to limit (the buffer's position is not changed; the data is copied out)
     * @param file the name used in errors, e.g. "model.nabla!/model.safetensors"
     * @return the tensors (in new contiguous arrays) and the metadata
     * @throws CorruptModelFileException if the bytes break the format
     * @throws ModelFileException if a tensor is not F32 or too large for an {@code NDArray}
     */
    public static SafeTensors read(ByteBuffer bytes, String file) throws ModelFileException {
        ByteBuffer buf = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        long total = buf.remaining();
        if (total < 8)
            throw corrupt(
                    file,
                    "file is " + total
                            + " bytes, too short for the 8-byte safetensors header length; the file is truncated or not safetensors");
        long n = buf.getLong(0);
        if (n < 0 || n > total - 8)
            throw corrupt(
                    file,
                    "header length " + Long.toUnsignedString(n) + " exceeds the " + (total - 8)
                            + " bytes after it; the file is truncated or not safetensors");
        if (n > MAX_HEADER_BYTES) throw corrupt(file, "header length " + n + " exceeds the 100 MB limit of the format");
        byte[] headerBytes = new byte[(int) n];
        buf.get(8, headerBytes);
        String header;
        try {
            header = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "header is not valid UTF-8");
        }
        if (!header.startsWith("{")) throw corrupt(file, "header does not start with '{'; the file is not safetensors");
        Object parsed;
        try {
            parsed = Json.parse(header);
        } catch (Json.SyntaxException e) {
            throw corrupt(file, "header is not valid JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> root)) throw corrupt(file, "header is not a JSON object");

        long dataStart = 8 + n, dataLen = total - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> f : root.entrySet()) {
            String key = (String) f.getKey();
            if (key.equals("__metadata__")) readMetadata(f.getValue(), metadata, file);
            else entries.add(readEntry(key, f.getValue(), dataLen, file));
        }
        checkTiling(entries, dataLen, file);
        for (Entry e : entries)
            if (!e.dtype.equals("F32"))
                throw new ModelFileException(
                        file,
                        "tensor '" + e.name + "' has dtype " + e.dtype
                                + "; Nabla reads only F32 tensors (convert the file to float32)");

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            Shape shape;
            try {
                shape = Shape.of(e.dims);
            } catch (IllegalArgumentException ex) {
                throw new ModelFileException(
                        file, "tensor '" + e.name + "' is too large for Nabla (" + ex.getMessage() + ")");
            }
            float[] d = new float[shape.size()];
            buf.slice((int) (dataStart + e.begin), (int) (e.end - e.begin))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(d);
            tensors.put(e.name, NDArray.wrap(d, shape));
        }
        return new SafeTensors(tensors, metadata);
    }

    private record Entry(String name, String dtype, int[] dims, long begin, long end) {}

    private static void readMetadata(Object meta, Map<String, String> out, String file)
            throws CorruptModelFileException {
        if (!(meta instanceof Map<?, ?> m)) throw corrupt(file, "__metadata__ is not a JSON object");
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String v))
                throw corrupt(file, "__metadata__ value for '" + e.getKey() + "' is not a string");
            out.put((String) e.getKey(), v);
        }
    }

    private static Entry readEntry(String name, Object node, long dataLen, String file) throws ModelFileException {
        String what = "tensor '" + name + "'";
        if (!(node instanceof Map<?, ?> info)) throw corrupt(file, what + " is not described by a JSON object");
        Object dtypeNode = info.get("dtype"), shapeNode = info.get("shape"), offsets = info.get("data_offsets");
        if (!(dtypeNode instanceof String dtype)) throw corrupt(file, what + " has no string 'dtype'");
        Integer itemBytes = DTYPE_BYTES.get(dtype);
        if (itemBytes == null) throw corrupt(file, what + " has unknown dtype '" + dtype + "'");
        if (!(shapeNode instanceof List<?> shape)) throw corrupt(file, what + " has no 'shape' array");
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(shape.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE)
                throw corrupt(
                        file,
                        what + " has an invalid shape " + Json.text(shape)
                                + "; dimensions must be non-negative integers");
            dims[i] = (int) (long) d;
            count = multiply(count, dims[i], file, what);
        }
        if (!(offsets instanceof List<?> o) || o.size() != 2 || !isOffset(o.get(0)) || !isOffset(o.get(1)))
            throw corrupt(
                    file,
                    what + " has invalid 'data_offsets' " + Json.text(offsets)
                            + "; expected [begin, end] with non-negative integers");
        long begin = (Long) o.get(0), end = (Long) o.get(1);
        if (begin > end)
            throw corrupt(file, what + " has data_offsets [" + begin + ", " + end + "] with begin after end");
        if (end > dataLen)
            throw corrupt(
                    file,
                    what + " ends at byte " + end + " of the data section, which has only " + dataLen
                            + " bytes; the file is truncated");
        long expected = multiply(count, itemBytes, file, what);
        if (end - begin != expected)
            throw corrupt(
                    file,
                    what + " has data_offsets [" + begin + ", " + end + "] holding " + (end - begin)
                            + " bytes, but shape " + Json.text(shape) + " of " + dtype + " needs " + expected);
        return new Entry(name, dtype, dims, begin, end);
    }

    private static boolean isOffset(Object n) {
        return n instanceof Long l && l >= 0;
    }

    private static long multiply(long a, long b, String file, String what) throws CorruptModelFileException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw corrupt(file, what + " has a shape whose size overflows 64 bits");
        }
    }

    /** The byte ranges must cover the data section exactly once, as the reference implementation requires. */
    private static void checkTiling(List<Entry> entries, long dataLen, String file) throws CorruptModelFileException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered)
                throw corrupt(file, "tensors '" + previous + "' and '" + e.name + "' overlap in the data section");
            if (e.begin > covered)
                throw corrupt(
                        file,
                        "bytes " + covered + " to " + e.begin + " of the data section belong to no tensor (before '"
                                + e.name + "')");
            covered = e.end;
            previous = e.name;
        }
        if (covered != dataLen)
            throw corrupt(
                    file,
                    "the data section has " + dataLen + " bytes but the tensors cover only " + covered
                            + "; the file has trailing bytes");
    }

    private static CorruptModelFileException corrupt(String file, String problem) {
        return new CorruptModelFileException(file, problem);
    }
}
