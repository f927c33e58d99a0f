package nabla.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nabla.autograd.Activation;
import nabla.io.CorruptModelFileException;
import nabla.io.LayerRegistry;
import nabla.io.ModelFileException;
import nabla.models.Functional;
import nabla.models.SymbolicTensor;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.nn.activation.PReLU;
import nabla.nn.conv.Conv1D;
import nabla.nn.conv.Conv2D;
import nabla.nn.conv.ZeroPadding2D;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.nn.core.Permute;
import nabla.nn.core.Reshape;
import nabla.nn.merge.Merge;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.pool.AveragePooling1D;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.GlobalAveragePooling2D;
import nabla.nn.pool.GlobalMaxPooling1D;
import nabla.nn.pool.GlobalMaxPooling2D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.weights.Initializer;
import nabla.onnx.OnnxTensors.Const;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Reads an ONNX graph into a Functional model.
 *
 * <p>ONNX values keep their own (logical) axes, in whatever layout the graph uses; Nabla tensors are batch-first and
 * channels-last. Each imported value is a Nabla tensor plus a map from its physical axes to the logical ones: physical
 * axis p holds the logical axes {@code groups.get(p)} (several when a Reshape merged them, none for a unit axis that is
 * not there physically). Transpose, Squeeze, Unsqueeze and most Reshapes only change that map; an op that needs a
 * particular physical order (a convolution wants channels-last, Dense the features last) gets it through Reshape and
 * Permute layers made on demand ({@link #materialize}). A PyTorch NCHW model thus takes NCHW arrays, with one Permute
 * before its first convolution and one before its Flatten.
 *
 * <p>Only what the graph's outputs need is converted (PyTorch's shape arithmetic for zero initial states is never
 * run); an op that cannot be converted is listed and its dependants are skipped, so one error names them all.
 */
final class OnnxImporter {
    /** Protobuf's own limit for one message. */
    private static final long MAX_FILE = Integer.MAX_VALUE;
    /** The batch size in shape arithmetic (Shape of a batch-first tensor): not known until run time. */
    private static final long BATCH = Long.MIN_VALUE;

    private final String file;
    private final int opset;
    private final Map<String, OnnxMl.NodeProto> producer = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final Map<String, Val> values = new HashMap<>();
    private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    private final List<String> unsupported = new ArrayList<>();
    private final Set<String> layerNames = new HashSet<>();
    private final List<Map.Entry<Layer, List<NDArray>>> weights = new ArrayList<>();
    private long storedScalars;

    /** An imported value: a constant, a Nabla tensor with its axis map, or the result of an op that failed. */
    sealed interface Val permits C, S, Poison {}

    /** A constant (an initializer, a Constant node, or folded shape arithmetic). */
    record C(Const c) implements Val {}

    /** Marks values that depend on an unsupported op. */
    record Poison() implements Val {}

    /**
     * A Nabla tensor {@code t} holding the ONNX value of logical dimensions {@code dims} (the batch axis's entry is
     * -1): physical axis p holds the logical axes {@code groups.get(p)}, major first; group 0 is the batch axis alone.
     * {@code reversed} is a logical axis stored in reverse order (a go_backwards layer's steps), or -1: only
     * Transpose, Squeeze, Unsqueeze and the reversing ops accept such a value.
     */
    record S(SymbolicTensor t, int[] dims, List<int[]> groups, int reversed) implements Val {
        S(SymbolicTensor t, int[] dims, List<int[]> groups) {
            this(t, dims, groups, -1);
        }

        int rank() {
            return dims.length;
        }

        int batchAxis() {
            return groups.getFirst()[0];
        }

        int groupOf(int axis) {
            for (int p = 0; p < groups.size(); p++) for (int a : groups.get(p)) if (a == axis) return p;
            return -1;
        }
    }

    /** An op this importer cannot convert; the message says why. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private OnnxImporter(String file, int opset) {
        this.file = file;
        this.opset = opset;
    }

    static Functional load(Path path) throws IOException {
        String file = path.toString();
        if (!Files.exists(path)) throw new NoSuchFileException(file);
        long size = Files.size(path);
        if (size > MAX_FILE)
            throw new ModelFileException(
                    file,
                    "is " + size + " bytes; ONNX files above 2 GiB keep their weights as external data, which"
                            + " Nabla does not read");
        byte[] bytes = Files.readAllBytes(path);
        OnnxMl.ModelProto m;
        try {
            m = Onnx.parse(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptModelFileException(
                    file, "is not a valid ONNX protobuf (" + e.getMessage() + "); the file may be truncated", e);
        }
        if (!m.hasGraph() || m.getGraph().getOutputCount() == 0)
            throw new CorruptModelFileException(file, "holds no ONNX graph with outputs (is it an ONNX model?)");
        int opset = -1;
        for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList())
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = (int) o.getVersion();
        if (opset < 0) opset = m.getIrVersion() >= 3 ? 1 : 1;
        return new OnnxImporter(file, opset).convert(m.getGraph());
    }

    // ---- the graph

    private List<OnnxMl.NodeProto> nodes = List.of();

    private Functional convert(OnnxMl.GraphProto g) throws IOException {
        nodes = g.getNodeList();
        for (OnnxMl.TensorProto t : g.getInitializerList()) initializers.put(t.getName(), t);
        Set<String> defined = new HashSet<>(initializers.keySet());
        for (OnnxMl.ValueInfoProto in : g.getInputList()) defined.add(in.getName());
        for (OnnxMl.NodeProto n : g.getNodeList()) { // ONNX requires this order; it also rules out cycles
            for (String i : n.getInputList())
                if (!i.isEmpty() && !defined.contains(i))
                    throw new CorruptModelFileException(
                            file,
                            "node " + nodeName(n) + ") uses the value '" + i + "' before any node makes it"
                                    + " (the graph is not topologically sorted, has a cycle, or misses a value)");
            for (String o : n.getOutputList()) if (!o.isEmpty()) defined.add(o);
        }
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList())
                if (!o.isEmpty() && producer.put(o, n) != null)
                    throw new CorruptModelFileException(file, "two nodes produce the value '" + o + "'");
            for (String i : n.getInputList()) if (!i.isEmpty()) consumers.merge(i, 1, Integer::sum);
        }
        for (OnnxMl.ValueInfoProto o : g.getOutputList()) consumers.merge(o.getName(), 1, Integer::sum);
        rewriteGelu(g);
        List<SymbolicTensor> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto in : g.getInputList()) {
            if (initializers.containsKey(in.getName())) continue; // old exporters list initializers as inputs
            inputs.add(input(in));
        }
        if (inputs.isEmpty()) throw new CorruptModelFileException(file, "the graph has no inputs");
        for (OnnxMl.TensorProto t : g.getInitializerList())
            storedScalars += OnnxTensors.count(file, "initializer '" + t.getName() + "'", dimsOf(t));
        List<String> outNames = new ArrayList<>();
        for (OnnxMl.ValueInfoProto o : g.getOutputList()) {
            outNames.add(o.getName());
            layerNames.add(layerName(o.getName()));
        }
        for (String o : outNames) evaluate(o);
        if (!unsupported.isEmpty())
            throw new OnnxUnsupportedException(
                    file, unsupported, "these ONNX nodes have no Nabla form in this importer");
        List<SymbolicTensor> outputs = new ArrayList<>();
        Set<Layer> named = new HashSet<>();
        for (String o : outNames) {
            Val v = values.get(o);
            if (!(v instanceof S s))
                throw new OnnxUnsupportedException(
                        file, List.of(o), "these graph outputs are constants, which a Nabla model cannot output");
            outputs.add(output(s, o, named));
        }
        Functional model;
        try (Layer.WeightLimit limit = Layer.limitWeights(2 * storedScalars + (1 << 20))) {
            model = new Functional(42L, inputs, outputs);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelFileException(file, "its graph does not fit together: " + e.getMessage(), e);
        }
        for (Map.Entry<Layer, List<NDArray>> w : weights) w.getKey().setWeights(w.getValue());
        return model;
    }

    private static long[] dimsOf(OnnxMl.TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) d[i] = t.getDims(i);
        return d;
    }

    private SymbolicTensor input(OnnxMl.ValueInfoProto in) throws ModelFileException {
        String name = in.getName();
        if (!in.getType().hasTensorType())
            throw new ModelFileException(file, "the input '" + name + "' is not a tensor");
        OnnxMl.TypeProto.Tensor tt = in.getType().getTensorType();
        int type = tt.getElemType();
        if (type != OnnxMl.TensorProto.DataType.FLOAT_VALUE
                && type != OnnxMl.TensorProto.DataType.INT64_VALUE
                && type != OnnxMl.TensorProto.DataType.INT32_VALUE
                && type != OnnxMl.TensorProto.DataType.DOUBLE_VALUE)
            throw new ModelFileException(
                    file, "the input '" + name + "' has ONNX data type " + type + "; Nabla reads float and int inputs");
        int rank = tt.getShape().getDimCount();
        if (rank < 2)
            throw new ModelFileException(
                    file,
                    "the input '" + name + "' has " + rank + " axes; Nabla inputs have a batch axis and at"
                            + " least one more");
        int[] dims = new int[rank];
        dims[0] = -1;
        long size = 1;
        for (int i = 1; i < rank; i++) {
            OnnxMl.TensorShapeProto.Dimension d = tt.getShape().getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1)
                throw new ModelFileException(
                        file,
                        "the input '" + name + "' has no fixed size on axis " + i
                                + "; Nabla needs every axis but the first (the batch) fixed");
            if (d.getDimValue() > Integer.MAX_VALUE || (size *= d.getDimValue()) > Integer.MAX_VALUE)
                throw new CorruptModelFileException(
                        file, "the input '" + name + "' declares more than 2^31 values per sample");
            dims[i] = (int) d.getDimValue();
        }
        SymbolicTensor t = Functional.input(name, Arrays.copyOfRange(dims, 1, rank));
        values.put(name, new S(t, dims, identity(rank)));
        return t;
    }

    private static List<int[]> identity(int rank) {
        List<int[]> g = new ArrayList<>();
        for (int i = 0; i < rank; i++) g.add(new int[] {i});
        return g;
    }

    /** The graph output {@code s} in its logical layout, made by a layer named after the output. */
    private SymbolicTensor output(S s, String name, Set<Layer> named) throws IOException {
        S m;
        try {
            if (s.batchAxis() != 0)
                throw new Unsupported("its batch axis is axis " + s.batchAxis() + "; Nabla outputs are batch-first");
            if (s.reversed() >= 0) throw new Unsupported("its steps are in reverse order");
            m = materialize(s, identity(s.rank()), name);
        } catch (Unsupported u) {
            throw new OnnxUnsupportedException(
                    file,
                    List.of(name + " (graph output: " + u.getMessage() + ")"),
                    "a graph output has no Nabla form");
        }
        Layer p = m.t().producer();
        String n = layerName(name);
        if (p != null && !named.contains(p) && created.contains(p)) {
            layerNames.remove(p.name());
            p.named(n);
            named.add(p);
            return m.t();
        }
        Layer id = new ActivationLayer(Activation.LINEAR).named(n);
        return m.t().then(id);
    }

    private final Set<Layer> created = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private static String layerName(String onnxName) {
        String s =
                onnxName.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^_+", "").replaceAll("_+", "_");
        return s.isEmpty() ? "v" : s;
    }

    private String freshLayerName(String base) {
        String b = layerName(base);
        if (layerNames.add(b)) return b;
        for (int i = 1; ; i++) if (layerNames.add(b + "_" + i)) return b + "_" + i;
    }

    private <L extends Layer> L layer(L l, String base) {
        l.named(freshLayerName(base));
        created.add(l);
        return l;
    }

    // ---- evaluation (demand-driven, no recursion)

    private void evaluate(String target) throws IOException {
        Deque<String> stack = new ArrayDeque<>();
        stack.push(target);
        while (!stack.isEmpty()) {
            String v = stack.peek();
            if (values.containsKey(v)) {
                stack.pop();
                continue;
            }
            if (initializers.containsKey(v)) {
                values.put(v, new C(OnnxTensors.read(file, "initializer '" + v + "'", initializers.get(v))));
                stack.pop();
                continue;
            }
            OnnxMl.NodeProto n = producer.get(v);
            if (n == null) throw new CorruptModelFileException(file, "the value '" + v + "' is used but never made");
            boolean ready = true;
            for (String in : needed(n))
                if (!in.isEmpty() && !values.containsKey(in)) {
                    stack.push(in);
                    ready = false;
                }
            if (!ready) continue;
            stack.pop();
            convertNode(n);
            for (String o : n.getOutputList()) if (!o.isEmpty()) values.putIfAbsent(o, new Poison());
        }
    }

    /** The inputs a node needs evaluated before it converts. */
    private List<String> needed(OnnxMl.NodeProto n) {
        switch (n.getOpType()) {
            case "LSTM", "GRU", "RNN" -> {
                List<String> l = new ArrayList<>();
                for (int i = 0; i < Math.min(n.getInputCount(), 4); i++) l.add(n.getInput(i));
                if (n.getOpType().equals("LSTM") && n.getInputCount() > 7) l.add(n.getInput(7));
                return l;
            }
            case "Add" -> {
                OnnxMl.NodeProto mm = fusableMatMul(n);
                if (mm != null) return List.of(mm.getInput(0), mm.getInput(1), otherThan(n, mm.getOutput(0)));
                return n.getInputList();
            }
            default -> {
                return n.getInputList();
            }
        }
    }

    private static String otherThan(OnnxMl.NodeProto add, String name) {
        return add.getInput(0).equals(name) ? add.getInput(1) : add.getInput(0);
    }

    /** The MatMul whose only use is this Add, with a constant right side (a Dense layer with bias), or null. */
    private OnnxMl.NodeProto fusableMatMul(OnnxMl.NodeProto add) {
        if (add.getInputCount() != 2) return null;
        for (int i = 0; i < 2; i++) {
            OnnxMl.NodeProto p = producer.get(add.getInput(i));
            String other = add.getInput(1 - i);
            if (p != null
                    && p.getOpType().equals("MatMul")
                    && consumers.getOrDefault(add.getInput(i), 0) == 1
                    && isConstName(p.getInput(1))
                    && isConstName(other)) return p;
        }
        return null;
    }

    private boolean isConstName(String name) {
        if (initializers.containsKey(name)) return true;
        OnnxMl.NodeProto p = producer.get(name);
        return p != null && p.getOpType().equals("Constant");
    }

    /** Replaces the exact GELU pattern x·(1 + erf(x/√2))·0.5 (PyTorch's and Nabla's exports) by one "Gelu" node. */
    private void rewriteGelu(OnnxMl.GraphProto g) {
        for (OnnxMl.NodeProto erf : g.getNodeList()) {
            if (!erf.getOpType().equals("Erf")) continue;
            OnnxMl.NodeProto div = producer.get(erf.getInput(0));
            if (div == null || !div.getOpType().equals("Div") || !constNear(div.getInput(1), Math.sqrt(2))) continue;
            String x = div.getInput(0);
            OnnxMl.NodeProto add = onlyConsumer(g, erf.getOutput(0), "Add");
            if (add == null || !constNear(otherThan(add, erf.getOutput(0)), 1)) continue;
            OnnxMl.NodeProto mul = onlyConsumer(g, add.getOutput(0), "Mul");
            if (mul == null) continue;
            String side = otherThan(mul, add.getOutput(0));
            String out = null;
            if (side.equals(x)) { // torch: (x·(1+erf))·0.5
                OnnxMl.NodeProto half = onlyConsumer(g, mul.getOutput(0), "Mul");
                if (half != null && constNear(otherThan(half, mul.getOutput(0)), 0.5)) out = half.getOutput(0);
            } else { // nabla: (x·0.5)·(1+erf)
                OnnxMl.NodeProto half = producer.get(side);
                if (half != null
                        && half.getOpType().equals("Mul")
                        && half.getInputList().contains(x)
                        && constNear(otherThan(half, x), 0.5)) out = mul.getOutput(0);
            }
            if (out == null) continue;
            producer.put(
                    out,
                    OnnxMl.NodeProto.newBuilder()
                            .setOpType("Gelu")
                            .setName(erf.getName())
                            .addInput(x)
                            .addOutput(out)
                            .build());
        }
    }

    private OnnxMl.NodeProto onlyConsumer(OnnxMl.GraphProto g, String value, String op) {
        if (consumers.getOrDefault(value, 0) != 1) return null;
        OnnxMl.NodeProto n = consumerOf(value);
        return n != null && n.getOpType().equals(op) ? n : null;
    }

    private boolean constNear(String name, double v) {
        try {
            Const c = constNamed(name);
            return c != null && c.size() == 1 && Math.abs(c.asFloats()[0] - v) < 1e-6 * Math.max(1, Math.abs(v));
        } catch (ModelFileException e) {
            return false;
        }
    }

    /** The constant of an initializer or Constant node, read without converting anything; null for others. */
    private Const constNamed(String name) throws ModelFileException {
        if (initializers.containsKey(name))
            return OnnxTensors.read(file, "initializer '" + name + "'", initializers.get(name));
        OnnxMl.NodeProto p = producer.get(name);
        if (p != null && p.getOpType().equals("Constant")) return constantNode(p);
        return null;
    }

    // ---- nodes

    private String nodeName(OnnxMl.NodeProto n) {
        String id = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
        return id + " (" + n.getOpType();
    }

    private void convertNode(OnnxMl.NodeProto n) throws IOException {
        List<Val> ins = new ArrayList<>();
        for (String i : needed(n)) ins.add(i.isEmpty() ? null : values.get(i));
        for (Val v : ins)
            if (v instanceof Poison) {
                for (String o : n.getOutputList()) if (!o.isEmpty()) values.put(o, v);
                return;
            }
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            unsupported.add(nodeName(n) + " in domain " + n.getDomain() + ": only the standard ONNX ops)");
            return;
        }
        try {
            List<Val> out = op(n, ins);
            for (int i = 0; i < out.size() && i < n.getOutputCount(); i++)
                if (!n.getOutput(i).isEmpty() && out.get(i) != null) values.put(n.getOutput(i), out.get(i));
        } catch (Unsupported u) {
            unsupported.add(nodeName(n) + ": " + u.getMessage() + ")");
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            throw new CorruptModelFileException(
                    file, "node " + nodeName(n) + ") does not fit its inputs: " + e.getMessage(), e);
        }
    }

    private S sym(List<Val> ins, int i, String what) throws Unsupported {
        S s = symRaw(ins, i, what);
        if (s.reversed() >= 0)
            throw new Unsupported(what + " holds a sequence in reverse order (a go_backwards pass), which only"
                    + " Transpose, Squeeze, Unsqueeze, Slice and ReverseSequence take");
        return s;
    }

    private S symRaw(List<Val> ins, int i, String what) throws Unsupported {
        Val v = ins.get(i);
        if (v instanceof S s) return s;
        throw new Unsupported(what + " is a constant; only computed tensors are supported there");
    }

    private Const cst(List<Val> ins, int i, String what) throws Unsupported {
        Val v = i < ins.size() ? ins.get(i) : null;
        if (v instanceof C c) return c.c();
        throw new Unsupported(what + " is not a constant");
    }

    private List<Val> op(OnnxMl.NodeProto n, List<Val> in) throws IOException, Unsupported {
        String op = n.getOpType();
        String base = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
        Attrs a = new Attrs(n);
        boolean allConst = true;
        for (Val v : in) allConst &= v == null || v instanceof C;
        if (allConst && !op.equals("Constant")) return List.of(fold(n, in, a));
        return switch (op) {
            case "Constant" -> List.of(new C(constantNode(n)));
            case "Identity", "Dropout", "Cast" -> List.of(in.getFirst());
            case "Relu" -> act(in, Activation.RELU, base);
            case "Sigmoid" -> act(in, Activation.SIGMOID, base);
            case "Tanh" -> act(in, Activation.TANH, base);
            case "Softplus" -> act(in, Activation.SOFTPLUS, base);
            case "Softsign" -> act(in, Activation.SOFTSIGN, base);
            case "Gelu" -> {
                if (!a.s("approximate", "none").equals("none"))
                    throw new Unsupported("the tanh approximation of GELU (Nabla's gelu is exact)");
                yield act(in, Activation.GELU, base);
            }
            case "Selu" -> {
                if (Math.abs(a.f("alpha", 1.67326319217681884765625f) - 1.6732632f) > 1e-5
                        || Math.abs(a.f("gamma", 1.05070102214813232421875f) - 1.050701f) > 1e-5)
                    throw new Unsupported("alpha and gamma other than SELU's standard constants");
                yield act(in, Activation.SELU, base);
            }
            case "HardSigmoid" -> {
                if (Math.abs(a.f("alpha", 0.2f) - 1f / 6) > 1e-6 || Math.abs(a.f("beta", 0.5f) - 0.5f) > 1e-6)
                    throw new Unsupported("alpha/beta other than 1/6 and 0.5 (Keras 3's hard sigmoid)");
                yield act(in, Activation.HARD_SIGMOID, base);
            }
            case "Elu" -> unary(sym(in, 0, "the input"), layer(new ELU(a.f("alpha", 1f)), base));
            case "LeakyRelu" -> unary(sym(in, 0, "the input"), layer(new LeakyReLU(a.f("alpha", 0.01f)), base));
            case "Softmax" -> List.of(softmax(sym(in, 0, "the input"), a, base));
            case "Gemm" -> List.of(gemm(n, in, a, base));
            case "MatMul" -> List.of(matmul(sym(in, 0, "A"), cst(in, 1, "B"), null, base));
            case "Add" -> {
                OnnxMl.NodeProto mm = fusableMatMul(n);
                if (mm != null) yield List.of(matmul(sym(in, 0, "A"), cst(in, 1, "B"), cst(in, 2, "the bias"), base));
                yield List.of(merge(in, Merge.add(), base));
            }
            case "Sum" -> List.of(merge(in, Merge.add(), base));
            case "Sub" -> List.of(merge(in, Merge.subtract(), base));
            case "Mul" -> List.of(merge(in, Merge.multiply(), base));
            case "Max" -> List.of(merge(in, Merge.maximum(), base));
            case "Min" -> List.of(merge(in, Merge.minimum(), base));
            case "Mean" -> List.of(merge(in, Merge.average(), base));
            case "Conv" -> List.of(conv(n, in, a, base));
            case "MaxPool", "AveragePool" -> {
                if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && consumers.containsKey(n.getOutput(1)))
                    throw new Unsupported("its indices output is used");
                yield List.of(pool(op.equals("MaxPool"), sym(in, 0, "the input"), a, base));
            }
            case "GlobalAveragePool", "GlobalMaxPool" ->
                List.of(globalPool(op.equals("GlobalMaxPool"), sym(in, 0, "the input"), null, true, base));
            case "ReduceMean", "ReduceMax" -> List.of(reducePool(op.equals("ReduceMax"), n, in, a, base));
            case "BatchNormalization" -> List.of(batchNorm(in, a, base));
            case "Flatten" -> List.of(flatten(sym(in, 0, "the input"), (int) a.i("axis", 1)));
            case "Reshape" ->
                List.of(reshape(sym(in, 0, "the data"), cst(in, 1, "the shape").asLongs(), a, base));
            case "Transpose" -> List.of(transpose(symRaw(in, 0, "the input"), a.ints("perm")));
            case "Squeeze" -> List.of(squeeze(symRaw(in, 0, "the input"), axesOf(n, in, a), base));
            case "Unsqueeze" -> List.of(unsqueeze(symRaw(in, 0, "the input"), axesOf(n, in, a)));
            case "Slice" -> List.of(slice(n, in, a));
            case "ReverseSequence" -> List.of(reverseSequence(in, a));
            case "Concat" -> List.of(concat(in, (int) a.i("axis", 0), base));
            case "Gather" -> List.of(gather(in, (int) a.i("axis", 0), base));
            case "PRelu" -> List.of(prelu(sym(in, 0, "the input"), cst(in, 1, "the slope"), base));
            case "Pad" -> List.of(pad(n, in, a, base));
            case "LSTM", "GRU", "RNN" -> recurrent(n, in, a, base);
            default -> throw new Unsupported("no Nabla layer for this op");
        };
    }

    // ---- attributes

    /** A node's attributes by name. */
    private static final class Attrs {
        private final Map<String, OnnxMl.AttributeProto> m = new LinkedHashMap<>();

        Attrs(OnnxMl.NodeProto n) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) m.put(a.getName(), a);
        }

        boolean has(String k) {
            return m.containsKey(k);
        }

        long i(String k, long d) {
            return m.containsKey(k) ? m.get(k).getI() : d;
        }

        float f(String k, float d) {
            return m.containsKey(k) ? m.get(k).getF() : d;
        }

        String s(String k, String d) {
            return m.containsKey(k) ? m.get(k).getS().toStringUtf8() : d;
        }

        long[] ints(String k) {
            if (!m.containsKey(k)) return null;
            List<Long> l = m.get(k).getIntsList();
            long[] r = new long[l.size()];
            for (int j = 0; j < r.length; j++) r[j] = l.get(j);
            return r;
        }

        List<String> strings(String k) {
            if (!m.containsKey(k)) return null;
            List<String> r = new ArrayList<>();
            for (com.google.protobuf.ByteString b : m.get(k).getStringsList()) r.add(b.toStringUtf8());
            return r;
        }

        OnnxMl.TensorProto t(String k) {
            return m.containsKey(k) ? m.get(k).getT() : null;
        }
    }

    private Const constantNode(OnnxMl.NodeProto n) throws ModelFileException {
        Attrs a = new Attrs(n);
        String what = "Constant '" + n.getOutput(0) + "'";
        if (a.t("value") != null) return OnnxTensors.read(file, what, a.t("value"));
        if (a.has("value_float")) return new Const(new long[0], new float[] {a.f("value_float", 0)}, null);
        if (a.has("value_int")) return new Const(new long[0], null, new long[] {a.i("value_int", 0)});
        if (a.ints("value_ints") != null) {
            long[] v = a.ints("value_ints");
            return new Const(new long[] {v.length}, null, v);
        }
        if (a.has("value_floats")) {
            List<Float> l = a.m.get("value_floats").getFloatsList();
            float[] f = new float[l.size()];
            for (int i = 0; i < f.length; i++) f[i] = l.get(i);
            return new Const(new long[] {f.length}, f, null);
        }
        throw new ModelFileException(file, what + " has no value Nabla reads (sparse or string constants)");
    }

    private long[] axesOf(OnnxMl.NodeProto n, List<Val> in, Attrs a) throws Unsupported {
        if (a.ints("axes") != null) return a.ints("axes");
        if (in.size() > 1 && in.get(1) != null) return cst(in, 1, "the axes").asLongs();
        return null;
    }

    // ---- constant folding (shape arithmetic)

    private Val fold(OnnxMl.NodeProto n, List<Val> in, Attrs a) throws Unsupported, ModelFileException {
        Const x = in.isEmpty() || in.getFirst() == null ? null : ((C) in.getFirst()).c();
        switch (n.getOpType()) {
            case "Identity", "Cast" -> {
                long to = a.i("to", 1);
                if (n.getOpType().equals("Cast") && x.isFloat() != (to == 1 || to == 11))
                    return new C(
                            to == 1 || to == 11
                                    ? new Const(x.dims(), x.asFloats(), null)
                                    : new Const(x.dims(), null, x.asLongs()));
                return new C(x);
            }
            case "Unsqueeze", "Squeeze" -> {
                long[] axes = a.ints("axes") != null
                        ? a.ints("axes")
                        : ((C) in.get(1)).c().asLongs();
                List<Long> d = new ArrayList<>();
                for (long v : x.dims()) d.add(v);
                if (n.getOpType().equals("Unsqueeze")) {
                    int r = d.size() + axes.length;
                    long[] s = axes.clone();
                    for (int i = 0; i < s.length; i++) if (s[i] < 0) s[i] += r;
                    Arrays.sort(s);
                    for (long ax : s) d.add((int) ax, 1L);
                } else {
                    long[] s = axes.clone();
                    for (int i = 0; i < s.length; i++) if (s[i] < 0) s[i] += d.size();
                    Arrays.sort(s);
                    for (int i = s.length - 1; i >= 0; i--) d.remove((int) s[i]);
                }
                long[] dims = d.stream().mapToLong(Long::longValue).toArray();
                return new C(new Const(dims, x.f(), x.l()));
            }
            case "Concat" -> {
                List<Const> parts = new ArrayList<>();
                for (Val v : in) parts.add(((C) v).c());
                return new C(concatConst(parts, (int) a.i("axis", 0)));
            }
            case "Slice" -> {
                long[] starts, ends, axes, steps;
                if (opset < 10) {
                    starts = a.ints("starts");
                    ends = a.ints("ends");
                    axes = a.ints("axes");
                    steps = null;
                } else {
                    starts = ((C) in.get(1)).c().asLongs();
                    ends = ((C) in.get(2)).c().asLongs();
                    axes = in.size() > 3 && in.get(3) != null
                            ? ((C) in.get(3)).c().asLongs()
                            : null;
                    steps = in.size() > 4 && in.get(4) != null
                            ? ((C) in.get(4)).c().asLongs()
                            : null;
                }
                return new C(sliceConst(x, starts, ends, axes, steps));
            }
            case "Gather" -> {
                Const idx = ((C) in.get(1)).c();
                if (x.rank() != 1) throw new Unsupported("constant Gather over more than one axis");
                long[] src = x.asLongs(), ix = idx.asLongs(), r = new long[ix.length];
                for (int i = 0; i < ix.length; i++) r[i] = src[(int) (ix[i] < 0 ? ix[i] + src.length : ix[i])];
                return new C(new Const(idx.dims(), null, r));
            }
            case "ConstantOfShape" -> {
                throw new Unsupported("a constant tensor of computed shape that the model's outputs use");
            }
            default -> throw new Unsupported("this op on constants only (no Nabla layer computes it)");
        }
    }

    /** Row-major strides of {@code dims}. */
    private static long[] strides(long[] dims) {
        long[] st = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= dims[i];
        }
        return st;
    }

    private Const concatConst(List<Const> parts, int axis) throws Unsupported {
        Const first = parts.getFirst();
        int r = first.rank();
        if (r == 0) throw new Unsupported("concatenating scalars");
        int ax = axis(axis, r);
        boolean isFloat = false;
        for (Const c : parts) isFloat |= c.isFloat();
        long[] dims = first.dims().clone();
        dims[ax] = 0;
        for (Const c : parts) {
            if (c.rank() != r) throw new IllegalArgumentException("Concat of constants of different ranks");
            for (int d = 0; d < r; d++)
                if (d != ax && c.dims()[d] != first.dims()[d])
                    throw new IllegalArgumentException("Concat inputs differ on axis " + d);
            dims[ax] += c.dims()[ax];
        }
        long outer = 1;
        for (int d = 0; d < ax; d++) outer *= dims[d];
        long inner = 1;
        for (int d = ax + 1; d < r; d++) inner *= dims[d];
        int n = Math.toIntExact(outer * dims[ax] * inner);
        float[] f = isFloat ? new float[n] : null;
        long[] l = isFloat ? null : new long[n];
        int pos = 0;
        for (long o = 0; o < outer; o++)
            for (Const c : parts) {
                int len = (int) (c.dims()[ax] * inner), from = (int) (o * len);
                if (isFloat) System.arraycopy(c.asFloats(), from, f, pos, len);
                else System.arraycopy(c.asLongs(), from, l, pos, len);
                pos += len;
            }
        return new Const(dims, f, l);
    }

    private Const sliceConst(Const x, long[] starts, long[] ends, long[] axes, long[] steps)
            throws Unsupported, ModelFileException {
        int r = x.rank();
        long[] lo = new long[r], step = new long[r], dims = x.dims().clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(axes == null ? i : axes[i], r);
            long d = x.dims()[ax], st = steps == null ? 1 : steps[i];
            if (st == 0) throw new IllegalArgumentException("a Slice step of 0");
            long b = starts[i] < 0 ? starts[i] + d : starts[i], e = ends[i] < 0 ? ends[i] + d : ends[i];
            if (st > 0) {
                b = Math.clamp(b, 0, d);
                e = Math.clamp(e, 0, d);
                dims[ax] = Math.max(0, (e - b + st - 1) / st);
            } else {
                b = Math.clamp(b, 0, d - 1);
                e = Math.clamp(e, -1, d - 1);
                dims[ax] = Math.max(0, (b - e - st - 1) / -st);
            }
            lo[ax] = b;
            step[ax] = st;
        }
        long[] src = strides(x.dims()), dst = strides(dims);
        int n = Math.toIntExact(OnnxTensors.count(file, "a Slice", dims));
        float[] f = x.isFloat() ? new float[n] : null;
        long[] l = x.isFloat() ? null : new long[n];
        float[] xf = x.f();
        long[] xl = x.l();
        for (int k = 0; k < n; k++) {
            long off = 0, rem = k;
            for (int d = 0; d < r; d++) {
                long idx = rem / dst[d];
                rem %= dst[d];
                off += (lo[d] + idx * step[d]) * src[d];
            }
            if (f != null) f[k] = xf[(int) off];
            else l[k] = xl[(int) off];
        }
        return new Const(dims, f, l);
    }

    // ---- layout

    private static int[] flat(List<int[]> groups, int[] dims, boolean keepUnits) {
        List<Integer> l = new ArrayList<>();
        for (int p = 1; p < groups.size(); p++) for (int ax : groups.get(p)) if (keepUnits || dims[ax] != 1) l.add(ax);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int size(int[] dims, int[] axes) {
        int s = 1;
        for (int a : axes) s *= dims[a];
        return s;
    }

    /** {@code s} with its physical axes holding the logical axes {@code want} (same batch axis), via Reshape/Permute. */
    private S materialize(S s, List<int[]> want, String base) throws Unsupported {
        if (want.getFirst().length != 1 || want.getFirst()[0] != s.batchAxis())
            throw new Unsupported("an op needs another axis than the batch axis first");
        SymbolicTensor t = s.t();
        int[] cur = flat(s.groups(), s.dims(), false), dst = flat(want, s.dims(), false);
        int[] curSorted = cur.clone(), dstSorted = dst.clone();
        Arrays.sort(curSorted);
        Arrays.sort(dstSorted);
        if (!Arrays.equals(curSorted, dstSorted)) throw new IllegalStateException("axis sets differ");
        if (cur.length == 0) { // every per-sample axis has size 1: only the number of axes can change
            int[] target = new int[want.size() - 1];
            Arrays.fill(target, 1);
            if (target.length == 0) throw new Unsupported("a value with no axes but the batch axis");
            if (!Arrays.equals(t.shape().dims(), target)) t = t.then(layer(new Reshape(target), base + "_reshape"));
            return new S(t, s.dims(), want, s.reversed());
        }
        int[] fineDims = new int[cur.length];
        for (int i = 0; i < cur.length; i++) fineDims[i] = s.dims()[cur[i]];
        if (!Arrays.equals(t.shape().dims(), fineDims)) t = t.then(layer(new Reshape(fineDims), base + "_split"));
        if (!Arrays.equals(cur, dst)) {
            int[] perm = new int[dst.length];
            for (int i = 0; i < dst.length; i++)
                for (int j = 0; j < cur.length; j++) if (cur[j] == dst[i]) perm[i] = j + 1;
            t = t.then(layer(new Permute(perm), base + "_permute"));
        }
        int[] target = new int[want.size() - 1];
        for (int p = 1; p < want.size(); p++) target[p - 1] = size(s.dims(), want.get(p));
        if (!Arrays.equals(t.shape().dims(), target)) t = t.then(layer(new Reshape(target), base + "_reshape"));
        return new S(t, s.dims(), want, s.reversed());
    }

    /** The groups that make every non-unit axis its own physical axis, in the current order, {@code last} moved last. */
    private static List<int[]> fine(S s, int last) {
        List<int[]> g = new ArrayList<>();
        g.add(new int[] {s.batchAxis()});
        for (int a : flat(s.groups(), s.dims(), false)) if (a != last) g.add(new int[] {a});
        if (last >= 0) g.add(new int[] {last});
        return g;
    }

    /** {@code s} with logical axis {@code axis} alone on the last physical axis. */
    private S lastAxis(S s, int axis, String base) throws Unsupported {
        int[] lastGroup = s.groups().getLast();
        if (s.groups().size() > 1 && lastGroup.length == 1 && lastGroup[0] == axis) return s;
        if (s.dims()[axis] == 1 && s.groupOf(axis) < 0)
            throw new Unsupported("the op runs along a unit axis that the layout dropped");
        return materialize(s, fine(s, axis), base);
    }

    /** Channels-last for a logical (batch, channels, spatial...) value. */
    private S channelsLast(S s, String base) throws Unsupported {
        if (s.batchAxis() != 0) throw new Unsupported("the batch axis is not first");
        List<int[]> want = new ArrayList<>();
        want.add(new int[] {0});
        for (int i = 2; i < s.rank(); i++) want.add(new int[] {i});
        want.add(new int[] {1});
        return materialize(s, want, base);
    }

    private static List<Val> unary(S s, Layer l) {
        return List.of(new S(s.t().then(l), s.dims(), s.groups()));
    }

    private List<Val> act(List<Val> in, Activation a, String base) throws Unsupported {
        return unary(sym(in, 0, "the input"), layer(new ActivationLayer(a), base));
    }

    private int axis(long a, int rank) throws Unsupported {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) throw new Unsupported("axis " + a + " is out of range for rank " + rank);
        return (int) r;
    }

    private S softmax(S s, Attrs a, String base) throws Unsupported {
        int ax = axis(a.i("axis", opset >= 13 ? -1 : 1), s.rank());
        if (opset < 13 && ax != s.rank() - 1)
            throw new Unsupported("opset " + opset + " Softmax over axes " + ax + ".. (only the last axis)");
        S m = lastAxis(s, ax, base);
        return new S(m.t().then(layer(new ActivationLayer(Activation.SOFTMAX), base)), m.dims(), m.groups());
    }

    // ---- dense

    private S gemm(OnnxMl.NodeProto n, List<Val> in, Attrs a, String base) throws Unsupported {
        if (a.i("transA", 0) != 0) throw new Unsupported("transA");
        if (a.f("alpha", 1) != 1 || (in.size() > 2 && in.get(2) != null && a.f("beta", 1) != 1))
            throw new Unsupported("alpha or beta other than 1");
        Const b = cst(in, 1, "B");
        if (b.rank() != 2) throw new IllegalArgumentException("B is not a matrix");
        Const w = b;
        if (a.i("transB", 0) != 0) w = transpose2(b);
        return matmul(sym(in, 0, "A"), w, in.size() > 2 && in.get(2) != null ? cst(in, 2, "C") : null, base);
    }

    private static Const transpose2(Const b) {
        int r = (int) b.dims()[0], c = (int) b.dims()[1];
        float[] src = b.asFloats(), t = new float[src.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = src[i * c + j];
        return new Const(new long[] {c, r}, t, null);
    }

    private S matmul(S x, Const w, Const bias, String base) throws Unsupported {
        if (w.rank() != 2) throw new Unsupported("a MatMul whose weight is not a matrix");
        int in = (int) w.dims()[0], units = (int) w.dims()[1];
        int last = x.rank() - 1;
        if (x.dims()[last] != in)
            throw new IllegalArgumentException(
                    "the weight has " + in + " rows but the input has " + x.dims()[last] + " features");
        S m = lastAxis(x, last, base);
        float[] b = null;
        if (bias != null) {
            float[] bv = bias.asFloats();
            if (bv.length == units) b = bv;
            else if (bv.length == 1) {
                b = new float[units];
                Arrays.fill(b, bv[0]);
            } else throw new Unsupported("a bias of " + bv.length + " values for " + units + " units");
        }
        Dense d = layer(new Dense(units).withBias(b != null), base);
        List<NDArray> ws = new ArrayList<>(List.of(NDArray.wrap(w.asFloats(), Shape.of(in, units))));
        if (b != null) ws.add(NDArray.wrap(b, Shape.of(units)));
        weights.add(Map.entry(d, ws));
        int[] dims = m.dims().clone();
        dims[last] = units;
        return new S(m.t().then(d), dims, m.groups());
    }

    // ---- merges

    private S merge(List<Val> in, Merge m, String base) throws Unsupported {
        List<S> s = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) s.add(sym(in, i, "input " + i));
        S first = s.getFirst();
        List<SymbolicTensor> ts = new ArrayList<>();
        for (S x : s) {
            if (!Arrays.equals(x.dims(), first.dims()))
                throw new Unsupported("broadcasting between shapes " + Arrays.toString(first.dims()) + " and "
                        + Arrays.toString(x.dims()) + " (Nabla merges equal shapes)");
            ts.add(sameLayout(x, first, base).t());
        }
        if (ts.size() == 1) return first;
        return new S(Functional.merge(layer(m, base), ts.toArray(SymbolicTensor[]::new)), first.dims(), first.groups());
    }

    private S sameLayout(S x, S like, String base) throws Unsupported {
        if (equalGroups(x.groups(), like.groups())) return x;
        return materialize(x, like.groups(), base);
    }

    private static boolean equalGroups(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    private S concat(List<Val> in, int axis, String base) throws Unsupported {
        S first = sym(in, 0, "input 0");
        int ax = axis(axis, first.rank());
        int p = first.groupOf(ax);
        S f = p > 0 && first.groups().get(p).length == 1 ? first : materialize(first, fine(first, -1), base);
        p = f.groupOf(ax);
        List<SymbolicTensor> ts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < in.size(); i++) {
            S x = sym(in, i, "input " + i);
            for (int d = 0; d < x.rank(); d++)
                if (d != ax && x.dims()[d] != f.dims()[d])
                    throw new IllegalArgumentException("Concat inputs differ on axis " + d);
            total += x.dims()[ax];
            // the inputs' sizes along the axis differ, so compare layouts by the groups alone
            ts.add(
                    equalGroups(x.groups(), f.groups())
                            ? x.t()
                            : materialize(x, f.groups(), base).t());
        }
        int[] dims = f.dims().clone();
        dims[ax] = total;
        if (ts.size() == 1) return f;
        return new S(
                Functional.merge(layer(Merge.concatenate(p), base), ts.toArray(SymbolicTensor[]::new)),
                dims,
                f.groups());
    }

    // ---- convolutions and pooling

    private Padding padding(Attrs a, int rank, int[] in, int[] k, int[] s, int[] d) throws Unsupported {
        String auto = a.s("auto_pad", "NOTSET");
        if (auto.equals("VALID")) return Padding.VALID;
        long[] pads = new long[2 * rank];
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            if (auto.equals("SAME_UPPER")) return Padding.SAME;
            for (int i = 0; i < rank; i++) {
                int out = (in[i] + s[i] - 1) / s[i], eff = (k[i] - 1) * d[i] + 1;
                int total = Math.max((out - 1) * s[i] + eff - in[i], 0);
                pads[i] = total - total / 2;
                pads[i + rank] = total / 2;
            }
        } else if (a.ints("pads") != null) pads = a.ints("pads");
        if (pads.length != 2 * rank) throw new IllegalArgumentException("pads has " + pads.length + " entries");
        boolean zero = true;
        for (long p : pads) {
            if (p < 0) throw new Unsupported("negative pads");
            zero &= p == 0;
        }
        if (zero) return Padding.VALID;
        return rank == 2
                ? new Padding.Explicit((int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3])
                : new Padding.Explicit(0, 0, (int) pads[0], (int) pads[1]);
    }

    private static int[] ints(long[] v, int rank, int d) {
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) r[i] = v == null ? d : (int) v[i];
        return r;
    }

    private S conv(OnnxMl.NodeProto n, List<Val> in, Attrs a, String base) throws Unsupported {
        S x = sym(in, 0, "X");
        Const w = cst(in, 1, "W");
        int rank = x.rank() - 2;
        if (rank != 1 && rank != 2) throw new Unsupported(rank + "-D convolution (Nabla has 1-D and 2-D)");
        if (a.i("group", 1) != 1) throw new Unsupported("grouped convolution (group " + a.i("group", 1) + ")");
        if (w.rank() != rank + 2) throw new IllegalArgumentException("W has " + w.rank() + " axes");
        int filters = (int) w.dims()[0], cin = (int) w.dims()[1];
        if (cin != x.dims()[1])
            throw new IllegalArgumentException("W expects " + cin + " channels, the input has " + x.dims()[1]);
        int[] k = new int[rank];
        for (int i = 0; i < rank; i++) k[i] = (int) w.dims()[i + 2];
        int[] s = ints(a.ints("strides"), rank, 1), d = ints(a.ints("dilations"), rank, 1);
        int[] sp = Arrays.copyOfRange(x.dims(), 2, 2 + rank);
        Padding pad = padding(a, rank, sp, k, s, d);
        Const b = in.size() > 2 && in.get(2) != null ? cst(in, 2, "B") : null;
        S m = channelsLast(x, base);
        NDArray kernel = NDArray.wrap(w.asFloats(), Shape.of(intDims(w.dims())));
        Layer c;
        if (rank == 2) {
            c = new Conv2D(filters, k[0], k[1], Activation.LINEAR)
                    .withStride(s[0], s[1])
                    .withDilation(d[0], d[1])
                    .withPadding(pad)
                    .withBias(b != null);
            kernel = kernel.permute(2, 3, 1, 0);
        } else {
            c = new Conv1D(filters, k[0])
                    .withStride(s[0])
                    .withDilation(d[0])
                    .withPadding(pad)
                    .withBias(b != null);
            kernel = kernel.permute(2, 1, 0);
        }
        layer(c, base);
        List<NDArray> ws = new ArrayList<>(List.of(kernel.contiguous()));
        if (b != null) ws.add(NDArray.wrap(b.asFloats(), Shape.of(filters)));
        weights.add(Map.entry(c, ws));
        SymbolicTensor y = m.t().then(c);
        int[] dims = new int[x.rank()];
        dims[0] = -1;
        dims[1] = filters;
        int[] out = y.shape().dims();
        for (int i = 0; i < rank; i++) dims[2 + i] = out[i];
        return new S(y, dims, m.groups());
    }

    private static int[] intDims(long[] d) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (int) d[i];
        return r;
    }

    private S pool(boolean max, S x, Attrs a, String base) throws Unsupported {
        int rank = x.rank() - 2;
        if (rank != 1 && rank != 2) throw new Unsupported(rank + "-D pooling");
        if (a.i("ceil_mode", 0) != 0) throw new Unsupported("ceil_mode");
        int[] k = ints(a.ints("kernel_shape"), rank, 1), s = ints(a.ints("strides"), rank, 1);
        int[] d = ints(a.ints("dilations"), rank, 1);
        for (int v : d) if (v != 1) throw new Unsupported("dilated pooling");
        int[] sp = Arrays.copyOfRange(x.dims(), 2, 2 + rank);
        Padding pad = padding(a, rank, sp, k, s, d);
        S m = channelsLast(x, base);
        SymbolicTensor t = m.t();
        if (pad instanceof Padding.Explicit e) {
            long[] want = pads(e, rank), sameP = samePads(rank, sp, k, s);
            boolean isSame = Arrays.equals(want, sameP);
            boolean countPad = !max && a.i("count_include_pad", 0) != 0;
            if (isSame && !countPad) pad = Padding.SAME;
            else if (!max && countPad && rank == 2) {
                t = t.then(layer(new ZeroPadding2D(e.top(), e.bottom(), e.left(), e.right()), base + "_pad"));
                pad = Padding.VALID;
            } else throw new Unsupported("explicit pads " + Arrays.toString(want) + " (Nabla pools valid or same)");
        }
        Layer p = rank == 2
                ? (max
                        ? new MaxPooling2D(k[0], k[1]).withStride(s[0], s[1]).withPadding(pad)
                        : new AveragePooling2D(k[0], k[1])
                                .withStride(s[0], s[1])
                                .withPadding(pad))
                : (max
                        ? new MaxPooling1D(k[0]).withStride(s[0]).withPadding(pad)
                        : new AveragePooling1D(k[0]).withStride(s[0]).withPadding(pad));
        SymbolicTensor y = t.then(layer(p, base));
        int[] dims = x.dims().clone();
        int[] out = y.shape().dims();
        for (int i = 0; i < rank; i++) dims[2 + i] = out[i];
        return new S(y, dims, m.groups());
    }

    private static long[] pads(Padding.Explicit e, int rank) {
        return rank == 2 ? new long[] {e.top(), e.left(), e.bottom(), e.right()} : new long[] {e.left(), e.right()};
    }

    private static long[] samePads(int rank, int[] in, int[] k, int[] s) {
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            int out = (in[i] + s[i] - 1) / s[i];
            int total = Math.max((out - 1) * s[i] + k[i] - in[i], 0);
            pads[i] = total / 2;
            pads[i + rank] = total - total / 2;
        }
        return pads;
    }

    /** A global pool over every axis but the batch and {@code channel}; units kept when {@code keep}. */
    private S globalPool(boolean max, S x, int[] reduced, boolean keep, String base) throws Unsupported {
        int channel;
        if (reduced == null) {
            channel = 1;
            if (x.batchAxis() != 0) throw new Unsupported("the batch axis is not first");
        } else {
            channel = -1;
            for (int i = 0; i < x.rank(); i++) {
                boolean r = false;
                for (int v : reduced) r |= v == i;
                if (!r && i != x.batchAxis()) {
                    if (channel >= 0) throw new Unsupported("a reduction that keeps more than one axis");
                    channel = i;
                }
            }
            if (channel < 0) throw new Unsupported("a reduction over every axis");
        }
        int spatial = x.rank() - 2;
        if (spatial != 1 && spatial != 2) throw new Unsupported("global pooling over " + spatial + " axes");
        List<int[]> want = new ArrayList<>();
        want.add(new int[] {x.batchAxis()});
        for (int i = 0; i < x.rank(); i++) if (i != x.batchAxis() && i != channel) want.add(new int[] {i});
        want.add(new int[] {channel});
        S m = materialize(x, want, base);
        Layer p = spatial == 2
                ? (max ? new GlobalMaxPooling2D() : new GlobalAveragePooling2D())
                : (max ? new GlobalMaxPooling1D() : new GlobalAveragePooling1D());
        SymbolicTensor y = m.t().then(layer(p, base));
        if (keep) {
            int[] dims = x.dims().clone();
            for (int i = 0; i < dims.length; i++) if (i != x.batchAxis() && i != channel) dims[i] = 1;
            return new S(y, dims, List.of(new int[] {x.batchAxis()}, new int[] {channel}));
        }
        int b = x.batchAxis() < channel ? 0 : 1;
        int[] dims = b == 0 ? new int[] {-1, x.dims()[channel]} : new int[] {x.dims()[channel], -1};
        return new S(y, dims, List.of(new int[] {b}, new int[] {1 - b}));
    }

    private S reducePool(boolean max, OnnxMl.NodeProto n, List<Val> in, Attrs a, String base) throws Unsupported {
        S x = sym(in, 0, "the input");
        long[] axes = axesOf(n, in, a);
        if (axes == null) throw new Unsupported("a reduction over every axis");
        int[] r = new int[axes.length];
        for (int i = 0; i < r.length; i++) r[i] = axis(axes[i], x.rank());
        return globalPool(max, x, r, a.i("keepdims", 1) != 0, base);
    }

    private S batchNorm(List<Val> in, Attrs a, String base) throws Unsupported {
        if (a.i("training_mode", 0) != 0) throw new Unsupported("training mode");
        S x = sym(in, 0, "X");
        if (x.rank() < 2) throw new Unsupported("a rank-1 input");
        int c = x.dims()[1];
        List<NDArray> ws = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            float[] v = cst(in, i, "a statistic").asFloats();
            if (v.length != c)
                throw new IllegalArgumentException("a statistic has " + v.length + " values for " + c + " channels");
            ws.add(NDArray.wrap(v, Shape.of(c)));
        }
        int p = x.groupOf(1);
        S m = p > 0 && x.groups().get(p).length == 1 ? x : materialize(x, fine(x, -1), base);
        p = m.groupOf(1);
        int axis = p == m.groups().size() - 1 ? -1 : p;
        BatchNormalization bn = layer(new BatchNormalization(axis, 0.99f, a.f("epsilon", 1e-5f), true, true), base);
        weights.add(Map.entry(bn, ws)); // gamma, beta, moving mean, moving variance
        return new S(m.t().then(bn), m.dims(), m.groups());
    }

    private S prelu(S x, Const slope, String base) throws Unsupported {
        if (x.batchAxis() != 0) throw new Unsupported("the batch axis is not first");
        S m = materialize(x, identity(x.rank()), base);
        int r = x.rank() - 1; // per-sample rank
        long[] sd = slope.dims();
        if (sd.length > r) throw new IllegalArgumentException("the slope has more axes than a sample");
        int[] alpha = new int[r];
        List<Integer> shared = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            int j = i - (r - sd.length);
            long d = j < 0 ? 1 : sd[j];
            int xd = x.dims()[i + 1];
            if (d != 1 && d != xd) throw new IllegalArgumentException("the slope does not broadcast to the input");
            alpha[i] = (int) d;
            if (d == 1 && xd != 1) shared.add(i + 1);
        }
        float[] v = slope.asFloats();
        int[] axes = shared.stream().mapToInt(Integer::intValue).toArray();
        PReLU pr = layer(new PReLU(Initializer.zeros(), axes), base);
        // PReLU's alpha has the sample shape with 1 on shared axes: the slope's values, broadcast over the rest
        int[] full = x.dims().clone();
        int[] adims = new int[r];
        for (int i = 0; i < r; i++) adims[i] = shared.contains(i + 1) ? 1 : full[i + 1];
        NDArray a =
                NDArray.wrap(v, Shape.of(alpha)).broadcastTo(Shape.of(adims)).contiguous();
        weights.add(Map.entry(pr, List.of(a)));
        return new S(m.t().then(pr), m.dims(), m.groups());
    }

    private S pad(OnnxMl.NodeProto n, List<Val> in, Attrs a, String base) throws Unsupported {
        S x = sym(in, 0, "the data");
        if (!a.s("mode", "constant").equals("constant")) throw new Unsupported("padding mode " + a.s("mode", ""));
        long[] pads =
                a.ints("pads") != null ? a.ints("pads") : cst(in, 1, "the pads").asLongs();
        if (in.size() > 2 && in.get(2) != null && cst(in, 2, "the value").asFloats()[0] != 0)
            throw new Unsupported("a padding value other than 0");
        if (in.size() > 3 && in.get(3) != null) throw new Unsupported("Pad with axes");
        int r = x.rank();
        if (pads.length != 2 * r) throw new IllegalArgumentException("pads has " + pads.length + " entries");
        List<Integer> padded = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (pads[i] < 0 || pads[i + r] < 0) throw new Unsupported("negative pads (cropping)");
            if (pads[i] != 0 || pads[i + r] != 0) padded.add(i);
        }
        if (padded.isEmpty()) return x;
        if (r != 4 || padded.size() > 2 || padded.contains(x.batchAxis()))
            throw new Unsupported("padding other than two spatial axes of a 4-D tensor");
        int h, w, c = -1;
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < r; i++) if (i != x.batchAxis()) rest.add(i);
        if (padded.size() == 2) {
            h = padded.get(0);
            w = padded.get(1);
            for (int i : rest) if (i != h && i != w) c = i;
        } else { // one padded axis: the channel axis is the logical axis 1 of NCHW unless that is the padded one
            int only = padded.getFirst();
            c = only == 1 ? 3 : 1;
            List<Integer> sp = new ArrayList<>(rest);
            sp.remove(Integer.valueOf(c));
            h = sp.get(0);
            w = sp.get(1);
        }
        S m = materialize(x, List.of(new int[] {x.batchAxis()}, new int[] {h}, new int[] {w}, new int[] {c}), base);
        ZeroPadding2D z =
                layer(new ZeroPadding2D((int) pads[h], (int) pads[h + r], (int) pads[w], (int) pads[w + r]), base);
        int[] dims = x.dims().clone();
        dims[h] += (int) (pads[h] + pads[h + r]);
        dims[w] += (int) (pads[w] + pads[w + r]);
        return new S(m.t().then(z), dims, m.groups());
    }

    // ---- shapes

    private S flatten(S x, int axis) throws Unsupported {
        if (axis != 1 || x.batchAxis() != 0) throw new Unsupported("Flatten at axis " + axis + " (only 1)");
        int[] rest = new int[x.rank() - 1];
        for (int i = 1; i < x.rank(); i++) rest[i - 1] = i;
        S m = materialize(x, List.of(new int[] {0}, rest), "flatten");
        return new S(m.t(), new int[] {-1, size(x.dims(), rest)}, identity(2));
    }

    private S reshape(S x, long[] shape, Attrs a, String base) throws Unsupported {
        int b = x.batchAxis();
        if (shape.length <= b) throw new Unsupported("a Reshape that drops the batch axis");
        long[] out = shape.clone();
        for (int i = 0; i <= b; i++) {
            if (out[i] == BATCH && i == b) out[i] = 0;
            if (out[i] == 0 && a.i("allowzero", 0) == 0) continue;
            if (i < b && out[i] == x.dims()[i]) continue;
            if (i == 0 && b == 0 && out[0] == -1) continue; // -1 for the batch: the rest must be fixed
            throw new Unsupported("a Reshape that changes the axes up to the batch axis");
        }
        // the axes after the batch axis are reshaped: the prefix before it stays as it is
        int[] suffix = new int[x.rank() - b - 1];
        for (int i = 0; i < suffix.length; i++) suffix[i] = b + 1 + i;
        int total = size(x.dims(), suffix);
        int[] dims = new int[shape.length];
        int infer = -1, known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < b) dims[i] = x.dims()[i];
            else if (i == b) dims[i] = -1;
            else if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("two -1 entries in the shape");
                infer = i;
            } else {
                long v = out[i] == 0 && a.i("allowzero", 0) == 0 && i < x.rank() ? x.dims()[i] : out[i];
                if (v < 0 || v > Integer.MAX_VALUE) throw new IllegalArgumentException("shape entry " + out[i]);
                dims[i] = (int) v;
                known = Math.multiplyExact(known, dims[i]);
            }
        }
        if (infer >= 0) {
            if (known == 0 || total % known != 0) throw new IllegalArgumentException("cannot infer the -1 entry");
            dims[infer] = total / known;
        } else if (known != total) {
            if (b == 0 && out[0] == -1)
                throw new Unsupported("a Reshape that folds other axes into the batch axis (as TimeDistributed of"
                        + " a layer other than Dense is exported); Nabla keeps the batch axis apart");
            throw new IllegalArgumentException("the shape holds " + known + " values per sample, the data " + total);
        }
        List<int[]> want = new ArrayList<>();
        want.add(new int[] {b});
        for (int i = 0; i < b; i++) if (x.dims()[i] != 1) want.add(new int[] {i});
        int[] suffixNonUnit =
                Arrays.stream(suffix).filter(i -> x.dims()[i] != 1).toArray();
        if (suffixNonUnit.length > 0) want.add(suffixNonUnit);
        S m = materialize(x, want, base);
        List<int[]> groups = new ArrayList<>();
        groups.add(new int[] {b});
        for (int i = 0; i < b; i++) if (x.dims()[i] != 1) groups.add(new int[] {i});
        int[] newSuffix = java.util.stream.IntStream.range(b + 1, shape.length)
                .filter(i -> dims[i] != 1)
                .toArray();
        if (newSuffix.length > 0) groups.add(newSuffix);
        else if (suffixNonUnit.length > 0) throw new IllegalStateException("sizes differ");
        return new S(m.t(), dims, groups);
    }

    private S transpose(S x, long[] p) throws Unsupported {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = p == null ? r - 1 - i : axis(p[i], r);
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[perm[i]] = i;
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) dims[i] = x.dims()[perm[i]];
        List<int[]> groups = new ArrayList<>();
        for (int[] g : x.groups()) {
            int[] ng = new int[g.length];
            for (int j = 0; j < g.length; j++) ng[j] = inv[g[j]];
            groups.add(ng);
        }
        return new S(x.t(), dims, groups, x.reversed() < 0 ? -1 : inv[x.reversed()]);
    }

    /** Slices that reverse one whole axis (or keep it whole): other slices select steps, which Nabla cannot. */
    private S slice(OnnxMl.NodeProto n, List<Val> in, Attrs a) throws Unsupported {
        S x = symRaw(in, 0, "the data");
        long[] starts, ends, axes, steps;
        if (opset < 10) {
            starts = a.ints("starts");
            ends = a.ints("ends");
            axes = a.ints("axes");
            steps = null;
        } else {
            starts = cst(in, 1, "starts").asLongs();
            ends = cst(in, 2, "ends").asLongs();
            axes = in.size() > 3 && in.get(3) != null ? cst(in, 3, "axes").asLongs() : null;
            steps = in.size() > 4 && in.get(4) != null ? cst(in, 4, "steps").asLongs() : null;
        }
        S out = x;
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(axes == null ? i : axes[i], x.rank());
            long step = steps == null ? 1 : steps[i], dim = x.dims()[ax];
            long st = starts[i], en = ends[i];
            boolean whole = step == 1 && (st == 0 || st <= -dim) && en >= dim;
            boolean reverse = step == -1 && (st == -1 || st >= dim - 1) && en <= -dim - 1;
            if (whole) continue;
            boolean last = step == 1 && (st == -1 || st == dim - 1) && en >= dim;
            if (last && out == x && starts.length == 1) {
                S l = lastStep(x, ax);
                if (l != null) return l;
            }
            if (!reverse || ax == x.batchAxis())
                throw new Unsupported("a Slice that selects part of an axis (Nabla has no layer that selects steps)");
            out = new S(out.t(), out.dims(), out.groups(), out.reversed() == ax ? -1 : toggle(out, ax));
        }
        return out;
    }

    private static int toggle(S s, int ax) throws Unsupported {
        if (s.reversed() >= 0) throw new Unsupported("reversing a second axis");
        return ax;
    }

    private S reverseSequence(List<Val> in, Attrs a) throws Unsupported {
        S x = symRaw(in, 0, "the input");
        int time = axis(a.i("time_axis", 0), x.rank());
        for (long l : cst(in, 1, "the sequence lengths").asLongs())
            if (l != x.dims()[time]) throw new Unsupported("sequence lengths shorter than the sequence");
        return new S(x.t(), x.dims(), x.groups(), x.reversed() == time ? -1 : toggle(x, time));
    }

    private S squeeze(S x, long[] axes, String base) throws Unsupported {
        int r = x.rank();
        boolean[] drop = new boolean[r];
        if (axes == null) for (int i = 0; i < r; i++) drop[i] = x.dims()[i] == 1;
        else for (long v : axes) drop[axis(v, r)] = true;
        for (int i = 0; i < r; i++)
            if (drop[i] && x.dims()[i] != 1) {
                if (i == x.batchAxis()) throw new Unsupported("squeezing the batch axis");
                throw new IllegalArgumentException("axis " + i + " of size " + x.dims()[i] + " cannot be squeezed");
            }
        int[] newIndex = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) newIndex[i] = drop[i] ? -1 : k++;
        int[] dims = new int[k];
        for (int i = 0; i < r; i++) if (!drop[i]) dims[newIndex[i]] = x.dims()[i];
        List<int[]> groups = new ArrayList<>();
        boolean emptied = false;
        for (int[] g : x.groups()) {
            int[] ng =
                    Arrays.stream(g).filter(v -> !drop[v]).map(v -> newIndex[v]).toArray();
            if (ng.length == 0) emptied = true;
            else groups.add(ng);
        }
        SymbolicTensor t = x.t();
        if (emptied) { // a physical unit axis goes away
            int[] target = new int[groups.size() - 1];
            for (int p = 1; p < groups.size(); p++) target[p - 1] = size(dims, groups.get(p));
            if (target.length == 0) throw new Unsupported("a value with no axes but the batch axis");
            t = t.then(layer(new Reshape(target), base));
        }
        return new S(t, dims, groups, x.reversed() < 0 ? -1 : newIndex[x.reversed()]);
    }

    private S unsqueeze(S x, long[] axes) throws Unsupported {
        if (axes == null) throw new Unsupported("Unsqueeze without axes");
        int r = x.rank() + axes.length;
        boolean[] added = new boolean[r];
        for (long v : axes) added[axis(v, r)] = true;
        int[] oldToNew = new int[x.rank()];
        int[] dims = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            if (added[i]) dims[i] = 1;
            else {
                oldToNew[j] = i;
                dims[i] = x.dims()[j++];
            }
        }
        List<int[]> groups = new ArrayList<>();
        for (int[] g : x.groups())
            groups.add(Arrays.stream(g).map(v -> oldToNew[v]).toArray());
        return new S(x.t(), dims, groups, x.reversed() < 0 ? -1 : oldToNew[x.reversed()]);
    }

    private S gather(List<Val> in, int axis, String base) throws Unsupported {
        if (in.get(0) instanceof C data && in.get(1) instanceof S ids) {
            Const e = data.c();
            if (e.rank() != 2 || axis != 0) throw new Unsupported("a Gather that is not an embedding lookup");
            if (ids.batchAxis() != 0) throw new Unsupported("ids whose batch axis is not first");
            int v = (int) e.dims()[0], d = (int) e.dims()[1];
            S m = materialize(ids, identity(ids.rank()), base);
            if (ids.rank() != 2) throw new Unsupported("ids of rank " + ids.rank() + " (Nabla embeds (batch, steps))");
            Embedding emb = layer(new Embedding(v, d), base);
            weights.add(Map.entry(emb, List.of(NDArray.wrap(e.asFloats(), Shape.of(v, d)))));
            return new S(m.t().then(emb), new int[] {-1, ids.dims()[1], d}, identity(3));
        }
        if (in.get(0) instanceof S x && in.get(1) instanceof C idx && idx.c().rank() == 0) {
            int ax = axis(axis, x.rank());
            long i = idx.c().asLongs()[0];
            int d = x.dims()[ax];
            if (d == 1 && (i == 0 || i == -1)) return squeeze(x, new long[] {ax}, base); // the only entry
            if (i == -1 || i == d - 1) {
                S last = lastStep(x, ax);
                if (last != null) return squeeze(last, new long[] {ax}, base);
            }
        }
        throw new Unsupported("a Gather from a computed tensor (Nabla has no layer that selects steps, except the"
                + " last step of a forward recurrent layer's outputs)");
    }

    /** For each forward recurrent layer's sequence output: its logical step axis and the layer's last state. */
    private final Map<SymbolicTensor, java.util.function.Supplier<SymbolicTensor>> lastStates =
            new java.util.IdentityHashMap<>();

    /**
     * {@code x}'s last step along logical axis {@code ax} (kept as a unit axis) when {@code x} is a forward recurrent
     * layer's output and {@code ax} its steps: the same layer without return_sequences, whose output is that step;
     * null otherwise.
     */
    private S lastStep(S x, int ax) {
        java.util.function.Supplier<SymbolicTensor> state = lastStates.get(x.t());
        int p = x.groupOf(ax);
        if (state == null || p != 1 || x.groups().get(1).length != 1 || x.reversed() >= 0) return null;
        int[] dims = x.dims().clone();
        dims[ax] = 1;
        List<int[]> groups = new ArrayList<>(x.groups());
        groups.remove(1);
        return new S(state.get(), dims, groups);
    }

    // ---- recurrent layers

    private static String kerasAct(String onnx) throws Unsupported {
        return switch (onnx) {
            case "Tanh" -> "tanh";
            case "Sigmoid" -> "sigmoid";
            case "Relu" -> "relu";
            case "Softsign" -> "softsign";
            case "Softplus" -> "softplus";
            default -> throw new Unsupported("the recurrent activation " + onnx);
        };
    }

    private boolean isZero(String name) throws ModelFileException {
        if (name.isEmpty()) return true;
        Const c = constNamed(name);
        if (c != null) {
            for (float v : c.asFloats()) if (v != 0) return false;
            return true;
        }
        OnnxMl.NodeProto p = producer.get(name);
        if (p == null || !p.getOpType().equals("ConstantOfShape")) return false;
        Attrs a = new Attrs(p);
        if (a.t("value") == null) return true;
        for (float v :
                OnnxTensors.read(file, "ConstantOfShape value", a.t("value")).asFloats()) if (v != 0) return false;
        return true;
    }

    private List<Val> recurrent(OnnxMl.NodeProto n, List<Val> in, Attrs a, String base)
            throws Unsupported, ModelFileException {
        String op = n.getOpType();
        int gates = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
        S x = sym(in, 0, "X");
        Const w = cst(in, 1, "W"), r = cst(in, 2, "R");
        Const b = in.size() > 3 && in.get(3) != null ? cst(in, 3, "B") : null;
        if (n.getInputCount() > 4 && !n.getInput(4).isEmpty()) {
            Const sl = constNamed(n.getInput(4));
            if (sl == null) throw new Unsupported("computed sequence lengths");
            for (long v : sl.asLongs())
                if (v != x.dims()[a.i("layout", 0) == 0 ? 0 : 1])
                    throw new Unsupported("sequence lengths shorter than the sequence (Nabla uses masks)");
        }
        for (int i = 5; i <= 6 && i < n.getInputCount(); i++)
            if (!isZero(n.getInput(i))) throw new Unsupported("a non-zero initial state");
        if (a.has("clip")) throw new Unsupported("cell clipping");
        if (a.i("input_forget", 0) != 0) throw new Unsupported("input_forget");
        int layout = (int) a.i("layout", 0);
        int h = (int) a.i("hidden_size", r.dims()[r.rank() - 1]);
        String dir = a.s("direction", "forward");
        int dirs = dir.equals("bidirectional") ? 2 : 1;
        if (x.rank() != 3) throw new IllegalArgumentException("X has " + x.rank() + " axes");
        int seqAxis = layout == 0 ? 0 : 1, batchAxis = layout == 0 ? 1 : 0;
        if (x.batchAxis() != batchAxis) throw new Unsupported("X's batch axis is not ONNX's batch axis");
        int f = x.dims()[2];
        if (w.rank() != 3 || w.dims()[0] != dirs || w.dims()[1] != (long) gates * h || w.dims()[2] != f)
            throw new IllegalArgumentException("W has dims " + Arrays.toString(w.dims()));
        if (r.rank() != 3 || r.dims()[0] != dirs || r.dims()[1] != (long) gates * h || r.dims()[2] != h)
            throw new IllegalArgumentException("R has dims " + Arrays.toString(r.dims()));
        List<String> acts = a.strings("activations");
        String act = "tanh", recAct = "sigmoid";
        if (acts != null) {
            int per = acts.size() / dirs;
            if (op.equals("LSTM")) {
                recAct = kerasAct(acts.get(0));
                act = kerasAct(acts.get(1));
                if (!kerasAct(acts.get(2)).equals(act))
                    throw new Unsupported("different cell and output activations (Keras uses one)");
            } else if (op.equals("GRU")) {
                recAct = kerasAct(acts.get(0));
                act = kerasAct(acts.get(1));
            } else act = kerasAct(acts.get(0));
            if (dirs == 2 && !acts.subList(0, per).equals(acts.subList(per, 2 * per)))
                throw new Unsupported("different activations per direction");
        }
        boolean lbr = a.i("linear_before_reset", 0) != 0;
        boolean peep = op.equals("LSTM") && in.size() > 4 && in.get(4) != null;
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("units", h);
        cell.put("activation", act);
        if (!op.equals("RNN")) cell.put("recurrent_activation", recAct);
        cell.put("use_bias", b != null);
        if (op.equals("GRU")) cell.put("reset_after", lbr);
        if (op.equals("LSTM")) cell.put("use_peepholes", peep);
        String type = op.equals("RNN") ? "SimpleRNN" : op;
        List<NDArray> ws = new ArrayList<>();
        for (int d = 0; d < dirs; d++)
            ws.addAll(directionWeights(op, lbr, w, r, b, peep ? cst(in, 4, "P") : null, d, h, f));
        S m = materialize(x, List.of(new int[] {batchAxis}, new int[] {seqAxis}, new int[] {2}), base);
        boolean yUsed = n.getOutputCount() > 0 && consumers.containsKey(n.getOutput(0));
        boolean hUsed = n.getOutputCount() > 1 && consumers.containsKey(n.getOutput(1));
        if (n.getOutputCount() > 2 && consumers.containsKey(n.getOutput(2)))
            throw new Unsupported("its last cell state (Y_c) is used");
        List<Val> outs = new ArrayList<>(List.of(new Poison(), new Poison(), new Poison()));
        int t = x.dims()[seqAxis];
        for (int o = 0; o < 2; o++) {
            if (o == 0 ? !yUsed : !hUsed) continue;
            boolean seq = o == 0;
            Map<String, Object> cfg = new LinkedHashMap<>(cell);
            cfg.put("return_sequences", seq);
            cfg.put("go_backwards", dir.equals("reverse"));
            Layer l;
            // the outputs' logical axes: Y (seq, dirs, batch, hidden) for layout 0, (batch, seq, dirs, hidden) for
            // layout 1; Y_h (dirs, batch, hidden) or (batch, dirs, hidden)
            int dirAxis = seq ? (layout == 0 ? 1 : 2) : (layout == 0 ? 0 : 1);
            Merged merged = dirs == 2 ? mergedDirections(n.getOutput(o), dirAxis, seq ? 4 : 3) : null;
            if (dirs == 2) {
                Map<String, Object> bi = new LinkedHashMap<>();
                bi.put("layer", Map.of("class_name", type, "config", cfg));
                bi.put("merge_mode", merged == null ? "concat" : merged.mode());
                l = LayerRegistry.fromConfig("Bidirectional", bi);
            } else l = LayerRegistry.fromConfig(type, cfg);
            layer(l, base + (seq ? "" : "_state"));
            weights.add(Map.entry(l, ws));
            SymbolicTensor y = m.t().then(l);
            if (merged != null) {
                // the directions are summed, multiplied or averaged: the direction axis is gone from the physical
                // tensor; follow the Transposes to the reduction and give its output the layer's result
                int[] dims = seq
                        ? (layout == 0 ? new int[] {t, 1, -1, h} : new int[] {-1, t, 1, h})
                        : (layout == 0 ? new int[] {1, -1, h} : new int[] {-1, 1, h});
                List<int[]> groups = seq
                        ? (layout == 0
                                ? List.of(new int[] {2}, new int[] {0}, new int[] {3})
                                : List.of(new int[] {0}, new int[] {1}, new int[] {3}))
                        : List.of(new int[] {layout == 0 ? 1 : 0}, new int[] {2});
                S v = new S(y, dims, groups);
                for (long[] perm : merged.perms()) v = transpose(v, perm);
                v = squeeze(v, new long[] {merged.axis()}, base);
                values.put(merged.output(), v);
                continue;
            }
            if (seq && dirs == 1 && !dir.equals("reverse")) { // its last step is the same layer's last state
                Map<String, Object> stateCfg = new LinkedHashMap<>(cfg);
                stateCfg.put("return_sequences", false);
                SymbolicTensor input = m.t();
                SymbolicTensor[] made = new SymbolicTensor[1];
                lastStates.put(y, () -> {
                    if (made[0] == null) {
                        Layer st = layer(LayerRegistry.fromConfig(type, stateCfg), base + "_last");
                        weights.add(Map.entry(st, ws));
                        made[0] = input.then(st);
                    }
                    return made[0];
                });
            }
            if (seq) {
                // Y: (seq, dirs, batch, hidden) for layout 0, (batch, seq, dirs, hidden) for layout 1
                int[] dims = layout == 0 ? new int[] {t, dirs, -1, h} : new int[] {-1, t, dirs, h};
                int ax = layout == 0 ? 2 : 0, sx = layout == 0 ? 0 : 1, dx = layout == 0 ? 1 : 2;
                outs.set(
                        0,
                        new S(
                                y,
                                dims,
                                List.of(new int[] {ax}, new int[] {sx}, dirs == 2 ? new int[] {dx, 3} : new int[] {3}),
                                dir.equals("reverse") ? sx : -1)); // go_backwards: Nabla's steps run last to first
            } else {
                int[] dims = layout == 0 ? new int[] {dirs, -1, h} : new int[] {-1, dirs, h};
                int ax = layout == 0 ? 1 : 0, dx = layout == 0 ? 0 : 1;
                outs.set(1, new S(y, dims, List.of(new int[] {ax}, dirs == 2 ? new int[] {dx, 2} : new int[] {2})));
            }
        }
        return outs;
    }

    /** A reduction over a bidirectional output's direction axis: the merge mode, the Transposes before it. */
    private record Merged(String mode, List<long[]> perms, int axis, String output) {}

    /**
     * Whether {@code value} (a bidirectional op's output, direction axis {@code dirAxis}) is only used through
     * Transposes by a ReduceSum, ReduceProd or ReduceMean over the direction axis (as Nabla exports Bidirectional's
     * sum, mul and ave modes); null otherwise.
     */
    private Merged mergedDirections(String value, int dirAxis, int rank) throws ModelFileException {
        List<long[]> perms = new ArrayList<>();
        String v = value;
        int ax = dirAxis;
        for (int guard = 0; guard < 16; guard++) {
            if (consumers.getOrDefault(v, 0) != 1) return null;
            OnnxMl.NodeProto c = consumerOf(v);
            if (c == null) return null;
            Attrs a = new Attrs(c);
            switch (c.getOpType()) {
                case "Transpose" -> {
                    long[] p = a.ints("perm");
                    if (p == null || p.length != rank) return null;
                    perms.add(p);
                    for (int i = 0; i < p.length; i++)
                        if (p[i] == ax) {
                            ax = i;
                            break;
                        }
                    v = c.getOutput(0);
                }
                case "ReduceSum", "ReduceProd", "ReduceMean" -> {
                    long[] axes = a.ints("axes");
                    if (axes == null && c.getInputCount() > 1) {
                        Const k = constNamed(c.getInput(1));
                        axes = k == null ? null : k.asLongs();
                    }
                    if (axes == null || axes.length != 1 || (axes[0] < 0 ? axes[0] + rank : axes[0]) != ax) return null;
                    if (a.i("keepdims", 1) != 0) return null;
                    String mode = switch (c.getOpType()) {
                        case "ReduceSum" -> "sum";
                        case "ReduceProd" -> "mul";
                        default -> "ave";
                    };
                    return new Merged(mode, perms, ax, c.getOutput(0));
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private OnnxMl.NodeProto consumerOf(String value) {
        for (OnnxMl.NodeProto n : nodes) if (n.getInputList().contains(value)) return n;
        return null;
    }

    /** Nabla's kernel, recurrent kernel, bias (and peepholes) for direction {@code d} of ONNX's W, R, B, P. */
    private static List<NDArray> directionWeights(
            String op, boolean resetAfter, Const w, Const r, Const b, Const p, int d, int h, int f) {
        int[] order =
                op.equals("LSTM") ? new int[] {0, 2, 3, 1} : op.equals("GRU") ? new int[] {0, 1, 2} : new int[] {0};
        // order[nablaBlock] = onnxBlock: Nabla i f c o <- ONNX i o f c
        int g = order.length;
        float[] wf = w.asFloats(), rf = r.asFloats();
        List<NDArray> out = new ArrayList<>();
        out.add(NDArray.wrap(columns(wf, d * g * h * f, order, h, f), Shape.of(f, g * h)));
        out.add(NDArray.wrap(columns(rf, d * g * h * h, order, h, h), Shape.of(h, g * h)));
        if (b != null) {
            float[] bf = b.asFloats();
            int off = d * 2 * g * h;
            if (op.equals("GRU") && resetAfter) {
                float[] two = new float[2 * g * h];
                System.arraycopy(bf, off, two, 0, 2 * g * h);
                out.add(NDArray.wrap(two, Shape.of(2, g * h)));
            } else {
                float[] sum = new float[g * h];
                for (int nb = 0; nb < g; nb++)
                    for (int j = 0; j < h; j++)
                        sum[nb * h + j] = bf[off + order[nb] * h + j] + bf[off + g * h + order[nb] * h + j];
                out.add(NDArray.wrap(sum, Shape.of(g * h)));
            }
        }
        if (p != null) {
            float[] pf = p.asFloats();
            int off = d * 3 * h; // ONNX P: i, o, f; Nabla: input, forget, output
            out.add(NDArray.wrap(Arrays.copyOfRange(pf, off, off + h), Shape.of(h)));
            out.add(NDArray.wrap(Arrays.copyOfRange(pf, off + 2 * h, off + 3 * h), Shape.of(h)));
            out.add(NDArray.wrap(Arrays.copyOfRange(pf, off + h, off + 2 * h), Shape.of(h)));
        }
        return out;
    }

    /** ONNX's (gates·h, in) block rows → Nabla's (in, gates·h) columns, Nabla block nb from ONNX block order[nb]. */
    private static float[] columns(float[] src, int off, int[] order, int h, int in) {
        int g = order.length;
        float[] out = new float[in * g * h];
        for (int nb = 0; nb < g; nb++)
            for (int j = 0; j < h; j++) {
                int row = order[nb] * h + j;
                for (int k = 0; k < in; k++) out[k * g * h + nb * h + j] = src[off + row * in + k];
            }
        return out;
    }
}
