package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile Keras files: truncated and bit-flipped HDF5 files and archives, garbage, TF.js shards that
 * disagree with their manifest, declared sizes far beyond the file, a zip bomb, unsupported layers. Each ends in a
 * {@link ModelFileException} (or its {@link CorruptModelFileException}) naming the file, never another exception and
 * never an OutOfMemoryError (the surefire JVM's heap is 2 GiB: a declared 10^10-element tensor would not fit).
 */
class HostileFilesTest {
    @TempDir
    Path tmp;

    private static Path fixture(String format, String model, String file) {
        return Fixtures.ROOT.resolve(format).resolve(model).resolve(file);
    }

    /** Loads {@code file}; returns null when it loads, else the ModelFileException, after checking it names the file. */
    private static ModelFileException attempt(Path file) {
        try {
            Keras.load(file);
            return null;
        } catch (ModelFileException e) {
            assertTrue(
                    e.getMessage().contains(file.getFileName().toString()),
                    "the message names " + file.getFileName() + ": " + e.getMessage());
            return e;
        } catch (IOException | RuntimeException | Error e) {
            throw new AssertionError(file + ": " + e.getClass().getName() + ", not a ModelFileException: " + e, e);
        }
    }

    private static ModelFileException failure(Path file) {
        ModelFileException e = attempt(file);
        if (e == null) fail(file + " loaded");
        return e;
    }

    @Test
    void truncatedHdf5FilesAreCorrupt() throws IOException {
        byte[] h5 = Files.readAllBytes(fixture("h5", "cnn", "model.h5"));
        for (int cut : new int[] {0, 7, 100, 512, h5.length / 3, h5.length / 2, h5.length - 1}) {
            Path f = Files.write(tmp.resolve("cut" + cut + ".h5"), Arrays.copyOf(h5, cut));
            failure(f);
        }
    }

    @Test
    void garbageIsNotAKerasFile() throws IOException {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        for (String name : new String[] {"junk.h5", "junk.keras", "model.json"})
            failure(Files.write(tmp.resolve(name), junk));
        failure(Files.writeString(tmp.resolve("empty.json"), "{}"));
        assertThrows(NoSuchFileException.class, () -> Keras.load(tmp.resolve("missing.keras")));
    }

    @Test
    void bitFlipsInHdf5AndArchivesNeverEscapeAsOtherExceptions() throws IOException {
        Random rng = new Random(14);
        for (String[] f : new String[][] {{"h5", "model.h5"}, {"keras3", "model.keras"}}) {
            for (String model : new String[] {"cnn", "bidirectional", "mlp"}) {
                byte[] original = Files.readAllBytes(fixture(f[0], model, f[1]));
                for (int i = 0; i < 40; i++) {
                    byte[] b = original.clone();
                    int at = rng.nextInt(b.length);
                    b[at] ^= (byte) (1 << rng.nextInt(8));
                    attempt(Files.write(tmp.resolve(model + "-" + i + "-" + f[1]), b));
                }
            }
        }
    }

    @Test
    void aShardShorterOrLongerThanTheManifestSaysIsCorrupt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("web"));
        Files.copy(fixture("tfjs", "mlp", "model.json"), dir.resolve("model.json"));
        byte[] shard = Files.readAllBytes(fixture("tfjs", "mlp", "group1-shard1of1.bin"));
        Files.write(dir.resolve("group1-shard1of1.bin"), Arrays.copyOf(shard, shard.length - 4));
        assertTrue(failure(dir.resolve("model.json")) instanceof CorruptModelFileException);
        Files.write(dir.resolve("group1-shard1of1.bin"), Arrays.copyOf(shard, shard.length + 4));
        assertTrue(failure(dir.resolve("model.json")) instanceof CorruptModelFileException);
        Files.delete(dir.resolve("group1-shard1of1.bin"));
        ModelFileException e = failure(dir.resolve("model.json"));
        assertTrue(e.getMessage().contains("group1-shard1of1.bin"), e.getMessage());
    }

    @Test
    void hugeDeclaredSizesFailBeforeAnythingIsAllocated() throws IOException {
        String json = Files.readString(fixture("tfjs", "mlp", "model.json"));
        Path dir = Files.createDirectories(tmp.resolve("huge"));
        Files.copy(fixture("tfjs", "mlp", "group1-shard1of1.bin"), dir.resolve("group1-shard1of1.bin"));
        // a layer of 200 million units (a few bytes of JSON): refused before its kernel is allocated
        Files.writeString(dir.resolve("model.json"), json.replaceFirst("\"units\": 8", "\"units\": 200000000"));
        failure(dir.resolve("model.json"));
        // an input of 10^10 values
        Files.writeString(
                dir.resolve("model.json"),
                json.replaceFirst(
                        "\"batch_input_shape\": \\[\\s*null,\\s*6\\s*]",
                        "\"batch_input_shape\": [null, 100000, 100000]"));
        failure(dir.resolve("model.json"));
        // a weight whose manifest shape is 10^10 elements
        String weights = json.substring(json.indexOf("\"weightsManifest\""));
        String hugeWeight = json.substring(0, json.indexOf("\"weightsManifest\""))
                + weights.replaceFirst("\"shape\": \\[\\s*6,\\s*8\\s*]", "\"shape\": [100000, 100000]");
        Files.writeString(dir.resolve("model.json"), hugeWeight);
        failure(dir.resolve("model.json"));
    }

    @Test
    void aZipBombConfigIsRefusedWithinBoundedMemory() throws IOException {
        Path bomb = tmp.resolve("bomb.keras");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(fixture("keras3", "mlp", "model.keras")));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("config.json")) {
                    // the real config followed by 1 GiB of spaces: valid JSON, compressing about 1000 to 1
                    out.write(data);
                    byte[] spaces = new byte[1 << 20];
                    Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 1024; i++) out.write(spaces);
                } else out.write(data);
                out.closeEntry();
            }
        }
        assertTrue(Files.size(bomb) < 8 << 20, "the bomb is small on disk: " + Files.size(bomb));
        ModelFileException e = failure(bomb);
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void unsupportedLayersAreListedInOneErrorAndNothingLoads() throws IOException {
        String json = Files.readString(fixture("tfjs", "mlp", "model.json"), StandardCharsets.UTF_8);
        String two = json.replaceFirst("\"class_name\": \"Dense\"", "\"class_name\": \"CapsuleRouting\"")
                .replaceFirst("\"class_name\": \"Dense\"", "\"class_name\": \"SpectralPooling\"");
        Path dir = Files.createDirectories(tmp.resolve("unsupported"));
        Files.copy(fixture("tfjs", "mlp", "group1-shard1of1.bin"), dir.resolve("group1-shard1of1.bin"));
        Files.writeString(dir.resolve("model.json"), two);
        ModelFileException e = failure(dir.resolve("model.json"));
        String m = e.getMessage();
        assertTrue(m.contains("'hidden'") && m.contains("CapsuleRouting"), m);
        assertTrue(m.contains("'probs'") && m.contains("SpectralPooling"), m);
        assertEquals(false, e instanceof CorruptModelFileException, "a valid file Nabla cannot use is not corrupt");
    }
}
