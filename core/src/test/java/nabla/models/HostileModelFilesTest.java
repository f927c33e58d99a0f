package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import nabla.autograd.Activation;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelFileException;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe families of the trust issue that concern the model file's structure: declared sizes the stored weights
 * cannot fill, hidden or duplicated ZIP data, names that escape, a model class that does not match, changed tensors
 * behind rewritten checksums. Each is an error naming the file, before anything large is allocated.
 */
class HostileModelFilesTest {
    @TempDir
    Path dir;

    private Path saved(String name) throws IOException {
        Path p = dir.resolve(name);
        Sequential m = new Sequential(1L, new Dense(64, Activation.RELU), new Dropout(0.1f), new Dense(3)).build(32);
        m.compile("mse", new nabla.optim.Adam(0.01f));
        m.trainOnBatch(NDArray.ones(4, 32), NDArray.zeros(4, 3)); // so that the optimizer has slots to save
        m.save(p);
        return p;
    }

    private Path edited(Path src, String out, String entry, String from, String to) throws IOException {
        return ArchiveRewrite.rewrite(src, dir.resolve(out), entry, b -> {
            String s = new String(b, StandardCharsets.UTF_8);
            assertTrue(s.contains(from), "the fixture holds " + from);
            return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
        });
    }

    @Test
    void declaredSizesTheStoredWeightsCannotFillFailBeforeAllocating() throws IOException {
        Path good = saved("g.nabla");
        // 20,000,000 units would be 2.56 GB of kernel, 10,000,000 inputs as much: both fail before allocating
        for (String[] edit : new String[][] {
            {"\"units\" : 64", "\"units\" : 20000000"}, {"\"input_shape\" : [ 32 ]", "\"input_shape\" : [ 10000000 ]"}
        }) {
            Path bad = edited(good, "big.nabla", "nabla.json", edit[0], edit[1]);
            long t0 = System.nanoTime();
            CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Model.load(bad));
            assertTrue(
                    e.getMessage().startsWith(bad + "!/nabla.json")
                            && e.getMessage().contains("declare more weights than model.safetensors stores"),
                    e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1e9 < 2, "fails at once, without initializing gigabytes");
        }
    }

    @Test
    void bytesBeforeBetweenOrAfterTheEntriesAreRejected() throws IOException {
        Path good = saved("g.nabla");
        byte[] b = Files.readAllBytes(good);
        byte[] appended = java.util.Arrays.copyOf(b, b.length + 37);
        byte[] prepended = new byte[b.length + 37];
        System.arraycopy(b, 0, prepended, 37, b.length);
        Path a = Files.write(dir.resolve("appended.nabla"), appended);
        Path p = Files.write(dir.resolve("prepended.nabla"), prepended);
        assertTrue(assertThrows(CorruptModelFileException.class, () -> Model.load(a))
                .getMessage()
                .contains("data follows the end of its ZIP archive"));
        assertTrue(assertThrows(CorruptModelFileException.class, () -> Model.load(p))
                .getMessage()
                .contains("data was inserted"));
        // a gap between two entries: an entry that is in the data but left out of the central directory
        Path hidden = dir.resolve("hidden.nabla");
        try (ZipFile in = new ZipFile(good.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(hidden))) {
            for (ZipEntry e : in.stream().toList()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                out.closeEntry();
                if (e.getName().equals("nabla.json")) {
                    out.putNextEntry(new ZipEntry("hidden.bin"));
                    out.write(new byte[100]);
                    out.closeEntry();
                }
            }
        }
        assertEquals(3, Model.load(hidden).layers().size(), "an extra entry the directory lists is ignored");
        // the same file with hidden.bin's directory record removed: its 100 bytes lie between two entries
        Path gap = Files.write(dir.resolve("gap.nabla"), dropDirectoryRecord(Files.readAllBytes(hidden), "hidden.bin"));
        assertTrue(assertThrows(CorruptModelFileException.class, () -> Model.load(gap))
                .getMessage()
                .contains("belong to no entry"));
    }

    /** The archive without the central directory record of {@code name} (the end record's counts adjusted). */
    private static byte[] dropDirectoryRecord(byte[] b, String name) {
        ByteBuffer z = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = b.length - 22;
        assertEquals(0x06054b50, z.getInt(eocd));
        int cen = z.getInt(eocd + 16);
        for (int p = cen; p < eocd; ) {
            int n = z.getShort(p + 28), x = z.getShort(p + 30), c = z.getShort(p + 32), len = 46 + n + x + c;
            if (new String(b, p + 46, n, StandardCharsets.UTF_8).equals(name)) {
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, p);
                System.arraycopy(b, p + len, out, p, b.length - p - len);
                ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
                int e = out.length - 22;
                o.putShort(e + 8, (short) (o.getShort(e + 8) - 1));
                o.putShort(e + 10, (short) (o.getShort(e + 10) - 1));
                o.putInt(e + 12, o.getInt(e + 12) - len);
                return out;
            }
            p += len;
        }
        throw new AssertionError(name + " is not in the directory");
    }

    @Test
    void duplicateNamesAndLocalHeadersThatDisagreeAreRejected() throws IOException {
        Path good = saved("g.nabla");
        Path twin = dir.resolve("twin.nabla");
        try (ZipFile in = new ZipFile(good.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(twin))) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
                if (e.getName().equals("nabla.json")) {
                    out.putNextEntry(new ZipEntry("nabla.jsoX")); // renamed to a second nabla.json below
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
        byte[] b = Files.readAllBytes(twin);
        byte[] dup = replaceAll(b, "nabla.jsoX", "nabla.json", Integer.MAX_VALUE);
        Path d = Files.write(dir.resolve("dup.nabla"), dup);
        assertTrue(assertThrows(CorruptModelFileException.class, () -> Model.load(d))
                .getMessage()
                .contains("two entries named 'nabla.json'"));
        // only the first occurrence (the local header) renamed: the directory still says nabla.jsoX
        byte[] mislead = replaceAll(b, "nabla.jsoX", "nabla.json", 1);
        Path m = Files.write(dir.resolve("mislead.nabla"), mislead);
        assertTrue(assertThrows(CorruptModelFileException.class, () -> Model.load(m))
                .getMessage()
                .contains("entry 'nabla.jsoX' is named 'nabla.json' in its local header"));
    }

    private static byte[] replaceAll(byte[] b, String from, String to, int times) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII), t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = b.clone();
        int done = 0;
        outer:
        for (int i = 0; i + f.length <= out.length && done < times; i++) {
            for (int j = 0; j < f.length; j++) if (out[i + j] != f[j]) continue outer;
            System.arraycopy(t, 0, out, i, t.length);
            done++;
        }
        assertTrue(done > 0);
        return out;
    }

    @Test
    void assetNamesThatAreNotPlainFileNamesAreFileErrors() throws IOException {
        Path good = saved("g.nabla");
        for (String name : new String[] {"assets/../x", "assets/sub/dir.txt", "assets/.hidden"}) {
            Path bad = dir.resolve("asset.nabla");
            try (ZipFile in = new ZipFile(good.toFile());
                    ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
                for (ZipEntry e : in.stream().toList()) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(in.getInputStream(e).readAllBytes());
                    out.closeEntry();
                }
                out.putNextEntry(new ZipEntry(name));
                out.write("x".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Model.load(bad));
            assertTrue(
                    e.getMessage().startsWith(bad + "!/" + name)
                            && e.getMessage().contains("plain file name"),
                    e.getMessage());
        }
    }

    @Test
    void aModelClassThatDoesNotMatchTheGraphIsAFileError() throws IOException {
        var in = Functional.input(4);
        var h = in.then(new Dense(8, Activation.RELU));
        Functional f = new Functional(2L, in, Functional.merge(nabla.nn.merge.Merge.add(), h, h.then(new Dense(8))));
        Path good = dir.resolve("f.nabla");
        f.save(good);
        Path bad = edited(good, "f2.nabla", "nabla.json", "\"Functional\"", "\"Sequential\"");
        CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Model.load(bad));
        assertTrue(
                e.getMessage().startsWith(bad + "!/nabla.json")
                        && e.getMessage().contains("model_class is 'Sequential', but the file describes a functional"),
                e.getMessage());
    }

    @Test
    void aChangedTensorBehindRewrittenChecksumsIsNamedBySha256() throws IOException {
        Path good = saved("g.nabla");
        for (String entry : new String[] {"model.safetensors", "optimizer.safetensors"}) {
            // the rewrite recomputes every entry's CRC-32, as a tool that edits the archive would
            Path bad = ArchiveRewrite.rewrite(good, dir.resolve("sha.nabla"), entry, b -> {
                byte[] c = b.clone();
                c[c.length - 2] ^= 0x01; // inside the last tensor's data
                return c;
            });
            CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Model.load(bad));
            assertTrue(
                    e.getMessage().startsWith(bad + "!/" + entry)
                            && e.getMessage().contains("SHA-256")
                            && e.getMessage().contains("tensor '"),
                    e.getMessage());
        }
        // digests are part of the saved bytes: saving twice still gives identical files, and the model round-trips
        Path again = dir.resolve("again.nabla");
        Model.load(good).save(again);
        assertArrayEquals(Files.readAllBytes(good), Files.readAllBytes(again));
    }

    @Test
    void filesWithoutDigestsStillLoad() throws IOException {
        Path good = saved("g.nabla");
        // strip the digests from the weights' metadata, as an older Nabla or another writer would leave them
        Path plain = ArchiveRewrite.rewrite(good, dir.resolve("plain.nabla"), "model.safetensors", b -> {
            try {
                var st = nabla.io.SafeTensors.read(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), "x");
                var out = new java.io.ByteArrayOutputStream();
                new nabla.io.SafeTensors(st.tensors(), java.util.Map.of("format", "nabla")).writeTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        NDArray x = NDArray.ones(2, 32);
        assertArrayEquals(
                Model.load(good).predict(x).toArray(),
                Model.load(plain).predict(x).toArray());
    }

    @Test
    void everyLoaderErrorIsAModelFileExceptionNamingTheFile() throws IOException {
        Path good = saved("g.nabla");
        String[][] edits = {
            {"\"units\" : 64", "\"units\" : -3"},
            {"\"units\" : 64", "\"units\" : \"many\""},
            {"\"input_shape\" : [ 32 ]", "\"input_shape\" : [ 65536, 65536 ]"},
            {"\"rate\" : 0.1", "\"rate\" : 7"},
            {"\"Dense\"", "\"NoSuchLayer\""},
        };
        for (String[] e : edits) {
            Path bad = edited(good, "e.nabla", "nabla.json", e[0], e[1]);
            ModelFileException x = assertThrows(ModelFileException.class, () -> Model.load(bad), e[1]);
            assertTrue(x.getMessage().startsWith(bad.toString()), x.getMessage());
        }
    }
}
