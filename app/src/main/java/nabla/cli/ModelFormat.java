package nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nabla.keras.Keras;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.onnx.Onnx;
import nabla.tensor.Shape;

/**
 * The model file formats the command line reads and writes, told apart by the file name: {@code .nabla} (Nabla's
 * own archive), {@code .keras} (Keras 3), {@code .h5} / {@code .hdf5} (Keras 2, read only), {@code .json} (a
 * TensorFlow.js {@code model.json}) and {@code .onnx}. A file with another name is read by its first bytes (a ZIP
 * archive as Nabla's, an HDF5 signature as Keras 2).
 */
enum ModelFormat {
    NABLA("Nabla"),
    KERAS3("Keras 3"),
    KERAS2("Keras 2 HDF5"),
    TFJS("TensorFlow.js layers"),
    ONNX("ONNX");

    /** The names the user may give, for messages. */
    static final String NAMES = ".nabla, .keras, .h5, model.json (TensorFlow.js) or .onnx";

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final String description;

    ModelFormat(String description) {
        this.description = description;
    }

    /** The format's name in messages ("Keras 3"). */
    String description() {
        return description;
    }

    /** The format named by {@code file}'s extension, or null when the name says nothing. */
    static ModelFormat byName(Path file) {
        Path name = file.getFileName();
        if (name == null) return null;
        String n = name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".nabla")) return NABLA;
        if (n.endsWith(".keras")) return KERAS3;
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) return KERAS2;
        if (n.endsWith(".json")) return TFJS;
        if (n.endsWith(".onnx")) return ONNX;
        return null;
    }

    /**
     * The format of an existing file given with {@code option}: its extension's, else its first bytes'.
     *
     * @throws UserError if neither tells
     */
    static ModelFormat ofInput(String option, Path file) throws IOException {
        ModelFormat f = byName(file);
        if (f != null) return f;
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && head[0] == 'P' && head[1] == 'K') return NABLA;
        if (n == head.length && java.util.Arrays.equals(head, HDF5_SIGNATURE)) return KERAS2;
        throw UserError.option(option + " " + Checks.quote(file.toString())
                + ": cannot tell the model format from the name or the first bytes; name the file " + NAMES);
    }

    /**
     * The format to write for {@code file}, given with {@code option}.
     *
     * @throws UserError if the name gives no format, or names one Nabla does not write
     */
    static ModelFormat ofOutput(String option, Path file) {
        ModelFormat f = byName(file);
        if (f == null)
            throw UserError.option(option + " " + Checks.quote(file.toString())
                    + " names no model format; end it in .nabla, .keras, .json (TensorFlow.js model.json) or .onnx");
        if (f == KERAS2)
            throw UserError.option(option + " " + Checks.quote(file.toString())
                    + ": Nabla reads Keras 2 .h5 files but does not write them; write .keras (Keras 3) instead");
        return f;
    }

    /** Reads {@code file} in this format. */
    Model read(Path file) throws IOException {
        return switch (this) {
            case NABLA -> Model.load(file);
            case KERAS3, KERAS2, TFJS -> Keras.load(file);
            case ONNX -> Onnx.load(file);
        };
    }

    /** Writes {@code model} to {@code file} in this format (not {@link #KERAS2}). */
    void write(Model model, Path file) throws IOException {
        switch (this) {
            case NABLA -> model.save(file);
            case KERAS3, TFJS -> Keras.save(model, file);
            case ONNX -> Onnx.export(model, file);
            case KERAS2 -> throw new IllegalStateException("Keras 2 files are not written");
        }
    }

    /** Reads the model file given with {@code option}, checking first that it exists. */
    static Model load(String option, Path file) throws IOException {
        Checks.inputFile(option, file, "model file", "give a " + NAMES + " file");
        return ofInput(option, file).read(file);
    }

    /** The per-sample shapes of {@code model}'s inputs, in order. */
    static List<Shape> inputShapes(Model model) {
        if (model instanceof Functional f) return f.inputShapes();
        Shape s = model.inputShape();
        if (s == null)
            throw new UserError(model.name() + " is a Sequential model that was never built, so its input shape is"
                    + " unknown; build it (model.build(...)) before saving");
        return List.of(s);
    }

    /** The per-sample shapes of {@code model}'s outputs, in order. */
    static List<Shape> outputShapes(Model model) {
        if (model instanceof Functional f) return f.outputShapes();
        List<Shape> out = new ArrayList<>();
        out.add(model.outputShape(model.inputShape()));
        return out;
    }

    /** "Sequential, 8 layers, 34,826 parameters". */
    static String describe(Model model) {
        String kind = model instanceof Sequential ? "Sequential" : model instanceof Functional ? "Functional" : "Model";
        return String.format(
                Locale.ROOT,
                "%s, %s, %,d parameters",
                kind,
                Checks.plural(model.layers().size(), "layer"),
                model.parameterCount());
    }
}
