package nabla.onnx;

import static nabla.onnx.GraphWriter.attr;
import static nabla.onnx.GraphWriter.ints;
import static nabla.onnx.GraphWriter.strings;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.nn.Parameter;
import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.nn.activation.PReLU;
import nabla.nn.activation.Softmax;
import nabla.nn.conv.Conv1D;
import nabla.nn.conv.Conv2D;
import nabla.nn.conv.ZeroPadding2D;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.nn.core.GaussianNoise;
import nabla.nn.core.Permute;
import nabla.nn.core.RepeatVector;
import nabla.nn.core.Reshape;
import nabla.nn.merge.Dot;
import nabla.nn.merge.Merge;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.normalization.LayerNormalization;
import nabla.nn.pool.AveragePooling1D;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.GlobalAveragePooling2D;
import nabla.nn.pool.GlobalMaxPooling1D;
import nabla.nn.pool.GlobalMaxPooling2D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.recurrent.Bidirectional;
import nabla.nn.recurrent.GRU;
import nabla.nn.recurrent.LSTM;
import nabla.nn.recurrent.Recurrent;
import nabla.nn.recurrent.SimpleRNN;
import nabla.nn.recurrent.TimeDistributed;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Writes a Nabla model as an ONNX graph. Nabla's arrays are channels-last; ONNX's Conv and pooling ops are
 * channels-first. Every value here carries its layout: a convolution's input is transposed to channels-first only if
 * it is not already, its output stays channels-first through the ops that do not care (activations, pooling, batch
 * normalization, padding, elementwise merges), and a Transpose back to channels-last is made once per value, where an
 * op needs Nabla's order (Dense, Flatten, Reshape, a graph output). The graph's inputs and outputs are in Nabla's
 * layout, so the same arrays feed both.
 */
final class OnnxExporter {
    static final int OPSET = 17;
    static final int IR_VERSION = 8;

    /** A value of the graph: its ONNX name, its Nabla per-sample shape, and whether ONNX holds it channels-first. */
    record V(String name, Shape shape, boolean cf, boolean masked) {
        V with(String n) {
            return new V(n, shape, cf, masked);
        }
    }

    private final GraphWriter g = new GraphWriter();
    private final List<String> unsupported = new ArrayList<>();
    private final Map<String, V> clCache = new HashMap<>();
    private final Map<String, V> cfCache = new HashMap<>();
    private final Map<Parameter, Map<String, String>> weights = new IdentityHashMap<>();

    /** The model as an ONNX ModelProto, or an exception listing every layer that has no ONNX form. */
    static OnnxMl.ModelProto export(Model model, String target, Onnx.ExportOptions options)
            throws OnnxUnsupportedException {
        return new OnnxExporter().run(model, target, options);
    }

