package nabla.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.tensor.Shape;

/**
 * {@link ModelSpec} to and from the {@code nabla.json} entry of a model file. Field names are snake_case as in
 * Keras' configs. Reading checks the format and version first, so a file from a newer Nabla is reported as such
 * rather than as a missing field; every other problem names the field ("layers[2].type").
 */
final class ArchiveJson {
    private ArchiveJson() {}

    // Floats are read as BigDecimal so that a saved float comes back bit-identical (see ConfigMap.floatValue).
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static byte[] write(ModelSpec spec, String file) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ModelArchive.FORMAT);
        root.put("format_version", ModelArchive.FORMAT_VERSION);
        root.put("model_class", spec.modelClass());
        root.put("name", spec.name());
        root.put("seed", spec.seed());
        ArrayNode shape = root.putArray("input_shape");
        for (int d : spec.inputShape().dims()) shape.add(d);
        ArrayNode layers = root.putArray("layers");
        for (LayerSpec l : spec.layers()) {
            ObjectNode n = layers.addObject();
            n.put("type", l.type());
            n.put("name", l.name());
            n.set("config", toJson(l.config(), file, "layer '" + l.name() + "'"));
            if (!l.inbound().isEmpty()) {
                ArrayNode in = n.putArray("inbound");
                l.inbound().forEach(in::add);
            }
        }
        CompileSpec c = spec.compile();
        if (c == null) root.putNull("compile");
        else {
            ObjectNode cn = root.putObject("compile");
            cn.put("loss", c.loss());
            if (!c.lossConfig().isEmpty()) cn.set("loss_config", toJson(c.lossConfig(), file, "loss '" + c.loss() + "'"));
            ObjectNode opt = cn.putObject("optimizer");
            opt.put("name", c.optimizer());
            opt.set("config", toJson(c.optimizerConfig(), file, "optimizer '" + c.optimizer() + "'"));
            ArrayNode metrics = cn.putArray("metrics");
            c.metrics().forEach(metrics::add);
        }
        return JSON.writeValueAsBytes(root);
    }

    private static JsonNode toJson(Map<String, Object> config, String file, String owner) {
        try {
            return JSON.valueToTree(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot save " + file + ": the config of " + owner
                    + " holds a value that is not JSON (strings, numbers, booleans, lists and maps only): " + e.getMessage(), e);
        }
    }

    static ModelSpec read(byte[] bytes, String file) throws ModelFileException {
        String entry = file + "!/" + ModelArchive.SPEC_ENTRY;
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new CorruptModelFileException(entry, "not valid JSON (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", e);
        }
        Fields f = new Fields(entry);
        if (root == null || !root.isObject()) throw new CorruptModelFileException(entry, "not a JSON object");
        String format = f.text(root, "format");
        if (!format.equals(ModelArchive.FORMAT)) throw new CorruptModelFileException(entry, "format is '" + format + "', not '" + ModelArchive.FORMAT + "'");
        long version = f.integer(root, "format_version");
        if (version > ModelArchive.FORMAT_VERSION)
            throw new ModelFileException(file, "written by a newer Nabla (format version " + version + "); this one reads up to version " + ModelArchive.FORMAT_VERSION);
        if (version < 1) throw new CorruptModelFileException(entry, "format_version " + version + " is invalid (versions start at 1)");

        String modelClass = f.text(root, "model_class");
        String name = f.text(root, "name");
        long seed = f.integer(root, "seed");
        JsonNode shapeNode = f.array(root, "input_shape");
        int[] dims = new int[shapeNode.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0)
                throw new CorruptModelFileException(entry, "input_shape " + shapeNode + " must hold non-negative integers");
            dims[i] = d.intValue();
        }
        List<LayerSpec> layers = new ArrayList<>();
        JsonNode layerNodes = f.array(root, "layers");
        for (int i = 0; i < layerNodes.size(); i++) {
            JsonNode l = layerNodes.get(i);
            String at = "layers[" + i + "]";
            if (!l.isObject()) throw new CorruptModelFileException(entry, at + " is not a JSON object");
            List<String> inbound = l.has("inbound") ? f.strings(l, "inbound", at, "layer names") : List.of();
            layers.add(new LayerSpec(f.text(l, "type", at), f.text(l, "name", at), f.map(l, "config", at), inbound));
        }
        CompileSpec compile = null;
        JsonNode c = root.get("compile");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) throw new CorruptModelFileException(entry, "compile is not a JSON object");
            JsonNode opt = c.get("optimizer");
            if (opt == null || !opt.isObject()) throw new CorruptModelFileException(entry, "compile.optimizer is missing or not a JSON object");
            List<String> metrics = f.strings(c, "metrics", "compile", "strings");
            Map<String, Object> lossConfig = c.has("loss_config") ? f.map(c, "loss_config", "compile") : Map.of();
            compile = new CompileSpec(f.text(c, "loss", "compile"), lossConfig, f.text(opt, "name", "compile.optimizer"),
                    f.map(opt, "config", "compile.optimizer"), metrics);
        }
        return new ModelSpec(modelClass, name, seed, Shape.of(dims), layers, compile);
    }

    /** Required-field access with errors that name the entry and the field path. */
    private record Fields(String entry) {
        String text(JsonNode n, String key) throws CorruptModelFileException {
            return text(n, key, null);
        }

        String text(JsonNode n, String key, String at) throws CorruptModelFileException {
            JsonNode v = n.get(key);
            if (v == null || !v.isTextual()) throw problem(at, key, "a string", v);
            return v.textValue();
        }

        long integer(JsonNode n, String key) throws CorruptModelFileException {
            JsonNode v = n.get(key);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) throw problem(null, key, "an integer", v);
            return v.longValue();
        }

        JsonNode array(JsonNode n, String key) throws CorruptModelFileException {
            return array(n, key, null);
        }

        JsonNode array(JsonNode n, String key, String at) throws CorruptModelFileException {
            JsonNode v = n.get(key);
            if (v == null || !v.isArray()) throw problem(at, key, "an array", v);
            return v;
        }

        /** A required array of strings; {@code what} names its elements in the error ("layer names"). */
        List<String> strings(JsonNode n, String key, String at, String what) throws CorruptModelFileException {
            List<String> out = new ArrayList<>();
            for (JsonNode v : array(n, key, at)) {
                if (!v.isTextual()) throw new CorruptModelFileException(entry, at + "." + key + " must hold " + what + ", got " + v);
                out.add(v.textValue());
            }
            return out;
        }

        Map<String, Object> map(JsonNode n, String key, String at) throws CorruptModelFileException {
            JsonNode v = n.get(key);
            if (v == null || !v.isObject()) throw problem(at, key, "a JSON object", v);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(v, LinkedHashMap.class);
            return m;
        }

        private CorruptModelFileException problem(String at, String key, String expected, JsonNode got) {
            String field = at == null ? key : at + "." + key;
            return new CorruptModelFileException(entry, "field '" + field + "' " + (got == null ? "is missing" : "must be " + expected + ", got " + got));
        }
    }
}
