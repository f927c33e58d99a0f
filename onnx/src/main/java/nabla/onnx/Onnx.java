package nabla.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import nabla.models.Functional;
import nabla.models.Model;

/**
 * ONNX export and import of Nabla models, in pure Java (opset 17, IR version 8).
 *
 * <p><b>Export</b> ({@link #export(Model, Path)}) writes a {@code Sequential} or {@code Functional} model (several
 * inputs and outputs, shared layers, nested models flattened into one graph) as an inference graph: Dense (MatMul +
 * Add), every activation, Conv1D/Conv2D, pooling, ZeroPadding2D, BatchNormalization (moving statistics), Dropout and
 * GaussianNoise (removed), Flatten, Reshape, Permute, Embedding (Gather), SimpleRNN/LSTM/GRU (ONNX's RNN/LSTM/GRU
 * ops), Bidirectional, TimeDistributed and the merging layers. The graph's inputs and outputs keep Nabla's names,
 * shapes and channels-last layout, with a symbolic batch axis, so the arrays given to {@code predict} feed ONNX
 * Runtime as they are. A model with a layer the exporter cannot translate fails with one
 * {@link OnnxUnsupportedException} listing every such layer, and no file is written.
 *
 * <p><b>Import</b> ({@link #load(Path)}) reads an ONNX model made of the same ops (as PyTorch's and tf2onnx's
 * exporters write them) into a {@link Functional} model whose inputs are the ONNX graph's, in its layout: a
 * channels-first (NCHW) model takes NCHW arrays, and Permute layers inside turn them to Nabla's channels-last order
 * where a convolution needs it. Damaged and hostile files fail with a {@link nabla.io.CorruptModelFileException} or
 * {@link OnnxUnsupportedException} naming the file, within memory bounded by the file's size.
 */
public final class Onnx {
    /** The producer version written into exported files. */
    static final String PRODUCER_VERSION = "0.1.0";

    private Onnx() {}

    /**
     * Settings of an export.
     *
     * @param graphName the ONNX graph's name
     * @param batchDimension the symbolic name of the batch axis of every input and output
     */
    public record ExportOptions(String graphName, String batchDimension) {
        /**
         * Checks the settings.
         *
         * @throws NullPointerException if a setting is null
         * @throws IllegalArgumentException if a name is empty
         */
        public ExportOptions {
            Objects.requireNonNull(graphName, "graphName");
            Objects.requireNonNull(batchDimension, "batchDimension");
            if (graphName.isEmpty() || batchDimension.isEmpty())
                throw new IllegalArgumentException("ExportOptions: the graph and batch names must not be empty");
        }

        /**
         * The defaults: graph "nabla", batch axis "batch".
         *
         * @return the default options
         */
        public static ExportOptions defaults() {
            return new ExportOptions("nabla", "batch");
        }
    }

    /**
     * Writes {@code model} to {@code out} as an ONNX file, with the default options.
     *
     * @param model a built Sequential or Functional model
     * @param out the file to write; replaced atomically (a temporary file beside it, then a rename), so a reader
     *     never sees half a file
     * @throws OnnxUnsupportedException if some layers cannot be exported (all are listed; nothing is written)
     * @throws IllegalArgumentException if a Sequential model is not built
     * @throws IOException if the file cannot be written
     */
    public static void export(Model model, Path out) throws IOException {
        export(model, out, ExportOptions.defaults());
    }

    /**
     * Writes {@code model} to {@code out} as an ONNX file.
     *
     * @param model a built Sequential or Functional model
     * @param out the file to write, replaced atomically
     * @param options the export settings
     * @throws OnnxUnsupportedException if some layers cannot be exported (all are listed; nothing is written)
     * @throws IllegalArgumentException if a Sequential model is not built
     * @throws IOException if the file cannot be written
     */
    public static void export(Model model, Path out, ExportOptions options) throws IOException {
        byte[] bytes = OnnxExporter.export(model, out.toString(), options).toByteArray();
        nabla.io.AtomicFile.write(out, bytes);
    }

    /**
     * The ONNX encoding of {@code model}, as {@link #export(Model, Path)} would write it.
     *
     * @param model a built Sequential or Functional model
     * @return the serialized ModelProto
     * @throws OnnxUnsupportedException if some layers cannot be exported (all are listed); its file is "(memory)"
     * @throws IllegalArgumentException if a Sequential model is not built
     */
    public static byte[] toBytes(Model model) throws OnnxUnsupportedException {
        return OnnxExporter.export(model, "(memory)", ExportOptions.defaults()).toByteArray();
    }

    /**
     * Reads an ONNX model as a Functional model (see the class comment for what is supported).
     *
     * @param file an ONNX file
     * @return the model, uncompiled, in inference form
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws nabla.io.CorruptModelFileException if the bytes are not a valid ONNX model (truncated, sizes that
     *     disagree with the data, declared sizes larger than the file)
     * @throws OnnxUnsupportedException if the graph uses ops or settings that have no Nabla form (all are listed)
     * @throws nabla.io.ModelFileException for other valid files Nabla cannot use (external data, an unsupported
     *     data type)
     * @throws IOException if the file cannot be read
     */
    public static Functional load(Path file) throws IOException {
        return OnnxImporter.load(file);
    }

    /** Parses a ModelProto (used by the importer). */
    static OnnxMl.ModelProto parse(byte[] bytes) throws com.google.protobuf.InvalidProtocolBufferException {
        return OnnxMl.ModelProto.parseFrom(bytes);
    }
}