    private OnnxMl.ModelProto run(Model model, String target, Onnx.ExportOptions options)
            throws OnnxUnsupportedException {
        List<String> inNames = model.inputNames(), outNames = model.outputNames();
        List<Shape> inShapes;
        if (model instanceof Functional f) inShapes = f.inputShapes();
        else if (model instanceof Sequential s) {
            if (!s.isBuilt())
                throw new IllegalArgumentException("Onnx.export: the Sequential model '" + s.name()
                        + "' is not built; call build(...) or fit it first");
            inShapes = List.of(s.inputShape());
        } else
            throw new OnnxUnsupportedException(
                    target,
                    List.of(model.name() + " (" + model.getClass().getSimpleName() + ")"),
                    "only Sequential and Functional models can be exported");
        for (String n : inNames) g.reserve(n);
        for (String n : outNames) g.reserve(n);
        List<V> ins = new ArrayList<>();
        for (int i = 0; i < inNames.size(); i++) ins.add(new V(inNames.get(i), inShapes.get(i), false, false));
        List<V> outs = emitModel(model, ins, "");
        if (!unsupported.isEmpty())
            throw new OnnxUnsupportedException(
                    target, unsupported, "these layers have no ONNX form in this exporter, so nothing was written");
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(options.graphName());
        for (V in : ins) graph.addInput(valueInfo(in.name(), in.shape(), options.batchDimension()));
        for (int i = 0; i < outs.size(); i++) {
            V o = cl(outs.get(i));
            g.addNode("Identity", outNames.get(i), List.of(o.name()), List.of(outNames.get(i)));
            graph.addOutput(valueInfo(outNames.get(i), o.shape(), options.batchDimension()));
        }
        graph.addAllNode(g.nodes).addAllInitializer(g.initializers);
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("nabla")
                .setProducerVersion(Onnx.PRODUCER_VERSION)
                .setModelVersion(1)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, Shape sample, String batch) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (int d : sample.dims())
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                                .setShape(s)))
                .build();
    }

    // ---- models

    private List<V> emitModel(Model m, List<V> ins, String scope) {
        if (m instanceof Sequential s) {
            V cur = ins.getFirst();
            for (Layer l : s.layers()) cur = emit(l, List.of(cur), scope).getFirst();
            return List.of(cur);
        }
        if (!(m instanceof Functional f)) {
            unsupported.add(scope + m.name() + " (" + m.getClass().getSimpleName() + ")");
            return placeholders(m, ins);
        }
        Map<SymbolicTensor, V> values = new IdentityHashMap<>();
        for (int i = 0; i < f.inputs().size(); i++) {
            V in = ins.get(i);
            values.put(f.inputs().get(i), new V(in.name(), in.shape(), in.cf(), false)); // no mask enters a model
        }
        // nodes already emitted: layer -> (input tensors, outputs), so that each node runs once
        Map<Layer, List<Map.Entry<List<SymbolicTensor>, List<V>>>> done = new IdentityHashMap<>();
        Deque<SymbolicTensor> stack = new ArrayDeque<>();
        for (SymbolicTensor o : f.outputs().reversed()) stack.push(o);
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.peek();
            if (values.containsKey(t)) {
                stack.pop();
                continue;
            }
            List<V> known = find(done, t);
            if (known != null) {
                values.put(t, known.get(t.outputIndex()));
                stack.pop();
                continue;
            }
            boolean ready = true;
            for (SymbolicTensor p : t.producerInputs().reversed())
                if (!values.containsKey(p)) {
                    stack.push(p);
                    ready = false;
                }
            if (!ready) continue;
            stack.pop();
            List<V> in = new ArrayList<>();
            for (SymbolicTensor p : t.producerInputs()) in.add(values.get(p));
            List<V> out = emit(t.producer(), in, scope);
            done.computeIfAbsent(t.producer(), k -> new ArrayList<>()).add(Map.entry(t.producerInputs(), out));
            values.put(t, out.get(t.outputIndex()));
        }
        List<V> outs = new ArrayList<>();
        for (SymbolicTensor o : f.outputs()) {
            V v = values.get(o);
            outs.add(new V(v.name(), v.shape(), v.cf(), false));
        }
        return outs;
    }

    private static List<V> find(Map<Layer, List<Map.Entry<List<SymbolicTensor>, List<V>>>> done, SymbolicTensor t) {
        List<Map.Entry<List<SymbolicTensor>, List<V>>> l = done.get(t.producer());
        if (l == null) return null;
        outer:
        for (Map.Entry<List<SymbolicTensor>, List<V>> e : l) {
            if (e.getKey().size() != t.producerInputs().size()) continue;
            for (int i = 0; i < e.getKey().size(); i++)
                if (e.getKey().get(i) != t.producerInputs().get(i)) continue outer;
            return e.getValue();
        }
        return null;
    }

    private List<V> placeholders(Layer l, List<V> ins) {
        List<Shape> shapes = new ArrayList<>();
        for (V v : ins) shapes.add(v.shape());
        List<V> out = new ArrayList<>();
        for (Shape s : l.outputShapes(shapes)) out.add(new V(g.fresh("unsupported"), s, false, false));
        return out;
    }

    // ---- layouts

    /** {@code v} in Nabla's channels-last order. */
    private V cl(V v) {
        if (!v.cf()) return v;
        return clCache.computeIfAbsent(v.name(), k -> {
            int r = v.shape().rank();
            long[] perm = new long[r + 1];
            for (int i = 1; i < r; i++) perm[i] = i + 1;
            perm[r] = 1;
            String n = g.node("Transpose", v.name() + "_nhwc", List.of(v.name()), ints("perm", perm));
            return new V(n, v.shape(), false, v.masked());
        });
    }

    /** {@code v} channels-first: (batch, channels, spatial...). */
    private V cf(V v) {
        if (v.cf()) return v;
        return cfCache.computeIfAbsent(v.name(), k -> {
            int r = v.shape().rank();
            long[] perm = new long[r + 1];
            perm[1] = r;
            for (int i = 2; i <= r; i++) perm[i] = i - 1;
            String n = g.node("Transpose", v.name() + "_nchw", List.of(v.name()), ints("perm", perm));
            V out = new V(n, v.shape(), true, v.masked());
            clCache.put(n, v);
            return out;
        });
    }

    // ---- weights

    /** The initializer of {@code p} transformed by {@code kind} (once per weight, so shared layers share it). */
    private String weight(
            Parameter p, String scopeName, String kind, java.util.function.Supplier<float[]> data, long... dims) {
        return weights.computeIfAbsent(p, k -> new HashMap<>())
                .computeIfAbsent(kind, k -> g.floats(scopeName, dims, data.get()));
    }

    private String plain(Layer l, String key, String scope) {
        Parameter p = param(l, key);
        long[] dims = longs(p.shape().dims());
        return weight(p, scope + l.name() + "." + key, "plain", () -> p.value().toArray(), dims);
    }

    private static Parameter param(Layer l, String key) {
        Parameter p = l.namedWeights().get(key);
        if (p == null) throw new IllegalStateException(l.describe() + " has no weight '" + key + "'");
        return p;
    }

    private static long[] longs(int[] d) {
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) l[i] = d[i];
        return l;
    }

    // ---- layers

    private List<V> emit(Layer l, List<V> in, String scope) {
        String base = scope + l.name();
        V x = in.getFirst();
        try {
            return switch (l) {
                case Model m -> emitModel(m, in, scope + m.name() + "/");
                case Dense d -> List.of(dense(d, x, base, scope));
                case ActivationLayer a -> List.of(act(a.activation(), x, base));
                case ELU e -> List.of(same(x, g.node("Elu", base, List.of(x.name()), attr("alpha", e.alpha()))));
                case LeakyReLU r ->
                    List.of(same(x, g.node("LeakyRelu", base, List.of(x.name()), attr("alpha", r.negativeSlope()))));
                case PReLU p -> {
                    V c = cl(x);
                    yield List.of(same(c, g.node("PRelu", base, List.of(c.name(), plain(p, "alpha", scope)))));
                }
                case Dropout d -> List.of(x);
                case GaussianNoise n -> List.of(x);
                case Flatten f -> {
                    V c = cl(x);
                    if (c.shape().rank() == 1) yield List.of(c);
                    yield List.of(new V(
                            g.node("Flatten", base, List.of(c.name()), attr("axis", 1L)),
                            f.outputShape(c.shape()),
                            false,
                            false));
                }
                case Reshape r -> List.of(reshape(cl(x), r.outputShape(x.shape()), base));
                case Permute p -> {
                    V c = cl(x);
                    int[] dims = p.dims();
                    long[] perm = new long[dims.length + 1];
                    for (int i = 0; i < dims.length; i++) perm[i + 1] = dims[i];
                    yield List.of(new V(
                            g.node("Transpose", base, List.of(c.name()), ints("perm", perm)),
                            p.outputShape(c.shape()),
                            false,
                            c.masked()));
                }
                case Embedding e -> {
                    V c = cl(x);
                    String ids = g.node("Cast", base + "_ids", List.of(c.name()), attr("to", 7L));
                    String y = g.node("Gather", base, List.of(plain(e, "embeddings", scope), ids), attr("axis", 0L));
                    yield List.of(new V(y, e.outputShape(c.shape()), false, e.maskZero()));
                }
                case Conv2D c -> List.of(conv(c, x, base, scope, 2));
                case Conv1D c -> List.of(conv(c, x, base, scope, 1));
                case MaxPooling2D p -> List.of(pool(p, "MaxPool", x, base, 2));
                case MaxPooling1D p -> List.of(pool(p, "MaxPool", x, base, 1));
                case AveragePooling2D p -> List.of(pool(p, "AveragePool", x, base, 2));
                case AveragePooling1D p -> List.of(pool(p, "AveragePool", x, base, 1));
                case GlobalAveragePooling1D p -> List.of(globalPool(false, x, base));
                case GlobalAveragePooling2D p -> List.of(globalPool(false, x, base));
                case GlobalMaxPooling1D p -> List.of(globalPool(true, x, base));
                case GlobalMaxPooling2D p -> List.of(globalPool(true, x, base));
                case ZeroPadding2D z -> List.of(zeroPad(z, x, base));
                case BatchNormalization b -> List.of(batchNorm(b, x, base, scope));
                case LayerNormalization n -> List.of(layerNorm(n, x, base, scope));
                case Softmax s -> {
                    V c = cl(x);
                    if (c.masked())
                        throw new Unsupported("a padding mask reaches it (the exported graph carries no masks)");
                    int rank = c.shape().rank() + 1;
                    long axis = s.axis() < 0 ? s.axis() + rank : s.axis();
                    yield List.of(new V(
                            g.node("Softmax", base, List.of(c.name()), attr("axis", axis)), c.shape(), false, false));
                }
                case RepeatVector r -> {
                    V c = cl(x);
                    Shape out = r.outputShape(c.shape());
                    String u = reshape(c, Shape.of(1, c.shape().dim(0)), base + "_unsqueeze")
                            .name();
                    String y = g.node("Expand", base, List.of(u, g.longs(base + "_repeats", 1, r.n(), 1)));
                    yield List.of(new V(y, out, false, false));
                }
                case Merge m -> List.of(merge(m, in, base));
                case Dot d -> List.of(dot(d, in, base));
                case Recurrent<?> r -> List.of(recurrent(r, x, base));
                case Bidirectional b -> List.of(bidirectional(b, x, base));
                case TimeDistributed t -> List.of(timeDistributed(t, x, base, scope));
                default -> {
                    unsupported.add(base + " (" + l.getClass().getSimpleName() + ")");
                    yield placeholders(l, in);
                }
            };
        } catch (Unsupported u) {
            unsupported.add(base + " (" + l.getClass().getSimpleName() + ": " + u.getMessage() + ")");
            return placeholders(l, in);
        }
    }

    /** A layer setting this exporter cannot express; the message says which. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private static V same(V x, String name) {
        return new V(name, x.shape(), x.cf(), false);
    }

    private V dense(Dense d, V x, String base, String scope) {
        V c = cl(x);
        String y = g.node("MatMul", base + "_matmul", List.of(c.name(), plain(d, "kernel", scope)));
        if (d.namedWeights().containsKey("bias"))
            y = g.node("Add", base + "_bias", List.of(y, plain(d, "bias", scope)));
        return act(d.activation(), new V(y, d.outputShape(c.shape()), false, false), base);
    }

    /** {@code a} applied to {@code x}, in x's layout (softmax over the channel axis). */
    private V act(Activation a, V x, String base) {
        List<String> in = List.of(x.name());
        String y = switch (a) {
            case LINEAR -> x.name();
            case RELU -> g.node("Relu", base, in);
            case SIGMOID -> g.node("Sigmoid", base, in);
            case TANH -> g.node("Tanh", base, in);
            case SOFTMAX -> g.node("Softmax", base, in, attr("axis", x.cf() ? 1L : -1L));
            case ELU -> g.node("Elu", base, in, attr("alpha", 1f));
            case SELU ->
                g.node("Selu", base, in, attr("alpha", 1.6732632423543772f), attr("gamma", 1.0507009873554805f));
            case SOFTPLUS -> g.node("Softplus", base, in);
            case SOFTSIGN -> g.node("Softsign", base, in);
            case HARD_SIGMOID -> g.node("HardSigmoid", base, in, attr("alpha", 1f / 6), attr("beta", 0.5f));
            case SWISH -> g.node("Mul", base, List.of(x.name(), g.node("Sigmoid", base + "_sigmoid", in)));
            case LEAKY_RELU -> g.node("LeakyRelu", base, in, attr("alpha", 0.2f));
            case GELU -> {
                // exact GELU: x·(1 + erf(x/√2))/2 (ONNX has no Gelu op before opset 20)
                String e = g.node(
                        "Erf",
                        base + "_erf",
                        List.of(g.node("Div", base + "_scaled", List.of(x.name(), g.scalar(base + "_sqrt2", (float)
                                Math.sqrt(2))))));
                String one = g.node("Add", base + "_1p", List.of(e, g.scalar(base + "_one", 1f)));
                String h = g.node("Mul", base + "_half", List.of(x.name(), g.scalar(base + "_half", 0.5f)));
                yield g.node("Mul", base, List.of(h, one));
            }
        };
        return new V(y, x.shape(), x.cf(), x.masked());
    }

    private V reshape(V c, Shape target, String base) {
        long[] dims = new long[target.rank() + 1];
        for (int i = 0; i < target.rank(); i++) dims[i + 1] = target.dim(i);
        String y = g.node("Reshape", base, List.of(c.name(), g.longs(base + "_shape", dims)));
        return new V(y, target, false, false);
    }

    private static int[] intList(Object o) {
        List<?> l = (List<?>) o;
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).intValue();
        return a;
    }

    /** ONNX pads (begins then ends) for a window op on Nabla's spatial sizes; null-safe for VALID. */
    private static long[] pads(Padding p, Shape in, int rank, int[] k, int[] s, int[] d) {
        long[] pads = new long[2 * rank];
        switch (p) {
            case Padding.Valid v -> {}
            case Padding.Same sm -> {
                for (int i = 0; i < rank; i++) {
                    int size = in.dim(i), out = (size + s[i] - 1) / s[i];
                    int eff = (k[i] - 1) * d[i] + 1;
                    int total = Math.max((out - 1) * s[i] + eff - size, 0);
                    pads[i] = total / 2;
                    pads[i + rank] = total - total / 2;
                }
            }
            case Padding.Explicit e -> {
                if (rank == 2) {
                    pads[0] = e.top();
                    pads[1] = e.left();
                    pads[2] = e.bottom();
                    pads[3] = e.right();
                } else {
                    pads[0] = e.left();
                    pads[1] = e.right();
                }
            }
        }
        return pads;
    }

    private V conv(Layer c, V x, String base, String scope, int rank) {
        Map<String, Object> cfg = c.config();
        int[] k = intList(cfg.get("kernel_size")),
                s = intList(cfg.get("strides")),
                d = intList(cfg.get("dilation_rate"));
        Padding pad = c instanceof Conv2D c2 ? c2.padding() : ((Conv1D) c).padding();
        Activation act = c instanceof Conv2D c2 ? c2.activation() : ((Conv1D) c).activation();
        V in = cf(x);
        Parameter kp = param(c, "kernel");
        int[] kd = kp.shape().dims(); // (k..., in, out)
        int cin = kd[rank], cout = kd[rank + 1];
        long[] wd = rank == 2 ? new long[] {cout, cin, k[0], k[1]} : new long[] {cout, cin, k[0]};
        String w = weight(
                kp,
                scope + c.name() + ".kernel",
                "oihw",
                () -> (rank == 2 ? kp.value().permute(3, 2, 0, 1) : kp.value().permute(2, 1, 0)).toArray(),
                wd);
        List<String> ins = new ArrayList<>(List.of(in.name(), w));
        if (c.namedWeights().containsKey("bias")) ins.add(plain(c, "bias", scope));
        String y = g.node(
                "Conv",
                base,
                ins,
                ints("kernel_shape", k),
                ints("strides", s),
                ints("dilations", d),
                ints("pads", pads(pad, x.shape(), rank, k, s, d)),
                attr("group", 1L));
        return act(act, new V(y, c.outputShape(x.shape()), true, false), base + "_act");
    }

    private V pool(Layer p, String op, V x, String base, int rank) {
        Map<String, Object> cfg = p.config();
        int[] k = intList(cfg.get("pool_size")), s = intList(cfg.get("strides"));
        int[] ones = new int[rank];
        java.util.Arrays.fill(ones, 1);
        Padding pad = Padding.fromConfig((String) cfg.get("padding"));
        V in = cf(x);
        List<OnnxMl.AttributeProto> a = new ArrayList<>(List.of(
                ints("kernel_shape", k), ints("strides", s), ints("pads", pads(pad, x.shape(), rank, k, s, ones))));
        if (op.equals("AveragePool")) a.add(attr("count_include_pad", 0L));
        String y = g.node(op, base, List.of(in.name()), a.toArray(OnnxMl.AttributeProto[]::new));
        return new V(y, p.outputShape(x.shape()), true, false);
    }

    private V globalPool(boolean max, V x, String base) {
        Shape out = Shape.of(x.shape().last());
        if (x.cf()) {
            String y = g.node(max ? "GlobalMaxPool" : "GlobalAveragePool", base, List.of(x.name()));
            return new V(g.node("Flatten", base + "_flat", List.of(y), attr("axis", 1L)), out, false, false);
        }
        long[] axes = new long[x.shape().rank() - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
        String y = g.node(
                max ? "ReduceMax" : "ReduceMean", base, List.of(x.name()), ints("axes", axes), attr("keepdims", 0L));
        return new V(y, out, false, false);
    }

    private V zeroPad(ZeroPadding2D z, V x, String base) {
        List<?> p = (List<?>) z.config().get("padding");
        int[] tb = intList(p.get(0)), lr = intList(p.get(1));
        long[] pads = x.cf()
                ? new long[] {0, 0, tb[0], lr[0], 0, 0, tb[1], lr[1]}
                : new long[] {0, tb[0], lr[0], 0, 0, tb[1], lr[1], 0};
        String y = g.node("Pad", base, List.of(x.name(), g.longs(base + "_pads", pads)), attr("mode", "constant"));
        return new V(y, z.outputShape(x.shape()), x.cf(), false);
    }

    private V batchNorm(BatchNormalization b, V x, String base, String scope) {
        Map<String, Object> cfg = b.config();
        int axis = ((Number) cfg.get("axis")).intValue();
        int rank = x.shape().rank() + 1;
        if (axis != -1 && axis != rank - 1)
            throw new Unsupported("axis " + axis + " is not the last; only features-last normalization exports");
        float eps = ((Number) cfg.get("epsilon")).floatValue();
        V in = x.shape().rank() == 1 ? x : cf(x);
        int c = x.shape().last();
        float[] ones = new float[c], zeros = new float[c];
        java.util.Arrays.fill(ones, 1f);
        Map<String, Parameter> w = b.namedWeights();
        String gamma =
                w.containsKey("gamma") ? plain(b, "gamma", scope) : g.floats(base + ".gamma", new long[] {c}, ones);
        String beta = w.containsKey("beta") ? plain(b, "beta", scope) : g.floats(base + ".beta", new long[] {c}, zeros);
        String y = g.node(
                "BatchNormalization",
                base,
                List.of(in.name(), gamma, beta, plain(b, "moving_mean", scope), plain(b, "moving_variance", scope)),
                attr("epsilon", eps));
        return new V(y, x.shape(), in.cf(), false);
    }

    /** ONNX LayerNormalization (opset 17) over the last axis, gamma and beta as its Scale and B (ones, zeros). */
    private V layerNorm(LayerNormalization n, V x, String base, String scope) {
        V c = cl(x);
        int rank = c.shape().rank() + 1;
        if (n.axis() != -1 && n.axis() != rank - 1)
            throw new Unsupported("axis " + n.axis() + " is not the last; only last-axis normalization exports");
        int f = c.shape().last();
        float[] ones = new float[f];
        java.util.Arrays.fill(ones, 1f);
        Map<String, Parameter> w = n.namedWeights();
        String gamma =
                w.containsKey("gamma") ? plain(n, "gamma", scope) : g.floats(base + ".gamma", new long[] {f}, ones);
        String beta = w.containsKey("beta")
                ? plain(n, "beta", scope)
                : g.floats(base + ".beta", new long[] {f}, new float[f]);
        String y = g.node(
                "LayerNormalization",
                base,
                List.of(c.name(), gamma, beta),
                attr("axis", -1L),
                attr("epsilon", n.epsilon()));
        return new V(y, c.shape(), false, c.masked());
    }

    /**
     * Keras' Dot as one MatMul: the first input as (batch, r1, n) with the contracted axis last, the second as
     * (batch, n, r2), the product reshaped to the layer's output; normalize divides each input by
     * √max(Σx², 1e-12) along its contracted axis first.
     */
    private V dot(Dot d, List<V> in, String base) {
        if (in.size() != 2) throw new Unsupported("expected 2 inputs, got " + in.size());
        V a = cl(in.get(0)), b = cl(in.get(1));
        Shape out = d.outputShape(List.of(a.shape(), b.shape()));
        int[] axes = d.axes();
        int a1 = axes[0] < 0 ? axes[0] + a.shape().rank() + 1 : axes[0];
        int a2 = axes[1] < 0 ? axes[1] + b.shape().rank() + 1 : axes[1];
        String l = a.name(), r = b.name();
        if (d.normalize()) {
            l = l2Normalize(l, a1, base + "_norm1");
            r = l2Normalize(r, a2, base + "_norm2");
        }
        if (a.shape().rank() == 1)
            l = reshape(new V(l, a.shape(), false, false), Shape.of(1, a.shape().dim(0)), base + "_lhs")
                    .name();
        else if (a1 == 1) l = g.node("Transpose", base + "_lhs", List.of(l), ints("perm", 0, 2, 1));
        if (b.shape().rank() == 1)
            r = reshape(new V(r, b.shape(), false, false), Shape.of(b.shape().dim(0), 1), base + "_rhs")
                    .name();
        else if (a2 == 2) r = g.node("Transpose", base + "_rhs", List.of(r), ints("perm", 0, 2, 1));
        String y = g.node("MatMul", base + "_matmul", List.of(l, r));
        return reshape(new V(y, out, false, false), out, base);
    }

    private String l2Normalize(String x, int axis, String base) {
        String ss = g.node("ReduceSumSquare", base + "_ss", List.of(x), ints("axes", axis), attr("keepdims", 1L));
        String clamped =
                g.node("Max", base + "_clamp", List.of(ss, g.floats(base + "_eps", new long[0], new float[] {1e-12f})));
        return g.node("Div", base, List.of(x, g.node("Sqrt", base + "_norm", List.of(clamped))));
    }

    private V merge(Merge m, List<V> in, String base) {
        Map<String, Object> cfg = m.config();
        int rank = in.getFirst().shape().rank();
        boolean allCf = rank >= 2;
        for (V v : in) allCf &= v.cf();
        int axis = m.mode() == Merge.Mode.CONCATENATE ? ((Number) cfg.get("axis")).intValue() : -1;
        int last = rank; // Keras counts the batch axis
        if (m.mode() == Merge.Mode.CONCATENATE && axis != -1 && axis != last) allCf = false;
        List<String> names = new ArrayList<>();
        boolean masked = false;
        for (V v : in) {
            names.add(allCf ? cf(v).name() : cl(v).name());
            masked |= v.masked();
        }
        List<Shape> shapes = new ArrayList<>();
        for (V v : in) shapes.add(v.shape());
        Shape out = m.outputShape(shapes);
        String y = names.getFirst();
        switch (m.mode()) {
            case ADD -> {
                for (int i = 1; i < names.size(); i++) y = g.node("Add", base, List.of(y, names.get(i)));
            }
            case AVERAGE -> y = g.node("Mean", base, names);
            case SUBTRACT -> y = g.node("Sub", base, names);
            case MULTIPLY -> {
                for (int i = 1; i < names.size(); i++) y = g.node("Mul", base, List.of(y, names.get(i)));
            }
            case MAXIMUM -> {
                for (int i = 1; i < names.size(); i++) y = g.node("Max", base, List.of(y, names.get(i)));
            }
            case MINIMUM -> {
                for (int i = 1; i < names.size(); i++) y = g.node("Min", base, List.of(y, names.get(i)));
            }
            case CONCATENATE -> y = g.node("Concat", base, names, attr("axis", allCf ? 1L : (long) axis));
        }
        if (names.size() == 1 && m.mode() != Merge.Mode.AVERAGE && m.mode() != Merge.Mode.CONCATENATE)
            y = g.node("Identity", base, names);
        return new V(y, out, allCf, masked);
    }

    // ---- recurrent layers

    /** ONNX's name of a recurrent activation, or an Unsupported. */
    private static String rnnAct(String kerasName) {
        return switch (kerasName) {
            case "tanh" -> "Tanh";
            case "sigmoid" -> "Sigmoid";
            case "relu" -> "Relu";
            case "softsign" -> "Softsign";
            case "softplus" -> "Softplus";
            default ->
                throw new Unsupported("the activation '" + kerasName
                        + "' has no parameter-free ONNX recurrent form (tanh, sigmoid, relu, softsign, softplus do)");
        };
    }

    /** Rows of {@code k} (in, gates·u) transposed to (gates·u, in), gate blocks reordered: block b of the result is
     * block {@code order[b]} of {@code k}. */
    private static float[] gateRows(NDArray k, int[] order, int u) {
        int in = k.dim(0), cols = k.dim(1);
        float[] src = k.toArray(), out = new float[src.length];
        for (int b = 0; b < order.length; b++)
            for (int j = 0; j < u; j++) {
                int row = b * u + j, col = order[b] * u + j;
                for (int f = 0; f < in; f++) out[row * in + f] = src[f * cols + col];
            }
        return out;
    }

    private static float[] reorder(float[] v, int[] order, int u) {
        float[] out = new float[order.length * u];
        for (int b = 0; b < order.length; b++) System.arraycopy(v, order[b] * u, out, b * u, u);
        return out;
    }

    /** One direction's W, R, B and P (null when absent) in ONNX's layouts. */
    private record Dir(float[] w, float[] r, float[] b, float[] p) {}

    private static Dir direction(Map<String, Object> cfg, Map<String, Parameter> w, String prefix, String kind, int u) {
        int[] order = switch (kind) {
            case "LSTM" -> new int[] {0, 3, 1, 2}; // Nabla/Keras i f c o -> ONNX i o f c
            case "GRU" -> new int[] {0, 1, 2}; // z r h in both
            default -> new int[] {0};
        };
        int gates = order.length;
        float[] wk = gateRows(w.get(prefix + "kernel").value(), order, u);
        float[] rk = gateRows(w.get(prefix + "recurrent_kernel").value(), order, u);
        float[] b = null;
        Parameter bias = w.get(prefix + "bias");
        if (bias != null) {
            b = new float[2 * gates * u];
            float[] bv = bias.value().toArray();
            if (kind.equals("GRU") && Boolean.TRUE.equals(cfg.get("reset_after"))) {
                System.arraycopy(bv, 0, b, 0, 2 * gates * u); // (2, 3u): input bias, recurrent bias
            } else System.arraycopy(reorder(bv, order, u), 0, b, 0, gates * u);
        }
        float[] p = null;
        if (kind.equals("LSTM") && Boolean.TRUE.equals(cfg.get("use_peepholes"))) {
            p = new float[3 * u]; // ONNX: i, o, f
            System.arraycopy(
                    w.get(prefix + "input_gate_peephole_weights").value().toArray(), 0, p, 0, u);
            System.arraycopy(
                    w.get(prefix + "output_gate_peephole_weights").value().toArray(), 0, p, u, u);
            System.arraycopy(
                    w.get(prefix + "forget_gate_peephole_weights").value().toArray(), 0, p, 2 * u, u);
        }
        return new Dir(wk, rk, b, p);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = new float[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * The ONNX recurrent node for {@code r} (and, for a Bidirectional layer, its backward copy {@code back}):
     * returns {Y, Y_h} names in ONNX's seq-first layout.
     */
    private List<String> rnnNode(Recurrent<?> r, Map<String, Parameter> w, boolean bi, V x, String base) {
        Map<String, Object> cfg = r.config();
        String kind = switch (r) {
            case LSTM l -> "LSTM";
            case GRU gr -> "GRU";
            case SimpleRNN s -> "RNN";
            default -> throw new Unsupported("not an LSTM, GRU or SimpleRNN");
        };
        if (x.masked())
            throw new Unsupported("a padding mask (Embedding with mask_zero) reaches it; ONNX's recurrent ops take"
                    + " trailing sequence lengths, not Keras masks");
        int u = r.units();
        List<String> acts = new ArrayList<>();
        String act = (String) cfg.get("activation");
        String recAct = (String) cfg.getOrDefault("recurrent_activation", "sigmoid");
        boolean defaults;
        switch (kind) {
            case "LSTM" -> {
                acts.addAll(List.of(rnnAct(recAct), rnnAct(act), rnnAct(act)));
                defaults = recAct.equals("sigmoid") && act.equals("tanh");
            }
            case "GRU" -> {
                acts.addAll(List.of(rnnAct(recAct), rnnAct(act)));
                defaults = recAct.equals("sigmoid") && act.equals("tanh");
            }
            default -> {
                acts.add(rnnAct(act));
                defaults = act.equals("tanh");
            }
        }
        int gates = kind.equals("LSTM") ? 4 : kind.equals("GRU") ? 3 : 1;
        int in = x.shape().last();
        Dir f = direction(cfg, w, bi ? "forward_" : "", kind, u);
        Dir b = bi ? direction(cfg, w, "backward_", kind, u) : null;
        int dirs = bi ? 2 : 1;
        String wn = g.floats(base + ".W", new long[] {dirs, (long) gates * u, in}, bi ? concat(f.w(), b.w()) : f.w());
        String rn = g.floats(base + ".R", new long[] {dirs, (long) gates * u, u}, bi ? concat(f.r(), b.r()) : f.r());
        List<String> ins = new ArrayList<>(List.of(
                g.node("Transpose", base + "_seq_first", List.of(cl(x).name()), ints("perm", 1, 0, 2)), wn, rn));
        if (f.b() != null)
            ins.add(g.floats(base + ".B", new long[] {dirs, 2L * gates * u}, bi ? concat(f.b(), b.b()) : f.b()));
        else ins.add("");
        if (f.p() != null) {
            ins.add(""); // sequence_lens
            ins.add(""); // initial_h
            ins.add(""); // initial_c
            ins.add(g.floats(base + ".P", new long[] {dirs, 3L * u}, bi ? concat(f.p(), b.p()) : f.p()));
        }
        while (ins.getLast().isEmpty()) ins.removeLast();
        List<OnnxMl.AttributeProto> a = new ArrayList<>();
        a.add(attr("hidden_size", (long) u));
        boolean back = Boolean.TRUE.equals(cfg.get("go_backwards"));
        a.add(attr("direction", bi ? "bidirectional" : back ? "reverse" : "forward"));
        if (!defaults) {
            List<String> all = new ArrayList<>(acts);
            if (bi) all.addAll(acts);
            a.add(strings("activations", all));
        }
        if (kind.equals("GRU"))
            a.add(attr("linear_before_reset", Boolean.TRUE.equals(cfg.get("reset_after")) ? 1L : 0L));
        return g.nodeN(kind, base, 2, ins, a.toArray(OnnxMl.AttributeProto[]::new));
    }

    private V recurrent(Recurrent<?> r, V x, String base) {
        List<String> yh = rnnNode(r, r.namedWeights(), false, x, base);
        Shape out = r.outputShape(x.shape());
        boolean seq = r.returnSequences();
        if (!seq) {
            String y = g.node("Squeeze", base + "_last", List.of(yh.get(1), g.longs(base + "_axes", 0)));
            return new V(y, out, false, false);
        }
        String y = g.node("Squeeze", base + "_steps", List.of(yh.get(0), g.longs(base + "_axes", 1)));
        if (r.goBackwards()) // Keras' order: the output steps run last to first
        y = g.node(
                "Slice",
                base + "_reversed",
                List.of(
                        y,
                        g.longs(base + "_starts", -1),
                        g.longs(base + "_ends", Long.MIN_VALUE),
                        g.longs(base + "_axes0", 0),
                        g.longs(base + "_steps_", -1)));
        y = g.node("Transpose", base + "_batch_first", List.of(y), ints("perm", 1, 0, 2));
        return new V(y, out, false, x.masked());
    }

    private V bidirectional(Bidirectional b, V x, String base) {
        Map<String, Object> cfg = b.config();
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) ((Map<String, Object>) cfg.get("layer")).get("config");
        String mode = (String) cfg.get("merge_mode");
        if (Boolean.TRUE.equals(inner.get("go_backwards")))
            throw new Unsupported("the wrapped layer goes backwards; ONNX's bidirectional op runs it forwards");
        Recurrent<?> fwd = forwardLayer(b);
        List<String> yh = rnnNode(fwd, b.namedWeights(), true, x, base);
        Shape out = b.outputShape(x.shape());
        int u = fwd.units();
        boolean seq = Boolean.TRUE.equals(inner.get("return_sequences"));
        String y;
        long dirAxis;
        if (seq) {
            y = g.node("Transpose", base + "_batch_first", List.of(yh.get(0)), ints("perm", 2, 0, 1, 3));
            dirAxis = 2;
        } else {
            y = g.node("Transpose", base + "_batch_first", List.of(yh.get(1)), ints("perm", 1, 0, 2));
            dirAxis = 1;
        }
        y = switch (mode) {
            case "concat" ->
                g.node(
                        "Reshape",
                        base + "_concat",
                        List.of(y, seq ? g.longs(base + "_shape", 0, 0, 2L * u) : g.longs(base + "_shape", 0, 2L * u)));
            case "sum" ->
                g.node("ReduceSum", base + "_sum", List.of(y, g.longs(base + "_axes", dirAxis)), attr("keepdims", 0L));
            case "mul" -> g.node("ReduceProd", base + "_mul", List.of(y), ints("axes", dirAxis), attr("keepdims", 0L));
            case "ave" -> g.node("ReduceMean", base + "_ave", List.of(y), ints("axes", dirAxis), attr("keepdims", 0L));
            default -> throw new Unsupported("merge mode " + mode);
        };
        return new V(y, out, false, seq && x.masked());
    }

    /** The forward layer of a Bidirectional, rebuilt from its config (for its settings only, not its weights). */
    private static Recurrent<?> forwardLayer(Bidirectional b) {
        @SuppressWarnings("unchecked")
        Map<String, Object> layer = (Map<String, Object>) b.config().get("layer");
        Map<String, Object> config = (Map<String, Object>) layer.get("config");
        Layer l = nabla.io.LayerRegistry.fromConfig((String) layer.get("class_name"), config);
        return (Recurrent<?>) l;
    }

    private V timeDistributed(TimeDistributed t, V x, String base, String scope) {
        Layer inner = t.layer();
        V c = cl(x);
        Shape out = t.outputShape(c.shape());
        if (inner instanceof Dense d) { // MatMul broadcasts over the steps
            V y = dense(d, c, base, scope + t.name() + "/");
            return new V(y.name(), out, false, x.masked());
        }
        if (inner instanceof Flatten || inner instanceof Reshape) // per step: the batch and step axes stay
        return new V(
                    g.node("Reshape", base, List.of(c.name(), g.longs(base + "_shape", withLeading(0, out)))),
                    out,
                    false,
                    x.masked());
        Shape step = c.shape().dropFirst();
        String fixed = g.node(
                "Reshape", base + "_merge", List.of(c.name(), g.longs(base + "_merge_shape", withLeading(-1, step))));
        V flat = new V(fixed, step, false, false); // (batch·steps, ...)
        V y = cl(emit(inner, List.of(flat), scope + t.name() + "/").getFirst());
        long[] dims = withLeading(-1, out);
        String back = g.node("Reshape", base, List.of(y.name(), g.longs(base + "_shape", dims)));
        return new V(back, out, false, x.masked());
    }

    private static long[] withLeading(long first, Shape s) {
        long[] d = new long[s.rank() + 1];
        d[0] = first;
        for (int i = 0; i < s.rank(); i++) d[i + 1] = s.dim(i);
        return d;
    }
}
