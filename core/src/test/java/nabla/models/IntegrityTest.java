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
}
