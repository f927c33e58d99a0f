package nabla.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.internal.Json;
import nabla.tensor.Shape;

/**
 * {@link ModelSpec} to and from the {@code nabla.json} entry of a model file. Field names are snake_case as in
 * Keras' configs. Reading checks the format and version first, so a file from a newer Nabla is reported as such
 * rather than as a missing field; every other problem names the field ("layers[2].type").
 */
final class ArchiveJson {
    private ArchiveJson() {}

    static byte[] write(ModelSpec spec, String file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", ModelArchive.FORMAT);
        root.put("format_version", ModelArchive.FORMAT_VERSION);
        root.putAll(body(spec));
        CompileSpec c = spec.compile();
        if (c == null) root.put("compile", null);
        else {
            Map<String, Object> cn = new LinkedHashMap<>();
            cn.put("loss", c.loss());
            if (!c.lossConfig().isEmpty()) cn.put("loss_config", c.lossConfig());
            Map<String, Object> opt = new LinkedHashMap<>();
            opt.put("name", c.optimizer());
            opt.put("config", c.optimizerConfig());
            cn.put("optimizer", opt);
            cn.put("metrics", c.metrics());
            if (!c.outputs().isEmpty()) {
                List<Object> outs = new ArrayList<>();
                for (CompileSpec.Output o : c.outputs()) {
                    Map<String, Object> on = new LinkedHashMap<>();
                    on.put("output", o.output());
                    on.put("loss", o.loss());
                    if (!o.lossConfig().isEmpty()) on.put("loss_config", o.lossConfig());
                    on.put("loss_weight", o.lossWeight());
                    on.put("metrics", o.metrics());
                    outs.add(on);
                }
                cn.put("outputs", outs);
            }
            root.put("compile", cn);
        }
        try {
            return Json.write(root, true);
        } catch (IllegalArgumentException e) {
            throw notJson(spec, file, e);
        }
    }

