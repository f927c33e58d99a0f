package nabla.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nabla.autograd.Activation;
import nabla.io.CorruptModelFileException;
import nabla.nn.core.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged bytes are found by the entries' checksums; temp files of a killed save do not pile up. */
class IntegrityTest {
    @TempDir
    Path dir;

    private Path saved(String name) throws IOException {
        Path p = dir.resolve(name);
        new Sequential(1L, new Dense(64, Activation.RELU), new Dense(3))
                .build(32)
                .save(p);
        return p;
    }

    @Test
    void aFlippedBitInsideTheStoredWeightsIsReportedNotLoaded() throws IOException {
        Path p = saved("m.nabla");
        byte[] b = Files.readAllBytes(p);
        // the weights entry is stored uncompressed and is most of the file: its bytes are in the middle
        int at = b.length / 2;
        b[at] ^= 0x10;
        Path bad = dir.resolve("flipped.nabla");
        Files.write(bad, b);
        CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Sequential.load(bad));
        assertTrue(
                e.getMessage().contains("flipped.nabla!/model.safetensors")
                        && e.getMessage().contains("CRC-32"),
                e.getMessage());
    }

    @Test
    void staleTempFilesOfTheSamePathAreRemovedBySaveAndLoad() throws IOException {
        Path p = saved("m.nabla");
        Path stale = dir.resolve(".m.nabla.0123abcd.tmp"), other = dir.resolve(".m.nabla.notes.tmp");
        Path otherModel = dir.resolve(".n.nabla.0123abcd.tmp");
        Files.writeString(stale, "half a zip");
        Files.writeString(other, "not ours");
        Files.writeString(otherModel, "another file's temp");
        Sequential.load(p);
        assertFalse(Files.exists(stale), "load removes a killed save's temp file");
        Files.writeString(stale, "half a zip");
        Sequential.load(p).save(p);
        assertFalse(Files.exists(stale), "save removes it");
        assertTrue(Files.exists(other) && Files.exists(otherModel), "other files are left alone");
    }

    @Test
    void impossibleInputShapesAreFileErrorsNotBareExceptions() throws IOException {
        Path good = saved("g.nabla");
        for (String shape : new String[] {"[ 0 ]", "[ 65536, 65536 ]"}) {
            Path bad = ArchiveRewrite.rewrite(
                    good,
                    dir.resolve("shape.nabla"),
                    "nabla.json",
                    b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("\"input_shape\" : [ 32 ]", "\"input_shape\" : " + shape)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Sequential.load(bad));
            assertTrue(
                    e.getMessage().contains("shape.nabla!/nabla.json")
                            && e.getMessage().contains("input_shape"),
                    e.getMessage());
        }
    }

    @Test
    void aZipBombAssetStopsWhileInflatingWithAClearError() throws IOException {
        Path good = saved("g.nabla"), bomb = dir.resolve("bomb.nabla");
        try (var in = new java.util.zip.ZipFile(good.toFile());
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            for (var e : in.stream().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
            out.putNextEntry(new java.util.zip.ZipEntry("assets/zeros.txt"));
            byte[] mb = new byte[1 << 20];
            for (int i = 0; i < 200; i++) out.write(mb); // 200 MiB that deflate to about 200 KB
            out.closeEntry();
        }
        assertTrue(Files.size(bomb) < 1 << 20, "the bomb is small: " + Files.size(bomb));
        long t0 = System.nanoTime();
        nabla.io.ModelFileException e = assertThrows(nabla.io.ModelFileException.class, () -> Sequential.load(bomb));
        assertTrue(e.getMessage().contains("assets/zeros.txt") && e.getMessage().contains("zip bomb"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "stopped early");
    }

    @Test
    void aNaNInTheInputsStopsFitWithTheLastFiniteWeightsAndSaysSo() {
        Sequential m = new Sequential(1L, new Dense(2)).build(3);
        m.compile("mse", new nabla.optim.SGD(0.1f));
        nabla.tensor.NDArray x = nabla.tensor.NDArray.ones(12, 3), y = nabla.tensor.NDArray.zeros(12, 2);
        x.set(Float.NaN, 5, 1); // in the second batch of four
        nabla.train.History h = m.fit(
                x,
                y,
                nabla.train.FitOptions.defaults()
                        .epochs(3)
                        .batchSize(4)
                        .shuffle(false)
                        .verbose(false));
        assertTrue(h.stopReason() != null && h.stopReason().contains("NaN at epoch 1, batch 2"), h.stopReason());
        assertTrue(h.toString().startsWith("stopped early: loss became NaN"), h.toString());
        for (float v : m.getWeights().getFirst().toArray()) assertTrue(Float.isFinite(v), "weights stay finite");
    }

    @Test
    void binaryCrossEntropyRejectsTargetsOutsideZeroOne() {
        Sequential m = new Sequential(1L, new Dense(1, Activation.SIGMOID)).build(2);
        m.compile("binary_crossentropy", new nabla.optim.SGD(0.1f));
        nabla.tensor.NDArray y = nabla.tensor.NDArray.zeros(4, 1);
        y.set(5f, 2, 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> m.trainOnBatch(nabla.tensor.NDArray.ones(4, 2), y));
        assertTrue(e.getMessage().contains("target 5.0 at row 2 is outside [0, 1]"), e.getMessage());
    }
}
