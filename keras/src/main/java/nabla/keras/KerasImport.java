package nabla.keras;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelFileException;
import nabla.keras.Graph.Format;
import nabla.keras.Graph.KLayer;
import nabla.keras.Graph.KModel;
import nabla.keras.Graph.Ref;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Reads the three Keras formats into Nabla models: the config becomes layers (every unsupported layer or option of
 * the whole model is collected first and reported in one {@link ModelFileException}), the layers are built under a
 * limit of the scalars the file stores ({@link Layer#limitWeights}), then the weights are read by the format's
 * layout and checked against the layers' shapes, then the compile settings are applied.
 */
final class KerasImport {
    /** config.json, metadata.json, model.json: far below this. */
    static final long MAX_JSON_BYTES = 64L << 20;
    /** Entries of a .keras archive (config, metadata, weights and any assets). */
    private static final int MAX_ENTRIES = 10_000;

    private static final int MAX_NODES = 200_000;

    private final String file;
    private final Format format;
    private final ImportLayers mapper;
    /** The Nabla layer made for each Keras layer. */
    private final Map<KLayer, Layer> made = new IdentityHashMap<>();

    private KerasImport(String file, Format format) {
        this.file = file;
        this.format = format;
        this.mapper = new ImportLayers(format);
    }

    // ---- formats --------------------------------------------------------------------------------------------

    static Model load(Path path) throws IOException {
        String file = path.toString();
        if (!Files.exists(path)) throw new NoSuchFileException(file, null, "no such model file");
        if (!Files.isRegularFile(path)) throw new ModelFileException(file, "is not a regular file");
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".keras")) return loadKeras3(path);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) return loadKeras2(path);
        if (name.endsWith(".json")) return loadTfjs(path);
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 8);
            if (n >= 4 && head[0] == 'P' && head[1] == 'K') return loadKeras3(path);
            if (n == 8 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') return loadKeras2(path);
            if (n >= 1 && head[0] == '{') return loadTfjs(path);
        }
        throw new ModelFileException(
                file,
                "is not a Keras model file Nabla knows: expected a Keras 3 .keras archive, a Keras 2 .h5 file or a"
                        + " TF.js model.json");
    }

    private static Model loadKeras3(Path path) throws IOException {
        String file = path.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CorruptModelFileException(
                    file,
                    "is not a Keras 3 .keras file: it is not a ZIP archive, or it is truncated (" + e.getMessage()
                            + ")",
                    e);
        }
        try (zip) {
            if (zip.size() > MAX_ENTRIES)
                throw new ModelFileException(
                        file, "the archive lists " + zip.size() + " entries; a .keras file has at most " + MAX_ENTRIES);
            Object meta = KerasJson.parse(entry(zip, "metadata.json", MAX_JSON_BYTES, file), file + "!/metadata.json");
            if (meta instanceof Map<?, ?> m
                    && m.get("keras_version") instanceof String v
                    && !v.isEmpty()
                    && !v.startsWith("3."))
                throw new ModelFileException(
                        file + "!/metadata.json",
                        "was written by Keras " + v
                                + "; a .keras archive from Keras 3 is expected (Keras 2 saved .h5 files)");
            String cfgWhere = file + "!/config.json";
            Object config = KerasJson.parse(entry(zip, "config.json", MAX_JSON_BYTES, file), cfgWhere);
            byte[] weights = entry(zip, "model.weights.h5", Integer.MAX_VALUE - 8, file);
            try (Hdf5 h5 = Hdf5.open(weights, file + "!/model.weights.h5")) {
                KModel km = new ConfigReader(Format.KERAS3, cfgWhere).model(config);
                KerasImport imp = new KerasImport(file, Format.KERAS3);
                Object cc = asMap(config).get("compile_config");
                Compile compile = cc instanceof Map<?, ?> ? Compile.keras3(asMap(cc), imp.mapper.problems) : null;
                long stored = imp.storedScalars(h5, "layers");
                Model model = imp.build(km, stored, cfgWhere);
                imp.keras3Weights(h5, km, model, "");
                imp.compile(compile, model, cfgWhere + ", compile_config");
                return model;
            }
        }
    }

    private static Model loadKeras2(Path path) throws IOException {
        String file = path.toString();
        try (Hdf5 h5 = Hdf5.open(path)) {
            Node root = h5.node("");
            String cfgText = h5.string(root, "model_config");
            if (cfgText == null)
                throw new ModelFileException(
                        file,
                        h5.node("layers") != null || h5.node("vars") != null
                                ? "is a Keras 3 weights file (model.weights.h5), not a whole model; load the .keras archive"
                                : "has no 'model_config' attribute: it holds weights only (save_weights) or is not a"
                                        + " Keras model file");
            String cfgWhere = file + ", attribute 'model_config'";
            Object config = KerasJson.parse(cfgText.getBytes(java.nio.charset.StandardCharsets.UTF_8), cfgWhere);
            KModel km = new ConfigReader(Format.KERAS2, cfgWhere).model(config);
            if (h5.group("model_weights") == null)
                throw new CorruptModelFileException(file, "has a model_config but no 'model_weights' group");
            KerasImport imp = new KerasImport(file, Format.KERAS2);
            String tc = h5.string(root, "training_config");
            String tcWhere = file + ", attribute 'training_config'";
            Compile compile = null;
            if (tc != null) {
                Object t = KerasJson.parse(tc.getBytes(java.nio.charset.StandardCharsets.UTF_8), tcWhere);
                compile = Compile.legacy(asMap(t), Format.KERAS2, imp.mapper.problems);
            }
            long stored = imp.storedScalars(h5, "model_weights");
            Model model = imp.build(km, stored, cfgWhere);
            imp.keras2Weights(h5, km, model);
            imp.compile(compile, model, tcWhere);
            return model;
        }
    }

    private static Model loadTfjs(Path path) throws IOException {
        String file = path.toString();
        long size = Files.size(path);
        if (size > MAX_JSON_BYTES)
            throw new ModelFileException(file, "is " + size + " bytes, more than a model.json of " + MAX_JSON_BYTES);
        Object json = KerasJson.parse(Files.readAllBytes(path), file);
        if (!(json instanceof Map<?, ?> root) || !(root.get("modelTopology") instanceof Map<?, ?> topo))
            throw new CorruptModelFileException(file, "is not a TF.js layers model: it has no 'modelTopology' object");
        if (root.get("format") instanceof String f && !f.equals("layers-model"))
            throw new ModelFileException(
                    file, "is a TF.js '" + f + "' model; Nabla reads the layers format (format 'layers-model')");
        Map<String, Object> topology = asMap(topo);
        Object modelNode = topology.containsKey("model_config") ? topology.get("model_config") : topology;
        KModel km = new ConfigReader(Format.TFJS, file + ", modelTopology").model(modelNode);
        Map<String, NDArray> weights = tfjsWeights(path, asMap(root));
        long stored = 0;
        for (NDArray a : weights.values()) stored += a.size();
        KerasImport imp = new KerasImport(file, Format.TFJS);
        Object tc = root.get("trainingConfig");
        Compile compile = tc instanceof Map<?, ?> t ? Compile.legacy(asMap(t), Format.TFJS, imp.mapper.problems) : null;
        Model model = imp.build(km, stored, file + ", modelTopology");
        Set<String> used = new HashSet<>();
        imp.tfjsAssign(km, model, weights, used);
        Set<String> unused = new TreeSet<>(weights.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty())
            throw new CorruptModelFileException(
                    file, "its weightsManifest holds weights no layer of the model has: " + String.join(", ", unused));
        imp.compile(compile, model, file + ", trainingConfig");
        return model;
    }

    /** The weights of a TF.js model by name (the optimizer group skipped), bounded by the shard files' sizes. */
    private static Map<String, NDArray> tfjsWeights(Path path, Map<String, Object> root) throws IOException {
        String file = path.toString();
        if (!(root.get("weightsManifest") instanceof List<?> groups))
            throw new CorruptModelFileException(file, "has no 'weightsManifest' array");
        Path dir = path.toAbsolutePath().getParent();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            String at = "weightsManifest[" + g + "]";
            Map<String, Object> group = asMap(groups.get(g));
            if (!(group.get("paths") instanceof List<?> paths) || !(group.get("weights") instanceof List<?> specs))
                throw new CorruptModelFileException(file, at + " needs 'paths' and 'weights' arrays");
            List<Path> shards = new ArrayList<>();
            long total = 0;
            for (Object p : paths) {
                if (!(p instanceof String s)
                        || s.isEmpty()
                        || s.startsWith("/")
                        || s.contains("..")
                        || s.contains("\\"))
                    throw new CorruptModelFileException(
                            file, at + ".paths holds " + p + "; expected a file name beside model.json");
                Path shard = dir.resolve(s);
                if (!Files.isRegularFile(shard))
                    throw new CorruptModelFileException(
                            file, "its weight shard '" + s + "' is missing (looked in " + dir + ")");
                shards.add(shard);
                total += Files.size(shard);
            }
            if (total > Integer.MAX_VALUE - 8)
                throw new ModelFileException(
                        file, at + "'s shards hold " + total + " bytes, more than Nabla reads (2 GiB)");
            // declared sizes are checked against the shards' bytes before anything is read
            long need = 0;
            List<Object[]> plan = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                String wat = at + ".weights[" + i + "]";
                Map<String, Object> spec = asMap(specs.get(i));
                if (!(spec.get("name") instanceof String name) || !(spec.get("shape") instanceof List<?> shape))
                    throw new CorruptModelFileException(file, wat + " needs a 'name' and a 'shape'");
                if (spec.get("quantization") != null)
                    throw new ModelFileException(file, "weight '" + name + "' is quantized, which Nabla does not read");
                String dtype = spec.get("dtype") instanceof String d ? d : "float32";
                int bytesPer = switch (dtype) {
                    case "float32", "int32" -> 4;
                    case "bool" -> 1;
                    default -> throw new ModelFileException(file, "weight '" + name + "' has dtype '" + dtype + "'");
                };
                long n = 1;
                int[] dims = new int[shape.size()];
                if (shape.size() > 8) throw new CorruptModelFileException(file, wat + " has rank " + shape.size());
                for (int k = 0; k < dims.length; k++) {
                    if (!(shape.get(k) instanceof Long d) || d < 0 || d > Hdf5.MAX_ELEMENTS)
                        throw new CorruptModelFileException(file, wat + " has the shape " + shape);
                    dims[k] = (int) (long) d;
                    n *= d;
                    if (n > Hdf5.MAX_ELEMENTS)
                        throw new CorruptModelFileException(
                                file,
                                "weight '" + name + "' declares the shape " + shape + ", more than " + Hdf5.MAX_ELEMENTS
                                        + " elements");
                }
                need += n * bytesPer;
                if (need > total)
                    throw new CorruptModelFileException(
                            file,
                            "its weightsManifest declares more bytes (" + need + " by weight '" + name + "') than the "
                                    + total + " its shards hold; a shard is truncated or the manifest is wrong");
                boolean skip = "optimizer".equals(spec.get("group")) || !dtype.equals("float32");
                plan.add(new Object[] {name, dims, n, bytesPer, skip});
            }
            if (need != total)
                throw new CorruptModelFileException(
                        file,
                        at + "'s shards hold " + total + " bytes, its weights " + need + "; the files do not match");
            ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
            for (Path shard : shards) buf.put(Files.readAllBytes(shard));
            buf.flip();
            for (Object[] p : plan) {
                String name = (String) p[0];
                long n = (Long) p[2];
                int bytesPer = (Integer) p[3];
                if ((Boolean) p[4]) {
                    buf.position(buf.position() + (int) (n * bytesPer));
                    continue;
                }
                float[] v = new float[(int) n];
                buf.asFloatBuffer().get(v);
                buf.position(buf.position() + (int) (n * 4));
                if (out.put(name, NDArray.wrap(v, Shape.of((int[]) p[1]))) != null)
                    throw new CorruptModelFileException(file, "its weightsManifest lists weight '" + name + "' twice");
            }
        }
        return out;
    }

    /** An archive entry's bytes: bounded while inflating, size and CRC-32 checked. */
    private static byte[] entry(ZipFile zip, String name, long limit, String file) throws IOException {
        return nabla.io.ZipEntries.read(zip, name, limit, file, "a Keras 3 .keras file", "");
    }

    // ---- building -------------------------------------------------------------------------------------------

    /** The scalars stored in datasets under {@code root}, each dataset's declared shape checked first. */
    private long storedScalars(Hdf5 h5, String root) throws ModelFileException {
        Group g = h5.group(root);
        if (g == null) return 0;
        long total = 0;
        int visited = 0;
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[] {g, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.removeLast();
            Group cur = (Group) top[0];
            int depth = (Integer) top[1];
            if (depth > 64) throw new CorruptModelFileException(h5.file(), "nests groups more than 64 deep");
            for (String name : h5.children(cur)) {
                if (++visited > MAX_NODES)
                    throw new CorruptModelFileException(h5.file(), "holds more than " + MAX_NODES + " objects");
                Node n = h5.child(cur, name);
                if (n instanceof Group c) stack.add(new Object[] {c, depth + 1});
                else if (n instanceof Dataset d) total += h5.declaredSize(d);
            }
        }
        return total;
    }

    /** The Nabla model for {@code km}: all layers mapped (one error listing every problem), then built. */
    private Model build(KModel km, long stored, String where) throws ModelFileException {
        mapLayers(km);
        if (!mapper.problems.isEmpty())
            throw new ModelFileException(
                    file,
                    "uses " + (mapper.problems.size() == 1 ? "a feature" : mapper.problems.size() + " features")
                            + " Nabla does not support, so nothing was loaded: " + String.join("; ", mapper.problems));
        try (Layer.WeightLimit limit = Layer.limitWeights(stored)) {
            try {
                return assemble(km);
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (limit.exceeded())
                    throw new CorruptModelFileException(
                            where,
                            "the layers declare more weights than the file stores (" + stored + " scalars): "
                                    + e.getMessage(),
                            e);
                throw new ModelFileException(where, "the layers do not fit together: " + e.getMessage(), e);
            }
        }
    }

    private void mapLayers(KModel km) {
        if (!km.functional()) {
            if (km.inputShape() == null)
                mapper.problems.add("model '" + km.name() + "': no input shape (a Sequential built lazily)");
            else if (km.inputShape().contains(null))
                mapper.problems.add("model '" + km.name() + "': the input shape " + shape(km.inputShape())
                        + " has unknown dimensions (Nabla needs fixed per-sample shapes)");
        } else {
            km.inputShapes().forEach((n, s) -> {
                if (s.contains(null))
                    mapper.problems.add("input '" + n + "': the shape " + shape(s)
                            + " has unknown dimensions (Nabla needs fixed per-sample shapes)");
            });
        }
        for (KLayer l : km.layers()) {
            if (l.className().equals("InputLayer")) continue;
            if (l.model() != null) mapLayers(l.model());
            else {
                Layer nl = mapper.layer(l.className(), l.name(), l.config());
                if (nl != null) made.put(l, nl);
            }
        }
    }

    private static String shape(List<Long> s) {
        List<String> d = new ArrayList<>();
        d.add("None");
        for (Long x : s) d.add(x == null ? "None" : x.toString());
        return "(" + String.join(", ", d) + ")";
    }

    private static int[] ints(List<Long> s) {
        int[] d = new int[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = (int) (long) s.get(i);
        return d;
    }

    private Model assemble(KModel km) throws ModelFileException {
        if (!km.functional()) {
            Sequential s = new Sequential(42L).named(km.name());
            for (KLayer l : km.layers()) s.add(layerOf(l));
            s.build(ints(km.inputShape()));
            return s;
        }
        Map<String, KLayer> byName = new LinkedHashMap<>();
        Map<String, List<List<SymbolicTensor>>> outs = new HashMap<>();
        for (KLayer l : km.layers()) {
            if (byName.put(l.name(), l) != null)
                throw new CorruptModelFileException(
                        file, "two layers of model '" + km.name() + "' are named '" + l.name() + "'");
            if (l.className().equals("InputLayer"))
                outs.put(
                        l.name(),
                        List.of(List.of(
                                Functional.input(l.name(), ints(km.inputShapes().get(l.name()))))));
        }
        Map<String, Layer> layers = new HashMap<>();
        for (KLayer l : km.layers()) if (!l.className().equals("InputLayer")) layers.put(l.name(), layerOf(l));
        // nodes run once their inputs exist (Keras' order of layers in the config need not be topological)
        Map<String, Integer> done = new HashMap<>();
        int pending = 0;
        for (KLayer l : km.layers())
            if (!l.className().equals("InputLayer")) pending += l.nodes().size();
        while (pending > 0) {
            int before = pending;
            for (KLayer l : km.layers()) {
                if (l.className().equals("InputLayer")) continue;
                int k = done.getOrDefault(l.name(), 0);
                while (k < l.nodes().size()) {
                    List<SymbolicTensor> in = new ArrayList<>();
                    boolean ready = true;
                    for (Ref r : l.nodes().get(k)) {
                        SymbolicTensor t = tensor(r, outs, byName, km);
                        if (t == null) {
                            ready = false;
                            break;
                        }
                        in.add(t);
                    }
                    if (!ready) break;
                    List<SymbolicTensor> o = Functional.call(layers.get(l.name()), in.toArray(SymbolicTensor[]::new));
                    outs.computeIfAbsent(l.name(), x -> new ArrayList<>()).add(o);
                    k++;
                    pending--;
                }
                done.put(l.name(), k);
            }
            if (pending == before)
                throw new CorruptModelFileException(
                        file,
                        "the graph of model '" + km.name()
                                + "' has a node whose inputs are never computed (a cycle or a missing layer)");
        }
        List<SymbolicTensor> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (Ref r : km.inputs()) inputs.add(require(r, outs, byName, km, "input_layers"));
        for (Ref r : km.outputs()) outputs.add(require(r, outs, byName, km, "output_layers"));
        return new Functional(42L, inputs, outputs).named(km.name());
    }

    private SymbolicTensor require(
            Ref r, Map<String, List<List<SymbolicTensor>>> outs, Map<String, KLayer> byName, KModel km, String what)
            throws CorruptModelFileException {
        SymbolicTensor t = tensor(r, outs, byName, km);
        if (t == null)
            throw new CorruptModelFileException(
                    file, "model '" + km.name() + "' " + what + " names " + r + ", which the graph does not compute");
        return t;
    }

    private SymbolicTensor tensor(
            Ref r, Map<String, List<List<SymbolicTensor>>> outs, Map<String, KLayer> byName, KModel km)
            throws CorruptModelFileException {
        if (!byName.containsKey(r.layer()))
            throw new CorruptModelFileException(
                    file, "model '" + km.name() + "' refers to layer '" + r.layer() + "', which it does not have");
        List<List<SymbolicTensor>> nodes = outs.get(r.layer());
        if (nodes == null || r.node() >= nodes.size()) {
            if (r.node() >= byName.get(r.layer()).nodes().size()
                    && !byName.get(r.layer()).className().equals("InputLayer"))
                throw new CorruptModelFileException(
                        file,
                        "model '" + km.name() + "' refers to node " + r.node() + " of layer '" + r.layer()
                                + "', which has "
                                + byName.get(r.layer()).nodes().size());
            if (byName.get(r.layer()).className().equals("InputLayer"))
                throw new CorruptModelFileException(
                        file, "model '" + km.name() + "' refers to node " + r.node() + " of input '" + r.layer() + "'");
            return null;
        }
        List<SymbolicTensor> o = nodes.get(r.node());
        if (r.tensor() >= o.size())
            throw new CorruptModelFileException(
                    file,
                    "model '" + km.name() + "' refers to output " + r.tensor() + " of layer '" + r.layer()
                            + "', which has " + o.size());
        return o.get(r.tensor());
    }

    private Layer layerOf(KLayer l) throws ModelFileException {
        if (l.model() != null) {
            Model m = assemble(l.model());
            if (!m.name().equals(l.name())) m.named(l.name());
            if (Boolean.FALSE.equals(l.config().get("trainable"))) m.setTrainable(false);
            made.put(l, m);
            return m;
        }
        return made.get(l);
    }

    private void compile(Compile compile, Model model, String where) throws ModelFileException {
        if (compile == null) return;
        try {
            compile.apply(model);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where, "cannot apply the compile settings: " + e.getMessage(), e);
        }
    }

    // ---- weights --------------------------------------------------------------------------------------------

    private void assign(Parameter p, NDArray v, String source) throws ModelFileException {
        if (!p.shape().equals(v.shape()))
            throw new ModelFileException(
                    source,
                    "has the shape " + v.shape() + ", but the layer's weight '" + p.name() + "' is " + p.shape());
        p.value().assign(v);
    }

    private void tfjsAssign(KModel km, Model model, Map<String, NDArray> weights, Set<String> used)
            throws ModelFileException {
        for (KLayer l : km.layers()) {
            if (l.className().equals("InputLayer")) continue;
            Layer nl = made.get(l);
            if (l.model() != null) {
                tfjsAssign(l.model(), (Model) nl, weights, used);
                continue;
            }
            String inner = null;
            if (l.className().equals("Bidirectional")
                    && l.config().get("layer") instanceof Map<?, ?> m
                    && m.get("config") instanceof Map<?, ?> c
                    && c.get("name") instanceof String s) inner = s;
            for (Map.Entry<String, Parameter> e : nl.namedWeights().entrySet()) {
                String k = e.getKey(), name;
                if (inner != null && k.startsWith("forward_"))
                    name = l.name() + "/forward_" + inner + "/" + k.substring("forward_".length());
                else if (inner != null && k.startsWith("backward_"))
                    name = l.name() + "/backward_" + inner + "/" + k.substring("backward_".length());
                else name = l.name() + "/" + k;
                NDArray v = weights.get(name);
                if (v == null)
                    throw new CorruptModelFileException(
                            file, "its weightsManifest has no weight '" + name + "' for layer '" + l.name() + "'");
                assign(e.getValue(), v, file + ", weight '" + name + "'");
                used.add(name);
            }
        }
    }

    private void keras2Weights(Hdf5 h5, KModel km, Model model) throws ModelFileException {
        for (KLayer l : km.layers()) {
            if (l.className().equals("InputLayer")) continue;
            Layer nl = made.get(l);
            List<Parameter> params = new ArrayList<>(), frozen = new ArrayList<>();
            // Keras 2 stores a layer's trainable weights, then its non-trainable ones (moving statistics, frozen)
            for (Parameter p : nl.parameters()) (p.trainable() ? params : frozen).add(p);
            params.addAll(frozen);
            String gp = "model_weights/" + l.name();
            Group g = h5.group(gp);
            if (g == null) {
                if (params.isEmpty()) continue;
                throw new CorruptModelFileException(
                        file, "has no group '" + gp + "' with the weights of layer '" + l.name() + "'");
            }
            List<String> names = h5.strings(g, "weight_names");
            if (names == null) names = List.of();
            if (names.size() != params.size())
                throw new CorruptModelFileException(
                        file,
                        "'" + gp + "' lists " + names.size() + " weights (weight_names), but layer '" + l.name()
                                + "' has " + params.size());
            for (int i = 0; i < names.size(); i++) {
                String path = gp + "/" + names.get(i);
                if (!(h5.node(path) instanceof Dataset d))
                    throw new CorruptModelFileException(file, "has no dataset '" + path + "' (listed in weight_names)");
                assign(params.get(i), h5.read(d), file + ", dataset '" + path + "'");
            }
        }
    }

    private void keras3Weights(Hdf5 h5, KModel km, Model model, String prefix) throws ModelFileException {
        Map<String, Integer> used = new HashMap<>();
        for (KLayer l : km.layers()) {
            String base = Naming.snake(
                    l.model() != null ? (l.model().functional() ? "Functional" : "Sequential") : l.className());
            int k = used.merge(base, 1, Integer::sum) - 1;
            String path = (prefix.isEmpty() ? "" : prefix + "/") + "layers/" + (k == 0 ? base : base + "_" + k);
            if (l.className().equals("InputLayer")) continue;
            Layer nl = made.get(l);
            if (l.model() != null) {
                keras3Weights(h5, l.model(), (Model) nl, path);
                continue;
            }
            List<Parameter> params = nl.parameters();
            switch (l.className()) {
                case "SimpleRNN", "LSTM", "GRU" -> vars(h5, path + "/cell/vars", params, l);
                case "Bidirectional" -> {
                    int half = params.size() / 2;
                    vars(h5, path + "/forward_layer/cell/vars", params.subList(0, half), l);
                    vars(h5, path + "/backward_layer/cell/vars", params.subList(half, params.size()), l);
                }
                case "TimeDistributed" -> {
                    Object inner = l.config().get("layer") instanceof Map<?, ?> m ? m.get("class_name") : null;
                    boolean rnn = List.of("SimpleRNN", "LSTM", "GRU").contains(inner);
                    vars(h5, path + (rnn ? "/layer/cell/vars" : "/layer/vars"), params, l);
                }
                case "MultiHeadAttention" -> {
                    // Keras 3 saves the projections as the EinsumDense attributes _query_dense, ... (kernel, bias)
                    int per = ((nabla.nn.attention.MultiHeadAttention) nl).useBias() ? 2 : 1;
                    String[] subs = {"query_dense", "key_dense", "value_dense", "output_dense"};
                    for (int i = 0; i < 4; i++) {
                        String sub = h5.group(path + "/_" + subs[i]) != null ? "/_" + subs[i] : "/" + subs[i];
                        vars(h5, path + sub + "/vars", params.subList(i * per, (i + 1) * per), l);
                    }
                }
                default -> vars(h5, path + "/vars", params, l);
            }
        }
    }

    private void vars(Hdf5 h5, String path, List<Parameter> params, KLayer l) throws ModelFileException {
        Group g = h5.group(path);
        if (g == null) {
            if (params.isEmpty()) return;
            throw new CorruptModelFileException(
                    h5.file(), "has no group '" + path + "' with the weights of layer '" + l.name() + "'");
        }
        List<String> names = h5.children(g);
        if (names.size() != params.size())
            throw new CorruptModelFileException(
                    h5.file(),
                    "'" + path + "' holds " + names.size() + " weights, but layer '" + l.name() + "' (" + l.className()
                            + ") has " + params.size());
        for (int i = 0; i < params.size(); i++) {
            if (!(h5.child(g, String.valueOf(i)) instanceof Dataset d))
                throw new CorruptModelFileException(h5.file(), "has no dataset '" + path + "/" + i + "'");
            assign(params.get(i), h5.read(d), h5.file() + ", dataset '" + path + "/" + i + "'");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