    /** The spec's architecture as JSON values: model class, name, seed, input shape, layers, graph. */
    static Map<String, Object> body(ModelSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model_class", spec.modelClass());
        root.put("name", spec.name());
        root.put("seed", spec.seed());
        root.put("input_shape", spec.inputShape().dims());
        List<Object> layers = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("type", l.type());
            n.put("name", l.name());
            n.put("config", l.config());
            if (!l.trainable()) n.put("trainable", false);
            if (!l.inbound().isEmpty()) n.put("inbound", l.inbound());
            layers.add(n);
        }
        root.put("layers", layers);
        if (spec.graph() != null) root.put("graph", spec.graph());
        return root;
    }

    /**
     * The error for a spec that does not write as JSON: only the configs can hold other values, so each is written
     * alone, in file order, until the one at fault is found and named.
     */
    private static IllegalArgumentException notJson(ModelSpec spec, String file, IllegalArgumentException cause) {
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        for (LayerSpec l : spec.layers()) configs.put("layer '" + l.name() + "'", l.config());
        CompileSpec c = spec.compile();
        if (c != null) {
            configs.put("loss '" + c.loss() + "'", c.lossConfig());
            configs.put("optimizer '" + c.optimizer() + "'", c.optimizerConfig());
        }
        for (Map.Entry<String, Map<String, Object>> e : configs.entrySet()) {
            try {
                Json.write(e.getValue(), false);
            } catch (IllegalArgumentException bad) {
                return new IllegalArgumentException(
                        "cannot save " + file + ": the config of " + e.getKey()
                                + " holds a value that is not JSON (strings, numbers, booleans, lists and maps only): "
                                + bad.getMessage(),
                        bad);
            }
        }
        return cause;
    }

    static ModelSpec read(byte[] bytes, String file) throws ModelFileException {
        String entry = file + "!/" + ModelArchive.SPEC_ENTRY;
        Object parsed;
        try {
            parsed = Json.parse(bytes);
        } catch (Json.SyntaxException e) {
            throw new CorruptModelFileException(entry, "not valid JSON (" + e.getMessage() + ")", e);
        }
        Fields f = new Fields(entry);
        if (!(parsed instanceof Map<?, ?> root)) throw new CorruptModelFileException(entry, "not a JSON object");
        String format = f.text(root, "format");
        if (!format.equals(ModelArchive.FORMAT))
            throw new CorruptModelFileException(entry, "format is '" + format + "', not '" + ModelArchive.FORMAT + "'");
        long version = f.integer(root, "format_version");
        if (version > ModelArchive.FORMAT_VERSION)
            throw new ModelFileException(
                    file,
                    "written by a newer Nabla (format version " + version + "); this one reads up to version "
                            + ModelArchive.FORMAT_VERSION);
        if (version < 1)
            throw new CorruptModelFileException(
                    entry, "format_version " + version + " is invalid (versions start at 1)");

        CompileSpec compile = null;
        Object c = root.get("compile");
        if (c != null) compile = compile(c, f);
        return body(root, entry, compile);
    }

    /** The architecture fields of a file's root or of a nested model's config. */
    static ModelSpec body(Map<?, ?> root, String entry, CompileSpec compile) throws ModelFileException {
        Fields f = new Fields(entry);
        String modelClass = f.text(root, "model_class");
        String name = f.text(root, "name");
        long seed = f.integer(root, "seed");
        List<?> shapeNode = f.array(root, "input_shape");
        int[] dims = new int[shapeNode.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(shapeNode.get(i) instanceof Long d) || d < 1 || d > Integer.MAX_VALUE)
                throw new CorruptModelFileException(
                        entry, "input_shape " + Json.text(shapeNode) + " must hold positive integers");
            dims[i] = (int) (long) d;
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<?> layerNodes = f.array(root, "layers");
        for (int i = 0; i < layerNodes.size(); i++) {
            String at = "layers[" + i + "]";
            if (!(layerNodes.get(i) instanceof Map<?, ?> l))
                throw new CorruptModelFileException(entry, at + " is not a JSON object");
            List<String> inbound = l.containsKey("inbound") ? f.strings(l, "inbound", at, "layer names") : List.of();
            Object t = l.get("trainable");
            if (t != null && !(t instanceof Boolean))
                throw new CorruptModelFileException(
                        entry, at + ".trainable must be true or false, got " + Json.text(t));
            layers.add(new LayerSpec(
                    f.text(l, "type", at),
                    f.text(l, "name", at),
                    f.map(l, "config", at),
                    inbound,
                    t == null || (Boolean) t));
        }
        Map<String, Object> graph = null;
        if (root.get("graph") != null) graph = f.map(root, "graph", null);
        Shape inputShape;
        try {
            inputShape = Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelFileException(
                    entry, "input_shape " + Json.text(shapeNode) + " is not a valid shape: " + e.getMessage(), e);
        }
        return new ModelSpec(modelClass, name, seed, inputShape, layers, graph, compile);
    }

    private static CompileSpec compile(Object c, Fields f) throws CorruptModelFileException {
        String entry = f.entry();
        if (!(c instanceof Map<?, ?> cm)) throw new CorruptModelFileException(entry, "compile is not a JSON object");
        if (!(cm.get("optimizer") instanceof Map<?, ?> opt))
            throw new CorruptModelFileException(entry, "compile.optimizer is missing or not a JSON object");
        List<String> metrics = f.strings(cm, "metrics", "compile", "strings");
        Map<String, Object> lossConfig = cm.containsKey("loss_config") ? f.map(cm, "loss_config", "compile") : Map.of();
        List<CompileSpec.Output> outputs = new ArrayList<>();
        if (cm.get("outputs") != null) {
            List<?> outs = f.array(cm, "outputs", "compile");
            for (int i = 0; i < outs.size(); i++) {
                String at = "compile.outputs[" + i + "]";
                if (!(outs.get(i) instanceof Map<?, ?> o))
                    throw new CorruptModelFileException(entry, at + " is not a JSON object");
                Object lossName = o.get("loss");
                if (lossName != null && !(lossName instanceof String))
                    throw new CorruptModelFileException(entry, at + ".loss must be a string or null");
                if (!(o.get("loss_weight") instanceof Number w) || !(w.doubleValue() >= 0))
                    throw new CorruptModelFileException(entry, at + ".loss_weight must be a number >= 0");
                outputs.add(new CompileSpec.Output(
                        f.text(o, "output", at),
                        (String) lossName,
                        o.containsKey("loss_config") ? f.map(o, "loss_config", at) : Map.of(),
                        w.doubleValue(),
                        f.strings(o, "metrics", at, "strings")));
            }
        }
        return new CompileSpec(
                f.text(cm, "loss", "compile"),
                lossConfig,
                f.text(opt, "name", "compile.optimizer"),
                f.map(opt, "config", "compile.optimizer"),
                metrics,
                outputs);
    }

    /** Required-field access with errors that name the entry and the field path. */
    private record Fields(String entry) {
        String text(Map<?, ?> n, String key) throws CorruptModelFileException {
            return text(n, key, null);
        }

        String text(Map<?, ?> n, String key, String at) throws CorruptModelFileException {
            if (!(n.get(key) instanceof String v)) throw problem(at, key, "a string", n, key);
            return v;
        }

        long integer(Map<?, ?> n, String key) throws CorruptModelFileException {
            if (!(n.get(key) instanceof Long v)) throw problem(null, key, "an integer", n, key);
            return v;
        }

        List<?> array(Map<?, ?> n, String key) throws CorruptModelFileException {
            return array(n, key, null);
        }

        List<?> array(Map<?, ?> n, String key, String at) throws CorruptModelFileException {
            if (!(n.get(key) instanceof List<?> v)) throw problem(at, key, "an array", n, key);
            return v;
        }

        /** A required array of strings; {@code what} names its elements in the error ("layer names"). */
        List<String> strings(Map<?, ?> n, String key, String at, String what) throws CorruptModelFileException {
            List<String> out = new ArrayList<>();
            for (Object v : array(n, key, at)) {
                if (!(v instanceof String s))
                    throw new CorruptModelFileException(
                            entry, at + "." + key + " must hold " + what + ", got " + Json.text(v));
                out.add(s);
            }
            return out;
        }

        Map<String, Object> map(Map<?, ?> n, String key, String at) throws CorruptModelFileException {
            if (!(n.get(key) instanceof Map<?, ?> v)) throw problem(at, key, "a JSON object", n, key);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }

        private CorruptModelFileException problem(String at, String key, String expected, Map<?, ?> n, String k) {
            String field = at == null ? key : at + "." + key;
            return new CorruptModelFileException(
                    entry,
                    "field '" + field + "' "
                            + (!n.containsKey(k)
                                    ? "is missing"
                                    : "must be " + expected + ", got " + Json.text(n.get(k))));
        }
    }
}
