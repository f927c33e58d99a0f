package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import nabla.autograd.Activation;
import nabla.keras.Keras;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.onnx.Onnx;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nabla convert}, {@code nabla predict} and {@code nabla evaluate} on model files of every format: the Keras
 * fixtures made by TensorFlow.js and h5py (interop/), and Nabla models. The predictions after a chain of conversions
 * are checked against tfjs's own, stored with the fixture.
 */
class InteropCommandsTest {
    private static final Path FIXTURES = Path.of("..", "interop", "src", "test", "resources", "fixtures");

    @TempDir
    Path tmp;

    private static float[] floats(Path bin) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private static CliRun userError(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.toString());
        assertFalse(r.showsTrace(), r.toString());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("nabla: ") && first.contains(expected), "'" + expected + "' in\n" + r);
        return r;
    }

    @Test
    void conversionsPredictAsTensorFlowJs() throws IOException {
        Path fixture = FIXTURES.resolve("keras3").resolve("cnn");
        Path onnx = tmp.resolve("cnn.onnx"), nabla = tmp.resolve("cnn.nabla"), tfjs = tmp.resolve("web/model.json");
        Path fromOnnx = tmp.resolve("from-onnx.nabla");
        Files.createDirectories(tfjs.getParent());
        CliRun r = ok("convert", "--in", fixture.resolve("model.keras").toString(), "--out", onnx.toString());
        assertTrue(r.out().contains("(Keras 3; Sequential, 8 layers, 372 parameters)"), r.out());
        assertTrue(r.out().contains("wrote " + onnx + " (ONNX, "), r.out());
        assertTrue(r.out().contains("checked: " + onnx + " read back predicts as"), r.out());
        ok("convert", "--in", onnx.toString(), "--out", fromOnnx.toString());
        ok("convert", "--in", fixture.resolve("model.keras").toString(), "--out", nabla.toString());
        ok("convert", "--in", nabla.toString(), "--out", tfjs.toString());
        float[] x = floats(fixture.resolve("input_0.bin")), want = floats(fixture.resolve("output_0.bin"));
        for (Model back : List.of(Keras.load(tfjs), Model.load(fromOnnx), Onnx.load(onnx))) {
            float[] got = back.predict(NDArray.of(x, 3, 10, 10, 2)).toArray();
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++)
                assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), "output " + i);
        }
        // ONNX import turns Keras' 'same' into explicit amounts, which Keras files cannot express: one clear error
        userError(
                "padding 'explicit(1,1,1,1)' (Keras has 'valid' and 'same' here)",
                "convert",
                "--in",
                fromOnnx.toString(),
                "--out",
                tmp.resolve("back.keras").toString());
        assertFalse(Files.exists(tmp.resolve("back.keras")));
    }

    @Test
    void aKeras2FileConvertsToKeras3ButIsNotWritten() throws IOException {
        Path h5 = FIXTURES.resolve("h5").resolve("bidirectional").resolve("model.h5");
        Path out = tmp.resolve("bi.keras");
        CliRun r = ok("convert", "--in", h5.toString(), "--out", out.toString());
        assertTrue(r.out().contains("(Keras 2 HDF5; Sequential, 3 layers, 318 parameters)"), r.out());
        assertTrue(Files.size(out) > 0);
        userError(
                "Nabla reads Keras 2 .h5 files but does not write them; write .keras (Keras 3) instead",
                "convert",
                "--in",
                out.toString(),
                "--out",
                tmp.resolve("x.h5").toString());
        userError(
                "names no model format",
                "convert",
                "--in",
                out.toString(),
                "--out",
                tmp.resolve("x.pt").toString());
        assertFalse(Files.exists(tmp.resolve("x.h5")));
    }

    @Test
    void convertNamesAMissingOrUnreadableInput() throws IOException {
        userError(
                "no such model file",
                "convert",
                "--in",
                tmp.resolve("none.keras").toString(),
                "--out",
                "x.onnx");
        Path junk = Files.write(tmp.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5});
        CliRun r = userError(
                "junk.onnx",
                "convert",
                "--in",
                junk.toString(),
                "--out",
                tmp.resolve("j.nabla").toString());
        assertFalse(Files.exists(tmp.resolve("j.nabla")), r.toString());
        Path odd = Files.write(tmp.resolve("model.bin"), new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        userError("cannot tell the model format", "convert", "--in", odd.toString(), "--out", "x.onnx");
    }

    @Test
    void predictReadsRowsOfACsvFileForAKerasModel() throws IOException {
        Path fixture = FIXTURES.resolve("tfjs").resolve("mlp");
        float[] x = floats(fixture.resolve("input_0.bin")), want = floats(fixture.resolve("output_0.bin"));
        StringBuilder csv = new StringBuilder("# three samples of the tfjs MLP fixture\n");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 6; j++) csv.append(j == 0 ? "" : ", ").append(x[i * 6 + j]);
            csv.append('\n');
        }
        Path rows = Files.writeString(tmp.resolve("rows.csv"), csv);
        CliRun r = ok("predict", "--model", fixture.resolve("model.json").toString(), "--input", rows.toString());
        List<String> lines =
                r.out().lines().filter(l -> l.startsWith("rows.csv:")).toList();
        assertEquals(3, lines.size(), r.out());
        for (int i = 0; i < 3; i++) {
            int best = 0;
            for (int j = 1; j < 4; j++) if (want[i * 4 + j] > want[i * 4 + best]) best = j;
            String expected = String.format(
                    java.util.Locale.ROOT, "rows.csv:%d: class %d (probability %.4f)", i + 2, best, want[i * 4 + best]);
            assertTrue(lines.get(i).startsWith(expected), expected + " in\n" + r.out());
        }
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "1,2,3\n");
        userError(
                "bad.csv line 1 has 3 values; the model takes 6 per sample (shape (6,))",
                "predict",
                "--model",
                fixture.resolve("model.json").toString(),
                "--input",
                bad.toString());
    }

    @Test
    void predictFeedsImagesAsTheOptionsSayInEitherChannelOrder() throws IOException {
        Sequential m = new Sequential(7, new Flatten(), new Dense(3, Activation.SOFTMAX)).build(28, 28, 1);
        Path model = tmp.resolve("digits.nabla");
        m.save(model);
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        float[] pixels = new float[28 * 28];
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) {
                int v = (r * 7 + c * 13) % 256;
                img.getRaster().setSample(c, r, 0, v);
                pixels[r * 28 + c] = (v / 255f - 0.5f) / 0.25f;
            }
        Path png = tmp.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        float[] p = m.predict(NDArray.of(pixels, 1, 28, 28, 1)).toArray();
        int best = 0;
        for (int j = 1; j < 3; j++) if (p[j] > p[best]) best = j;
        CliRun r = ok("predict", "--model", model.toString(), "--image", png.toString(), "--normalize", "0.5,0.25");
        String expected = String.format(java.util.Locale.ROOT, "class %d (probability %.4f)", best, p[best]);
        assertTrue(r.out().contains(expected), expected + " in\n" + r.out());
        userError(
                "the model takes inputs of shape (28, 28, 1), but the images were laid out as (1, 28, 28)",
                "predict",
                "--model",
                model.toString(),
                "--image",
                png.toString(),
                "--shape",
                "1,28,28");
        userError(
                "--normalize '0.5' is not MEAN,STD",
                "predict",
                "--model",
                model.toString(),
                "--image",
                png.toString(),
                "--normalize",
                "0.5");
        userError(
                "give only one of --text, --image and --input",
                "predict",
                "--model",
                model.toString(),
                "--image",
                png.toString(),
                "--text",
                "hello");
        userError("has no tokenizer", "predict", "--model", model.toString(), "--text", "a fine film");
    }

    @Test
    void evaluateRefusesAModelThatDoesNotFitTheImagesBeforeFetchingData() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("data"));
        Path cnn = FIXTURES.resolve("keras3").resolve("cnn").resolve("model.keras");
        CliRun r = userError(
                "the model takes inputs of shape (10, 10, 2) (200 values), not MNIST's 28x28 images (784 values)",
                "evaluate",
                "--model",
                cnn.toString(),
                "--dataset",
                "mnist",
                "--data-dir",
                empty.toString());
        assertTrue(r.out().contains("model: " + cnn + " (Keras 3; Sequential"), r.out());
        Path mlp = tmp.resolve("flat.nabla");
        new Sequential(1, new Dense(10, Activation.SOFTMAX)).build(784).save(mlp);
        userError(
                "the model takes inputs of shape (784,), but the images were laid out as (28, 28, 1) (--shape)",
                "evaluate",
                "--model",
                mlp.toString(),
                "--dataset",
                "mnist",
                "--shape",
                "28,28,1",
                "--data-dir",
                empty.toString());
        userError(
                "is not one of: mnist, fashion-mnist, imdb",
                "evaluate",
                "--model",
                mlp.toString(),
                "--dataset",
                "cifar10");
        userError(
                "give either --shape or --flatten",
                "evaluate",
                "--model",
                mlp.toString(),
                "--dataset",
                "mnist",
                "--shape",
                "784",
                "--flatten",
                "--data-dir",
                empty.toString());
        try (var files = Files.list(empty)) {
            assertEquals(0, files.count(), "nothing was fetched");
        }
    }

    @Test
    void preprocessingScalesNormalizesAndLaysOut() {
        Preprocessing p = new Preprocessing();
        p.scale = 1f;
        p.normalize = "10,2";
        p.shape = "1,2,2";
        Shape s = p.imageShape(4, Shape.of(1, 2, 2), "test image");
        NDArray x = p.apply(NDArray.of(new float[] {0f, 1f, 0.5f, 0.2f}, 1, 4), s);
        assertEquals(Shape.of(1, 1, 2, 2), x.shape());
        assertArrayEquals(new float[] {-5f, 122.5f, 58.75f, 20.5f}, x.toArray(), 1e-4f);
        assertEquals("raw pixels 0-255, then (x - 10) / 2", p.describe());
    }

    @Test
    void classesComeFromTheLargestOutputOrTheRightThreshold() {
        Path f = Path.of("m.onnx");
        var probs = Outputs.classes(NDArray.of(new float[] {0.2f, 0.7f, 0.6f, 0.4f}, 4, 1), f);
        assertArrayEquals(new int[] {0, 1, 1, 0}, probs.labels());
        var logits = Outputs.classes(NDArray.of(new float[] {-0.2f, 0.7f, 1.6f, 0.4f}, 4, 1), f);
        assertArrayEquals(new int[] {0, 1, 1, 1}, logits.labels());
        assertTrue(logits.rule().contains("logit"));
        var multi = Outputs.classes(NDArray.of(new float[] {-3f, 2f, 1f, 5f, 0f, -1f}, 2, 3), f);
        assertArrayEquals(new int[] {1, 0}, multi.labels());
    }
}
