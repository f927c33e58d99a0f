package nabla.keras;

import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import nabla.losses.Loss;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.activation.Softmax;
import nabla.nn.attention.DenseAttention;
import nabla.nn.attention.MultiHeadAttention;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Writes Nabla models as Keras 3 {@code .keras} archives (laid out as Keras 3's {@code saving_lib} does: stored zip
 * entries {@code metadata.json}, {@code config.json}, {@code model.weights.h5} with a {@code vars} group per saveable
 * object, named by snake-cased class) and as TF.js layers models ({@code model.json} with the legacy Keras topology
 * and one little-endian float32 shard). What a format cannot express is collected and reported in one
 * {@link IllegalArgumentException}, before anything is written.
 *
 * <p>jHDF 0.13.0's {@code WritableHdfFile} writes its trailing "jHDF" info string at the channel position left by the
 * last dataset's data, which overwrites an empty group's object header written after it (h5py then reports "bad
 * object header version number"); Keras 3 files have many empty {@code vars} groups. So the file is written here with
 * jHDF's own public pieces ({@code WritableGroupImpl}, {@code HdfFileChannel}, {@code Superblock.SuperblockV2V3}) and
 * the same steps minus that string: the root group, then the superblock with the end-of-file address.
 */
final class KerasExport {
    enum Target {
        KERAS3,
        TFJS
    }

    static final String SHARD = "group1-shard1of1.bin";
    private static final String KERAS_VERSION = "3.10.0";

    private final Target target;
    private final List<String> problems = new ArrayList<>();

    private KerasExport(Target target) {
        this.target = target;
    }

    // ---- entry points ---------------------------------------------------------------------------------------

    static void saveKeras3(Model model, Path path) throws IOException {
        requireSavable(model, path);
        KerasExport x = new KerasExport(Target.KERAS3);
        Map<String, Object> config = x.modelObject(model, true);
        Map<String, Object> compile = x.compileConfigK3(model);
        if (compile != null) config.put("compile_config", compile);
        List<Map.Entry<String, List<NDArray>>> groups = new ArrayList<>();
        x.k3Groups(model, "", groups);
        x.fail(path);
        byte[] weights = hdf5(groups, path);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("keras_version", KERAS_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            stored(zip, "metadata.json", KerasJson.write(meta));
            stored(zip, "config.json", KerasJson.write(config));
            stored(zip, "model.weights.h5", weights);
        }
        atomicWrite(path, zipBytes.toByteArray());
    }

    static void saveTfjs(Model model, Path path) throws IOException {
        requireSavable(model, path);
        KerasExport x = new KerasExport(Target.TFJS);
        Map<String, Object> topology = x.modelObject(model, true);
        topology.put("keras_version", "tfjs-layers 4.22.0");
        topology.put("backend", "tensor_flow.js");
        Map<String, Object> training = x.trainingConfigTfjs(model);
        List<Map<String, Object>> specs = new ArrayList<>();
        List<NDArray> values = new ArrayList<>();
        x.tfjsWeights(model, specs, values);
        x.fail(path);
        long bytes = 0;
        for (NDArray v : values) bytes += 4L * v.size();
        if (bytes > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("Keras.save: " + path + ": the weights take " + bytes
                    + " bytes, more than one TF.js shard of 2 GiB that Nabla writes");
        ByteBuffer shard = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (NDArray v : values) for (float f : v.toArray()) shard.putFloat(f);
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("paths", List.of(SHARD));
        group.put("weights", specs);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("modelTopology", topology);
        root.put("format", "layers-model");
        root.put("generatedBy", "Nabla");
        root.put("convertedBy", null);
        root.put("weightsManifest", List.of(group));
        if (training != null) root.put("trainingConfig", training);
        Path dir = path.toAbsolutePath().getParent();
        atomicWrite(dir.resolve(SHARD), shard.array());
        atomicWrite(path, KerasJson.write(root));
    }

    private static void requireSavable(Model model, Path path) {
        if (!(model instanceof Sequential) && !(model instanceof Functional))
            throw new IllegalArgumentException("Keras.save: " + path + ": only Sequential and Functional models can be"
                    + " written as Keras models, got " + model.describe());
        if (!model.isBuilt())
            throw new IllegalStateException("Keras.save: " + path + ": " + model.describe()
                    + " is not built yet; build it first (fit, predict or build(...))");
    }

    private void fail(Path path) {
        if (!problems.isEmpty())
            throw new IllegalArgumentException("Keras.save: " + path + " cannot hold "
                    + (problems.size() == 1 ? "a part" : problems.size() + " parts") + " of this model, so nothing was"
                    + " written: " + String.join("; ", problems));
    }

    // ---- topology -------------------------------------------------------------------------------------------

    private static List<Object> batchShape(Shape s) {
        List<Object> b = new ArrayList<>();
        b.add(null);
        for (int d : s.dims()) b.add((long) d);
        return b;
    }

    private static Map<String, Object> dtypePolicy() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("module", "keras");
        p.put("class_name", "DTypePolicy");
        p.put("config", Map.of("name", "float32"));
        p.put("registered_name", null);
        return p;
    }

    /** A model as a layer object: {class_name, config} (+ module, registered_name, build_config for Keras 3). */
    private Map<String, Object> modelObject(Model model, boolean top) {
        if (model instanceof Sequential s) return sequential(s);
        return functional((Functional) model);
    }

    private Map<String, Object> sequential(Sequential s) {
        Shape in = s.inputShape();
        List<Object> layers = new ArrayList<>();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", s.name());
        if (target == Target.KERAS3) {
            cfg.put("trainable", s.isTrainable());
            cfg.put("dtype", dtypePolicy());
            Map<String, Object> ic = new LinkedHashMap<>();
            ic.put("batch_shape", batchShape(in));
            ic.put("dtype", "float32");
            ic.put("sparse", false);
            ic.put("ragged", false);
            ic.put("name", s.name() + "_input");
            ic.put("optional", false);
            layers.add(k3Object("InputLayer", ic, null));
        }
        Shape cur = in;
        boolean first = true;
        for (Layer l : s.layers()) {
            Map<String, Object> obj = layerObject(l, List.of(cur));
            if (first && target == Target.TFJS && obj.get("config") instanceof Map<?, ?> c) {
                @SuppressWarnings("unchecked")
                Map<String, Object> mc = (Map<String, Object>) c;
                if (obj.get("class_name").equals("Sequential")
                        || obj.get("class_name").equals("Model"))
                    problems.add("layer '" + l.name() + "' (" + l.type() + "): a nested model as the first layer of a"
                            + " Sequential (TF.js needs the input shape on the first layer)");
                else mc.put("batch_input_shape", batchShape(in));
                mc.put("dtype", "float32");
            }
            layers.add(obj);
            first = false;
            try {
                cur = l.outputShape(cur);
            } catch (IllegalArgumentException e) {
                problems.add("layer '" + l.name() + "': " + e.getMessage());
            }
        }
        cfg.put("layers", layers);
        if (target == Target.KERAS3) {
            cfg.put("build_input_shape", batchShape(in));
            return k3Object("Sequential", cfg, List.of(batchShape(in)), "keras", null);
        }
        return legacyObject("Sequential", cfg);
    }

    private Map<String, Object> functional(Functional f) {
        Map<String, Object> spec = f.config();
        Map<String, Object> graph = KerasImport.asMap(spec.get("graph"));
        Map<String, Shape> inputShapes = new LinkedHashMap<>();
        for (int i = 0; i < f.inputNames().size(); i++)
            inputShapes.put(f.inputNames().get(i), f.inputShapes().get(i));
        Map<String, Layer> byName = new HashMap<>();
        for (Layer l : f.layers()) byName.put(l.name(), l);
        // each producer's node outputs' shapes, in node order
        Map<String, List<List<Shape>>> shapes = new HashMap<>();
        inputShapes.forEach((n, s) -> shapes.put(n, List.of(List.of(s))));
        Map<String, List<List<List<Object>>>> inbound = new LinkedHashMap<>();
        for (Object o : (List<?>) graph.get("nodes")) {
            Map<String, Object> node = KerasImport.asMap(o);
            String name = (String) node.get("layer");
            List<List<Object>> refs = new ArrayList<>();
            List<Shape> in = new ArrayList<>();
            for (Object r : (List<?>) node.get("inbound")) {
                List<?> ref = (List<?>) r;
                String p = (String) ref.get(0);
                int ni = (int) (long) (Long) ref.get(1), ti = (int) (long) (Long) ref.get(2);
                in.add(shapes.get(p).get(ni).get(ti));
                refs.add(List.of(p, (long) ni, (long) ti));
            }
            shapes.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(byName.get(name).outputShapes(in));
            inbound.computeIfAbsent(name, k -> new ArrayList<>()).add(refs);
            node.put("_in", in);
        }
        List<Object> layers = new ArrayList<>();
        for (Map.Entry<String, Shape> e : inputShapes.entrySet()) {
            Map<String, Object> ic = new LinkedHashMap<>();
            ic.put(target == Target.KERAS3 ? "batch_shape" : "batch_input_shape", batchShape(e.getValue()));
            ic.put("dtype", "float32");
            ic.put("sparse", false);
            if (target == Target.KERAS3) {
                ic.put("ragged", false);
                ic.put("name", e.getKey());
                ic.put("optional", false);
            } else ic.put("name", e.getKey());
            Map<String, Object> obj =
                    target == Target.KERAS3 ? k3Object("InputLayer", ic, null) : legacyObject("InputLayer", ic);
            obj.put("name", e.getKey());
            obj.put("inbound_nodes", List.of());
            layers.add(obj);
        }
        Map<String, List<Shape>> firstInputs = new HashMap<>();
        for (Object o : (List<?>) graph.get("nodes")) {
            Map<String, Object> node = KerasImport.asMap(o);
            @SuppressWarnings("unchecked")
            List<Shape> in = (List<Shape>) node.get("_in");
            firstInputs.putIfAbsent((String) node.get("layer"), in);
        }
        for (Layer l : f.layers()) {
            Map<String, Object> obj = layerObject(l, firstInputs.get(l.name()));
            obj.put("name", l.name());
            List<Object> nodes = new ArrayList<>();
            for (List<List<Object>> refs : inbound.getOrDefault(l.name(), List.of())) {
                if (target == Target.KERAS3) {
                    List<Object> tensors = new ArrayList<>();
                    for (List<Object> r : refs) {
                        String p = (String) r.get(0);
                        int ni = (int) (long) (Long) r.get(1), ti = (int) (long) (Long) r.get(2);
                        Map<String, Object> tc = new LinkedHashMap<>();
                        tc.put("shape", batchShape(shapes.get(p).get(ni).get(ti)));
                        tc.put("dtype", "float32");
                        tc.put("keras_history", List.of(p, (long) ni, (long) ti));
                        Map<String, Object> t = new LinkedHashMap<>();
                        t.put("class_name", "__keras_tensor__");
                        t.put("config", tc);
                        tensors.add(t);
                    }
                    Map<String, Object> n = new LinkedHashMap<>();
                    // MultiHeadAttention is called as mha(query, value[, key]); other layers take one list
                    boolean positional = l instanceof MultiHeadAttention;
                    n.put("args", tensors.size() == 1 || positional ? tensors : List.of(tensors));
                    n.put("kwargs", l instanceof Model ? mapOfNull("mask") : callOptions(l));
                    nodes.add(n);
                } else {
                    List<Object> n = new ArrayList<>();
                    for (List<Object> r : refs) {
                        String p = (String) r.get(0);
                        long ni = (Long) r.get(1);
                        if (byName.get(p) instanceof Model) ni += 1; // legacy: a nested model's node 0 is its own
                        n.add(List.of(p, ni, r.get(2), Map.of()));
                    }
                    nodes.add(n);
                }
            }
            obj.put("inbound_nodes", nodes);
            layers.add(obj);
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", f.name());
        cfg.put("trainable", f.isTrainable());
        cfg.put("layers", layers);
        List<Object> ins = new ArrayList<>(), outs = new ArrayList<>();
        for (String n : f.inputNames()) ins.add(List.of(n, 0L, 0L));
        for (Object r : (List<?>) graph.get("outputs")) {
            List<?> ref = (List<?>) r;
            long ni = (Long) ref.get(1);
            if (target == Target.TFJS && byName.get((String) ref.get(0)) instanceof Model) ni += 1;
            outs.add(List.of(ref.get(0), ni, ref.get(2)));
        }
        if (target == Target.KERAS3) {
            cfg.put("input_layers", ins.size() == 1 ? ins.getFirst() : ins);
            cfg.put("output_layers", outs.size() == 1 ? outs.getFirst() : outs);
            Map<String, Object> obj = new LinkedHashMap<>();
            obj.put("module", "keras.src.models.functional");
            obj.put("class_name", "Functional");
            obj.put("config", cfg);
            obj.put("registered_name", "Functional");
            return obj;
        }
        cfg.put("input_layers", ins);
        cfg.put("output_layers", outs);
        return legacyObject("Model", cfg);
    }

    /** The Keras call-time options an attention layer keeps as settings (use_causal_mask, ...), as node kwargs. */
    private static Map<String, Object> callOptions(Layer l) {
        Map<String, Object> kw = new LinkedHashMap<>();
        if (l instanceof DenseAttention || l instanceof MultiHeadAttention) {
            Map<String, Object> c = l.config();
            for (String k : List.of("use_causal_mask", "return_attention_scores"))
                if (Boolean.TRUE.equals(c.get(k))) kw.put(k, true);
        }
        return kw;
    }

    private static Map<String, Object> mapOfNull(String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, null);
        return m;
    }

    private static Map<String, Object> legacyObject(String cls, Map<String, Object> cfg) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("class_name", cls);
        o.put("config", cfg);
        return o;
    }

    private static Map<String, Object> k3Object(String cls, Map<String, Object> cfg, Object buildShape) {
        return k3Object(cls, cfg, buildShape, "keras.layers", null);
    }

    private static Map<String, Object> k3Object(
            String cls, Map<String, Object> cfg, Object buildShape, String module, String registered) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("module", module);
        o.put("class_name", cls);
        o.put("config", cfg);
        o.put("registered_name", registered);
        if (buildShape != null) o.put("build_config", Map.of("input_shape", buildShape));
        return o;
    }

    /** One layer as a Keras layer object, given the shapes of its (first node's) inputs. */
    private Map<String, Object> layerObject(Layer l, List<Shape> in) {
        if (l instanceof Model m) {
            Map<String, Object> o = modelObject(m, false);
            if (target == Target.KERAS3 && !(m instanceof Sequential)) o.remove("build_config");
            return o;
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", l.name());
        cfg.put("trainable", l.isTrainable());
        cfg.put("dtype", target == Target.KERAS3 ? dtypePolicy() : "float32");
        String cls =
                layerConfig(l.type(), l.savedConfig(), "layer '" + l.name() + "' (" + l.type() + ")", cfg, l.name());
        if (target == Target.TFJS && l instanceof Softmax s && in != null && !in.isEmpty()) {
            // tfjs 4 computes a softmax over the last axis only (it throws for another)
            int rank = in.getFirst().rank() + 1, ax = s.axis() < 0 ? s.axis() + rank : s.axis();
            if (ax == rank - 1) cfg.put("axis", -1);
            else
                problems.add("layer '" + l.name() + "' (Softmax): axis " + s.axis() + " of input "
                        + in.getFirst().withLeading("batch") + " (TF.js computes a softmax over the last axis only)");
        }
        if (target == Target.TFJS) return legacyObject(cls, cfg);
        Object build = null;
        if (in != null && !in.isEmpty()) {
            if (in.size() == 1) build = batchShape(in.getFirst());
            else {
                List<Object> b = new ArrayList<>();
                for (Shape s : in) b.add(batchShape(s));
                build = b;
            }
        }
        Map<String, Object> obj = k3Object(cls, cfg, build);
        if (l instanceof MultiHeadAttention && build instanceof List<?> shapes) {
            // Keras 3 builds it as build(query_shape, value_shape, key_shape): a shapes_dict, not one input_shape
            Map<String, Object> sd = new LinkedHashMap<>();
            String[] names = {"query_shape", "value_shape", "key_shape"};
            for (int i = 0; i < shapes.size() && i < 3; i++) sd.put(names[i], shapes.get(i));
            obj.put("build_config", Map.of("shapes_dict", sd));
        }
        return obj;
    }

    /** Nabla config {@code nc} of type {@code type} into Keras config {@code out}; returns the Keras class name. */
    @SuppressWarnings("unchecked")
    private String layerConfig(String type, Map<String, Object> nc, String who, Map<String, Object> out, String name) {
        boolean k3 = target == Target.KERAS3;
        switch (type) {
            case "Dense" -> {
                put(out, nc, "units", "activation", "use_bias", "kernel_initializer", "bias_initializer");
                activation(out, who, "activation");
            }
            case "Conv1D", "Conv2D" -> {
                put(out, nc, "filters", "kernel_size", "strides", "padding");
                out.put("data_format", "channels_last");
                put(out, nc, "dilation_rate");
                if (k3) out.put("groups", 1L);
                put(out, nc, "activation", "use_bias", "kernel_initializer", "bias_initializer");
                activation(out, who, "activation");
                padding(out, who);
            }
            case "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D" -> {
                put(out, nc, "pool_size", "padding", "strides");
                out.put("data_format", "channels_last");
                padding(out, who);
            }
            case "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D" -> {
                out.put("data_format", "channels_last");
                if (k3) out.put("keepdims", false);
            }
            case "ZeroPadding2D" -> {
                put(out, nc, "padding");
                out.put("data_format", "channels_last");
            }
            case "Flatten" -> out.put("data_format", "channels_last");
            case "Reshape" -> put(out, nc, "target_shape");
            case "Dropout" -> {
                put(out, nc, "rate");
                Object ns = nc.get("noise_shape");
                if (ns instanceof List<?> l) {
                    List<Object> n = new ArrayList<>();
                    for (Object x : l) n.add(x instanceof Number v && v.longValue() == -1 ? null : x);
                    out.put("noise_shape", n);
                } else out.put("noise_shape", null);
                out.put("seed", null);
            }
            case "GaussianNoise" -> {
                put(out, nc, "stddev");
                if (k3) out.put("seed", null);
            }
            case "Activation" -> {
                put(out, nc, "activation");
                activation(out, who, "activation");
            }
            case "Embedding" -> put(out, nc, "input_dim", "output_dim", "embeddings_initializer", "mask_zero");
            case "BatchNormalization" -> put(out, nc, "axis", "momentum", "epsilon", "center", "scale");
            case "LayerNormalization" -> {
                put(out, nc, "axis", "epsilon", "center", "scale");
                if (k3) out.put("rms_scaling", false);
            }
            case "Softmax" -> put(out, nc, "axis");
            case "RepeatVector" -> put(out, nc, "n");
            case "Permute" -> put(out, nc, "dims");
            case "Dot" -> put(out, nc, "axes", "normalize");
            case "LeakyReLU" -> out.put(k3 ? "negative_slope" : "alpha", nc.get("negative_slope"));
            case "ELU" -> put(out, nc, "alpha");
            case "PReLU" -> {
                put(out, nc, "alpha_initializer");
                Object s = nc.get("shared_axes");
                out.put("shared_axes", s instanceof List<?> l && !l.isEmpty() ? s : null);
            }
            case "SimpleRNN", "LSTM", "GRU" -> {
                put(out, nc, "units", "activation");
                if (!type.equals("SimpleRNN")) put(out, nc, "recurrent_activation");
                put(out, nc, "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer");
                if (type.equals("LSTM")) {
                    put(out, nc, "unit_forget_bias");
                    if (Boolean.TRUE.equals(nc.get("use_peepholes")))
                        problems.add(who + ": peephole connections (Keras' LSTM has none)");
                }
                put(out, nc, "dropout", "recurrent_dropout");
                if (type.equals("GRU")) {
                    put(out, nc, "reset_after");
                    if (!k3 && Boolean.TRUE.equals(nc.get("reset_after")))
                        problems.add(who + ": reset_after=true (TF.js builds only the reset-before GRU)");
                }
                put(out, nc, "return_sequences");
                out.put("return_state", false);
                put(out, nc, "go_backwards");
                out.put("stateful", false);
                out.put("unroll", false);
                if (k3) out.put("seed", null);
                activation(out, who, "activation");
                activation(out, who, "recurrent_activation");
            }
            case "Bidirectional", "TimeDistributed" -> {
                Map<String, Object> inner = (Map<String, Object>) nc.get("layer");
                String it = (String) inner.get("class_name");
                Map<String, Object> icfg = (Map<String, Object>) inner.get("config");
                String innerName = name + "_" + Naming.snake(it);
                if (type.equals("Bidirectional")) {
                    out.put("merge_mode", nc.get("merge_mode"));
                    if (k3) {
                        boolean seq = Boolean.TRUE.equals(icfg.get("return_sequences"));
                        for (String dir : List.of("forward", "backward")) {
                            Map<String, Object> c = innerConfig(it, icfg, who, dir + "_" + innerName);
                            if (dir.equals("backward")) c.put("go_backwards", true);
                            c.put("zero_output_for_mask", seq);
                            out.put(dir.equals("forward") ? "layer" : "backward_layer", k3Object(it, c, null));
                        }
                    } else out.put("layer", legacyObject(it, innerConfig(it, icfg, who, innerName)));
                } else {
                    Map<String, Object> c = innerConfig(it, icfg, who, innerName);
                    out.put("layer", k3 ? k3Object(it, c, null) : legacyObject(it, c));
                }
            }
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> {}
            case "Concatenate" -> put(out, nc, "axis");
            case "Attention", "AdditiveAttention", "MultiHeadAttention" -> {
                if (!k3) {
                    problems.add(who + ": TF.js 4 has no " + type + " layer");
                    return type;
                }
                if (type.equals("MultiHeadAttention")) {
                    put(out, nc, "num_heads", "key_dim", "value_dim", "dropout", "use_bias");
                    out.put("output_shape", nc.get("output_shape") == null ? null : List.of(nc.get("output_shape")));
                    out.put("attention_axes", null);
                    out.put("kernel_initializer", "glorot_uniform");
                    out.put("bias_initializer", "zeros");
                } else put(out, nc, "use_scale", "score_mode", "dropout");
            }
            default -> {
                problems.add(who + ": the layer type has no Keras equivalent that Nabla writes");
                return type;
            }
        }
        // initializers and weight options in Keras' object form
        for (Map.Entry<String, Object> e : new ArrayList<>(out.entrySet()))
            if (e.getKey().endsWith("_initializer") && e.getValue() instanceof String s)
                out.put(e.getKey(), initializer(s));
        for (Map.Entry<String, Object> e : nc.entrySet()) {
            String k = e.getKey();
            if (!(e.getValue() instanceof String s)) continue;
            if (k.endsWith("_regularizer")) out.put(k, regularizer(s, who + ": " + k));
            else if (k.endsWith("_constraint")) out.put(k, constraint(s, who + ": " + k));
        }
        return type;
    }

    private Map<String, Object> innerConfig(String type, Map<String, Object> icfg, String who, String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", true);
        c.put("dtype", target == Target.KERAS3 ? dtypePolicy() : "float32");
        layerConfig(type, icfg, who + " inner " + type, c, name);
        return c;
    }

    private static void put(Map<String, Object> out, Map<String, Object> nc, String... keys) {
        for (String k : keys) if (nc.containsKey(k)) out.put(k, nc.get(k));
    }

    private void padding(Map<String, Object> out, String who) {
        Object p = out.get("padding");
        if (p != null && !p.equals("valid") && !p.equals("same"))
            problems.add(who + ": padding " + ImportLayers.show(p) + " (Keras has 'valid' and 'same' here)");
    }

    private void activation(Map<String, Object> out, String who, String key) {
        if (!(out.get(key) instanceof String a)) return;
        boolean ok = switch (a) {
            case "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "softsign", "swish" -> true;
            // Nabla's are Keras 3's; TF.js's hard_sigmoid is clip(0.2x + 0.5) and it has no leaky_relu / exact gelu
            // name
            case "hard_sigmoid", "leaky_relu", "gelu" -> target == Target.KERAS3;
            default -> false;
        };
        if (!ok)
            problems.add(who + ": " + key + " '" + a + "'"
                    + (target == Target.TFJS ? " (TF.js lacks it or computes it differently)" : ""));
    }

    /** Nabla's initializer names ("glorot_uniform", "random_uniform(-0.05,0.05)") as Keras objects. */
    private Map<String, Object> initializer(String s) {
        String n = s, args = "";
        int p = s.indexOf('(');
        if (p > 0 && s.endsWith(")")) {
            n = s.substring(0, p);
            args = s.substring(p + 1, s.length() - 1);
        }
        String[] a = args.isEmpty() ? new String[0] : args.split(",");
        Map<String, Object> c = new LinkedHashMap<>();
        String cls;
        switch (n) {
            case "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal" -> {
                cls = camel(n);
                c.put("seed", null);
            }
            case "zeros" -> cls = "Zeros";
            case "ones" -> cls = "Ones";
            case "constant" -> {
                cls = "Constant";
                c.put("value", num(a, 0, 0));
            }
            case "random_uniform", "uniform" -> {
                cls = "RandomUniform";
                c.put("minval", num(a, 0, -0.05));
                c.put("maxval", num(a, 1, 0.05));
                c.put("seed", null);
            }
            case "random_normal", "normal" -> {
                cls = "RandomNormal";
                c.put("mean", num(a, 0, 0));
                c.put("stddev", num(a, 1, 0.05));
                c.put("seed", null);
            }
            case "orthogonal" -> {
                cls = "Orthogonal";
                c.put("gain", num(a, 0, 1));
                c.put("seed", null);
            }
            case "identity" -> {
                cls = "Identity";
                c.put("gain", num(a, 0, 1));
            }
            default -> { // "custom" or unknown: the weights are in the file, any initializer describes them
                cls = "GlorotUniform";
                c.put("seed", null);
            }
        }
        return target == Target.KERAS3 ? k3Object(cls, c, null, "keras.initializers", null) : legacyObject(cls, c);
    }

    private static double num(String[] a, int i, double d) {
        return i < a.length ? Double.parseDouble(a[i].trim()) : d;
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        for (String part : snake.split("_"))
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return b.toString();
    }

    private Map<String, Object> regularizer(String s, String who) {
        String[] na = nameArgs(s);
        double l1 = 0, l2 = 0;
        switch (na[0]) {
            case "l1" -> l1 = na.length > 1 ? Double.parseDouble(na[1]) : 0.01;
            case "l2" -> l2 = na.length > 1 ? Double.parseDouble(na[1]) : 0.01;
            case "l1_l2", "l1l2" -> {
                l1 = na.length > 1 ? Double.parseDouble(na[1]) : 0.01;
                l2 = na.length > 2 ? Double.parseDouble(na[2]) : 0.01;
            }
            default -> problems.add(who + " '" + s + "'");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        String cls;
        if (target == Target.TFJS || (l1 != 0 && l2 != 0)) {
            cls = "L1L2";
            c.put("l1", l1);
            c.put("l2", l2);
        } else if (l1 != 0) {
            cls = "L1";
            c.put("l1", l1);
        } else {
            cls = "L2";
            c.put("l2", l2);
        }
        return target == Target.KERAS3 ? k3Object(cls, c, null, "keras.regularizers", null) : legacyObject(cls, c);
    }

    private Map<String, Object> constraint(String s, String who) {
        String[] na = nameArgs(s);
        Map<String, Object> c = new LinkedHashMap<>();
        String cls;
        switch (na[0]) {
            case "max_norm", "maxnorm" -> {
                cls = "MaxNorm";
                c.put("max_value", na.length > 1 ? Double.parseDouble(na[1]) : 2.0);
                List<Object> axes = new ArrayList<>();
                for (int i = 2; i < na.length; i++) axes.add(Long.parseLong(na[i]));
                c.put("axis", axes.isEmpty() ? 0L : axes.size() == 1 ? axes.getFirst() : axes);
            }
            case "non_neg", "nonneg" -> cls = "NonNeg";
            default -> {
                problems.add(who + " '" + s + "'");
                cls = "NonNeg";
            }
        }
        return target == Target.KERAS3 ? k3Object(cls, c, null, "keras.constraints", null) : legacyObject(cls, c);
    }

    private static String[] nameArgs(String s) {
        int p = s.indexOf('(');
        if (p < 0) return new String[] {s.trim()};
        String[] args = s.substring(p + 1, s.lastIndexOf(')')).split(",");
        String[] out = new String[args.length + 1];
        out[0] = s.substring(0, p).trim();
        for (int i = 0; i < args.length; i++) out[i + 1] = args[i].trim();
        return out;
    }

    // ---- compile settings -----------------------------------------------------------------------------------

    private static final Map<String, String> OPTIMIZER_CLASSES = Map.of(
            "adam", "Adam",
            "adamw", "AdamW",
            "sgd", "SGD",
            "rmsprop", "RMSprop",
            "adagrad", "Adagrad",
            "adadelta", "Adadelta",
            "nadam", "Nadam");

    private Map<String, Object> compileConfigK3(Model m) {
        Optimizer opt = m.optimizer();
        if (opt == null) return null;
        String cls = OPTIMIZER_CLASSES.get(opt.name());
        if (cls == null) {
            problems.add("compile: optimizer '" + opt.name() + "'");
            return null;
        }
        Map<String, Object> oc = new LinkedHashMap<>();
        oc.put("name", opt.name());
        for (Map.Entry<String, Object> e : opt.config().entrySet()) {
            if (e.getValue() instanceof Map<?, ?>)
                problems.add("compile: a learning-rate schedule (" + e.getKey() + ")");
            else oc.put(e.getKey(), e.getValue());
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", k3Object(cls, oc, null, "keras.optimizers", null));
        List<String> outs = m.outputNames();
        if (m.compiledShared()) {
            c.put("loss", lossObject(m.loss()));
            c.put("loss_weights", null);
            c.put("metrics", new ArrayList<>(m.metricNames()));
        } else {
            Map<String, Object> losses = new LinkedHashMap<>(),
                    weights = new LinkedHashMap<>(),
                    metrics = new LinkedHashMap<>();
            for (int i = 0; i < outs.size(); i++) {
                Loss l = m.losses().get(i);
                losses.put(outs.get(i), l == null ? null : lossObject(l));
                weights.put(outs.get(i), (double) m.lossWeights()[i]);
                metrics.put(outs.get(i), new ArrayList<>(m.outputMetricNames().get(i)));
            }
            c.put("loss", losses);
            c.put("loss_weights", weights);
            c.put("metrics", metrics);
        }
        c.put("weighted_metrics", null);
        c.put("run_eagerly", false);
        c.put("steps_per_execution", 1L);
        c.put("jit_compile", false);
        return c;
    }

    private Object lossObject(Loss l) {
        if (l == null) return null;
        Map<String, Object> cfg = l.config();
        if (cfg.isEmpty()) return l.name();
        String cls = switch (l.name()) {
            case "categorical_crossentropy" -> "CategoricalCrossentropy";
            case "sparse_categorical_crossentropy" -> "SparseCategoricalCrossentropy";
            case "binary_crossentropy" -> "BinaryCrossentropy";
            case "huber" -> "Huber";
            default -> null;
        };
        if (cls == null) {
            problems.add("compile: loss '" + l.name() + "' with settings " + cfg);
            return l.name();
        }
        return k3Object(cls, new LinkedHashMap<>(cfg), null, "keras.losses", null);
    }

    private Map<String, Object> trainingConfigTfjs(Model m) {
        Optimizer opt = m.optimizer();
        if (opt == null) return null;
        Map<String, Object> oc = opt.config(), c = new LinkedHashMap<>();
        String cls;
        switch (opt.name()) {
            case "adam" -> {
                cls = "Adam";
                c.put("learningRate", oc.get("learning_rate"));
                c.put("beta1", oc.get("beta_1"));
                c.put("beta2", oc.get("beta_2"));
                c.put("epsilon", oc.get("epsilon"));
                if (Boolean.TRUE.equals(oc.get("amsgrad"))) problems.add("compile: Adam with amsgrad (TF.js has none)");
            }
            case "sgd" -> {
                boolean momentum = oc.get("momentum") instanceof Number n && n.doubleValue() != 0;
                cls = momentum ? "Momentum" : "SGD";
                c.put("learningRate", oc.get("learning_rate"));
                if (momentum) {
                    c.put("momentum", oc.get("momentum"));
                    c.put("useNesterov", oc.get("nesterov"));
                }
            }
            case "rmsprop" -> {
                cls = "RMSProp";
                c.put("learningRate", oc.get("learning_rate"));
                c.put("decay", oc.get("rho"));
                c.put("momentum", oc.get("momentum"));
                c.put("epsilon", oc.get("epsilon"));
                c.put("centered", oc.get("centered"));
            }
            case "adagrad" -> {
                cls = "Adagrad";
                c.put("learningRate", oc.get("learning_rate"));
                c.put("initialAccumulatorValue", oc.get("initial_accumulator_value"));
            }
            case "adadelta" -> {
                cls = "Adadelta";
                c.put("learningRate", oc.get("learning_rate"));
                c.put("rho", oc.get("rho"));
                c.put("epsilon", oc.get("epsilon"));
            }
            default -> {
                problems.add("compile: optimizer '" + opt.name() + "' (TF.js has no such optimizer)");
                return null;
            }
        }
        for (String k :
                List.of("weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "gradient_accumulation_steps"))
            if (oc.get(k) != null && !(oc.get(k) instanceof Number n && n.doubleValue() == 0))
                problems.add("compile: optimizer option " + k + " (TF.js's optimizers have none)");
        for (Object v : c.values())
            if (v instanceof Map<?, ?>)
                problems.add("compile: a learning-rate schedule (TF.js has none in its config)");
        Map<String, Object> t = new LinkedHashMap<>();
        List<String> outs = m.outputNames();
        if (m.compiledShared()) {
            t.put("loss", tfjsLoss(m.loss()));
            t.put("metrics", new ArrayList<>(m.metricNames()));
        } else {
            Map<String, Object> losses = new LinkedHashMap<>();
            for (int i = 0; i < outs.size(); i++)
                losses.put(outs.get(i), tfjsLoss(m.losses().get(i)));
            t.put("loss", losses);
            List<String> all = new ArrayList<>();
            for (List<String> l : m.outputMetricNames()) for (String x : l) if (!all.contains(x)) all.add(x);
            t.put("metrics", all);
            List<Object> w = new ArrayList<>();
            for (float x : m.lossWeights()) w.add((double) x);
            t.put("loss_weights", w);
        }
        t.put("optimizer_config", legacyObject(cls, c));
        return t;
    }

    private Object tfjsLoss(Loss l) {
        if (l == null) return null;
        if (!l.config().isEmpty() && !l.config().values().stream().allMatch(v -> Boolean.FALSE.equals(v)))
            problems.add(
                    "compile: loss '" + l.name() + "' with settings " + l.config() + " (TF.js takes loss names only)");
        // the Python-style names, as tfjs's own model.save writes them (it converts them back when loading)
        return switch (l.name()) {
            case "mse" -> "mean_squared_error";
            case "mae" -> "mean_absolute_error";
            case "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy" -> l.name();
            default -> {
                problems.add("compile: loss '" + l.name() + "' (TF.js's layers API has no such loss)");
                yield l.name();
            }
        };
    }

    // ---- weights --------------------------------------------------------------------------------------------

    /** (group, values) pairs of Keras 3's weights file, in _save_state's visiting order. */
    private void k3Groups(Model m, String path, List<Map.Entry<String, List<NDArray>>> out) {
        out.add(Map.entry(path, List.of()));
        Map<String, Integer> used = new HashMap<>();
        List<String> bases = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        if (m instanceof Functional f)
            for (int i = 0; i < f.inputNames().size(); i++) {
                bases.add("input_layer");
                layers.add(null);
            }
        for (Layer l : m.layers()) {
            bases.add(Naming.snake(
                    l instanceof Model x ? (x instanceof Sequential ? "Sequential" : "Functional") : l.type()));
            layers.add(l);
        }
        for (int i = 0; i < bases.size(); i++) {
            String base = bases.get(i);
            int k = used.merge(base, 1, Integer::sum) - 1;
            String p = (path.isEmpty() ? "" : path + "/") + "layers/" + (k == 0 ? base : base + "_" + k);
            Layer l = layers.get(i);
            if (l == null) out.add(Map.entry(p, List.of()));
            else if (l instanceof Model nested) k3Groups(nested, p, out);
            else {
                List<NDArray> w = new ArrayList<>();
                for (Parameter q : l.parameters()) w.add(q.value());
                switch (l.type()) {
                    case "SimpleRNN", "LSTM", "GRU" -> {
                        out.add(Map.entry(p, List.of()));
                        out.add(Map.entry(p + "/cell", w));
                    }
                    case "Bidirectional" -> {
                        out.add(Map.entry(p, List.of()));
                        int half = w.size() / 2;
                        out.add(Map.entry(p + "/backward_layer", List.of()));
                        out.add(Map.entry(p + "/backward_layer/cell", w.subList(half, w.size())));
                        out.add(Map.entry(p + "/forward_layer", List.of()));
                        out.add(Map.entry(p + "/forward_layer/cell", w.subList(0, half)));
                    }
                    case "TimeDistributed" -> {
                        out.add(Map.entry(p, List.of()));
                        Object inner =
                                KerasImport.asMap(l.savedConfig().get("layer")).get("class_name");
                        if (List.of("SimpleRNN", "LSTM", "GRU").contains(inner)) {
                            out.add(Map.entry(p + "/layer", List.of()));
                            out.add(Map.entry(p + "/layer/cell", w));
                        } else out.add(Map.entry(p + "/layer", w));
                    }
                    case "MultiHeadAttention" -> {
                        out.add(Map.entry(p, List.of()));
                        int per = ((MultiHeadAttention) l).useBias() ? 2 : 1;
                        String[] subs = {"_query_dense", "_key_dense", "_value_dense", "_output_dense"};
                        for (int s = 0; s < 4; s++)
                            out.add(Map.entry(p + "/" + subs[s], w.subList(s * per, (s + 1) * per)));
                    }
                    default -> out.add(Map.entry(p, w));
                }
            }
        }
    }

    private void tfjsWeights(Model m, List<Map<String, Object>> specs, List<NDArray> values) {
        for (Layer l : m.layers()) {
            if (l instanceof Model nested) {
                tfjsWeights(nested, specs, values);
                continue;
            }
            String inner = l.type().equals("Bidirectional")
                    ? l.name() + "_"
                            + Naming.snake(
                                    (String) KerasImport.asMap(l.savedConfig().get("layer"))
                                            .get("class_name"))
                    : null;
            for (Map.Entry<String, Parameter> e : l.namedWeights().entrySet()) {
                String k = e.getKey(), name;
                if (inner != null && k.startsWith("forward_"))
                    name = l.name() + "/forward_" + inner + "/" + k.substring(8);
                else if (inner != null && k.startsWith("backward_"))
                    name = l.name() + "/backward_" + inner + "/" + k.substring(9);
                else name = l.name() + "/" + k;
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", name);
                List<Long> shape = new ArrayList<>();
                for (int d : e.getValue().shape().dims()) shape.add((long) d);
                s.put("shape", shape);
                s.put("dtype", "float32");
                specs.add(s);
                values.add(e.getValue().value());
            }
        }
    }

    /** The HDF5 bytes holding {@code groups} (each as "path/vars" with datasets "0", "1", ...). */
    private static byte[] hdf5(List<Map.Entry<String, List<NDArray>>> groups, Path target) throws IOException {
        Path tmp = temp(target);
        try {
            try (FileChannel fc = FileChannel.open(
                    tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Superblock.SuperblockV2V3 superblock = new Superblock.SuperblockV2V3();
                HdfFileChannel ch = new HdfFileChannel(fc, superblock);
                WritableGroupImpl root = new WritableGroupImpl(null, "/");
                Map<String, WritableGroup> made = new HashMap<>();
                made.put("", root);
                for (Map.Entry<String, List<NDArray>> g : groups) {
                    WritableGroup vars = group(made, g.getKey().isEmpty() ? "vars" : g.getKey() + "/vars");
                    List<NDArray> vs = g.getValue();
                    for (int i = 0; i < vs.size(); i++) vars.putDataset(String.valueOf(i), javaArray(vs.get(i)));
                }
                try {
                    root.write(ch, 64); // WritableHdfFile.ROOT_GROUP_ADDRESS
                    fc.write(superblock.toBuffer(fc.size()), 0);
                } catch (RuntimeException e) {
                    throw new IOException("cannot write the weights of " + target + ": " + e.getMessage(), e);
                }
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static WritableGroup group(Map<String, WritableGroup> made, String path) {
        WritableGroup g = made.get(path);
        if (g != null) return g;
        int slash = path.lastIndexOf('/');
        WritableGroup parent = slash < 0 ? made.get("") : group(made, path.substring(0, slash));
        g = parent.putGroup(slash < 0 ? path : path.substring(slash + 1));
        made.put(path, g);
        return g;
    }

    /** A float32 array as the nested Java array jHDF takes the dataset's shape from. */
    private static Object javaArray(NDArray a) {
        int[] dims = a.shape().dims();
        float[] flat = a.toArray();
        if (dims.length == 0) return flat[0]; // a scalar dataset (Attention's "scale")
        if (dims.length == 1) return flat;
        Object arr = Array.newInstance(float.class, dims);
        int[] idx = new int[dims.length - 1];
        int rowLen = dims[dims.length - 1];
        for (int off = 0; off < flat.length; off += rowLen) {
            Object row = arr;
            for (int i = 0; i < idx.length - 1; i++) row = Array.get(row, idx[i]);
            float[] dst = (float[]) Array.get(row, idx[idx.length - 1]);
            System.arraycopy(flat, off, dst, 0, rowLen);
            for (int i = idx.length - 1; i >= 0; i--) {
                if (++idx[i] < dims[i]) break;
                idx[i] = 0;
            }
        }
        return arr;
    }

    // ---- files ----------------------------------------------------------------------------------------------

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static Path temp(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return dir.resolve("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".tmp");
    }

    /** Creates {@code path}'s directory if needed, then writes {@code bytes} there atomically. */
    static void atomicWrite(Path path, byte[] bytes) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        nabla.io.AtomicFile.write(path, bytes);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
