package nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile ONNX files: one clear error naming the file, never an OutOfMemoryError (the declared sizes here
 * would need exabytes; the test JVM has 2 GiB).
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    private OnnxMl.ModelProto mlp() throws Exception {
        return OnnxMl.ModelProto.parseFrom(
                Onnx.toBytes(Architectures.all().getFirst().model()));
    }

    private ModelFileException load(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.load(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    /** The model with its first initializer replaced by {@code t}. */
    private byte[] withInitializer(OnnxMl.ModelProto m, OnnxMl.TensorProto t) {
        OnnxMl.TensorProto old = m.getGraph().getInitializer(0);
        return m.toBuilder()
                .setGraph(
                        m.getGraph().toBuilder().setInitializer(0, t.toBuilder().setName(old.getName())))
                .build()
                .toByteArray();
    }

    @Test
    void aTruncatedFileIsCorrupt() throws Exception {
        byte[] b = mlp().toByteArray();
        for (int cut : new int[] {b.length / 2, b.length - 3, 7}) {
            ModelFileException e = load("cut" + cut + ".onnx", Arrays.copyOf(b, cut));
            assertInstanceOf(CorruptModelFileException.class, e, e.getMessage());
        }
    }

    @Test
    void bytesThatAreNotProtobufAreCorrupt() throws Exception {
        byte[] junk = new byte[4096];
        new java.util.Random(3).nextBytes(junk);
        assertInstanceOf(CorruptModelFileException.class, load("junk.onnx", junk));
        assertInstanceOf(CorruptModelFileException.class, load("empty.onnx", new byte[0]));
    }

    @Test
    void hugeDeclaredTensorsFailBeforeAllocating() throws Exception {
        OnnxMl.TensorProto huge = OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .addDims(1_000_000_000L)
                .addDims(1_000_000_000L)
                .setRawData(ByteString.copyFrom(new byte[16]))
                .build();
        ModelFileException e = load("huge.onnx", withInitializer(mlp(), huge));
        assertInstanceOf(CorruptModelFileException.class, e);
        assertTrue(e.getMessage().contains("declares 1000000000000000000 elements"), e.getMessage());
        OnnxMl.TensorProto overflow = huge.toBuilder().addDims(Long.MAX_VALUE).build();
        assertTrue(load("overflow.onnx", withInitializer(mlp(), overflow))
                .getMessage()
                .contains("more elements"));
        OnnxMl.TensorProto negative = huge.toBuilder().setDims(0, -4).build();
        assertTrue(load("negative.onnx", withInitializer(mlp(), negative))
                .getMessage()
                .contains("negative"));
    }

    @Test
    void hugeDeclaredInputsFailBeforeAllocating() throws Exception {
        OnnxMl.ModelProto m = mlp();
        OnnxMl.ValueInfoProto.Builder in = m.getGraph().getInput(0).toBuilder();
        in.getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .getDimBuilder(1)
                .setDimValue(1L << 40);
        byte[] b = m.toBuilder()
                .setGraph(m.getGraph().toBuilder().setInput(0, in))
                .build()
                .toByteArray();
        assertTrue(load("wide.onnx", b).getMessage().contains("input 'input'"));
    }

    @Test
    void externalDataIsNamedAsUnsupported() throws Exception {
        OnnxMl.TensorProto ext = OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .addDims(12)
                .addDims(16)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder()
                        .setKey("location")
                        .setValue("w.bin"))
                .build();
        ModelFileException e = load("ext.onnx", withInitializer(mlp(), ext));
        assertTrue(e.getMessage().contains("external file"), e.getMessage());
    }

    @Test
    void aMissingValueAndAnUnknownOpAreNamed() throws Exception {
        OnnxMl.ModelProto m = mlp();
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        g.setNode(0, g.getNode(0).toBuilder().setInput(0, "nowhere"));
        assertTrue(load("missing.onnx", m.toBuilder().setGraph(g).build().toByteArray())
                .getMessage()
                .contains("'nowhere'"));
        OnnxMl.GraphProto.Builder g2 = m.getGraph().toBuilder();
        g2.setNode(1, g2.getNode(1).toBuilder().setOpType("Hardmax"));
        ModelFileException e =
                load("op.onnx", m.toBuilder().setGraph(g2).build().toByteArray());
        OnnxUnsupportedException u = assertInstanceOf(OnnxUnsupportedException.class, e);
        assertTrue(
                u.parts().getFirst().contains("(Hardmax: no Nabla layer"),
                u.parts().toString());
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Onnx.load(dir.resolve("absent.onnx")));
    }
}
