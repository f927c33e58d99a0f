package nabla.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.io.CorruptModelFileException;
import nabla.keras.Graph.Format;
import nabla.keras.Graph.KLayer;
import nabla.keras.Graph.KModel;
import nabla.keras.Graph.Ref;

/**
 * Reads a Keras model config (Keras 3's {@code config.json}, Keras 2's {@code model_config}, TF.js's
 * {@code modelTopology}) into a {@link Graph.KModel}. Structural problems (a missing field, a node naming a layer
 * that does not exist) are {@link CorruptModelFileException}s naming the place; what the layers hold is judged later
 * by {@link ImportLayers}.
 */
final class ConfigReader {
    private static final int MAX_DEPTH = 32;
    private final Format format;
    private final String where;

    ConfigReader(Format format, String where) {
        this.format = format;
        this.where = where;
    }

    static boolean isModelClass(String c) {
        return c.equals("Sequential") || c.equals("Functional") || c.equals("Model");
    }

    /** The model described by {@code {"class_name", "config"}}. */
    KModel model(Object node) throws CorruptModelFileException {
        return model(node, "the model", 0);
    }

    private KModel model(Object node, String what, int depth) throws CorruptModelFileException {
        if (depth > MAX_DEPTH) throw bad(what + " nests models more than " + MAX_DEPTH + " deep");
        Map<String, Object> m = map(node, what);
        String cls = string(m, "class_name", what);
        if (!isModelClass(cls)) throw bad(what + " is a " + cls + ", not a Sequential or functional model");
        Object cfgNode = m.get("config");
        if (cls.equals("Sequential")) {
            List<?> layerNodes;
            Map<String, Object> cfg;
            if (cfgNode instanceof List<?> l) { // Keras 1 and early Keras 2: the config is the list of layers
                layerNodes = l;
                cfg = Map.of();
            } else {
                cfg = map(cfgNode, what + "'s config");
                layerNodes = list(cfg.get("layers"), what + "'s config.layers");
            }
            String name = cfg.get("name") instanceof String s ? s : "sequential";
            List<KLayer> layers = new ArrayList<>();
            List<Long> shape = null;
            for (int i = 0; i < layerNodes.size(); i++) {
                String at = what + " layer " + i;
                Map<String, Object> ln = map(layerNodes.get(i), at);
                String lc = string(ln, "class_name", at);
                Map<String, Object> lcfg = lc.equals("Sequential") && ln.get("config") instanceof List<?>
                        ? Map.of()
                        : map(ln.get("config"), at + "'s config");
                if (lc.equals("InputLayer")) {
                    if (shape == null) shape = batchShape(lcfg, at);
                    continue;
                }
                if (shape == null && layers.isEmpty()) shape = declaredInput(ln, lcfg, at);
                layers.add(layer(ln, lc, lcfg, List.of(), at, depth));
            }
            if (shape == null && cfg.get("build_input_shape") instanceof List<?> b)
                shape = dims(b, what + " build_input_shape");
            if (shape == null
                    && m.get("build_config") instanceof Map<?, ?> bc
                    && bc.get("input_shape") instanceof List<?> b) shape = dims(b, what + " build_config.input_shape");
            return new KModel(false, name, layers, shape, List.of(), List.of(), Map.of());
        }
        Map<String, Object> cfg = map(cfgNode, what + "'s config");
        String name = cfg.get("name") instanceof String s ? s : "functional";
        List<?> layerNodes = list(cfg.get("layers"), what + "'s config.layers");
        List<KLayer> layers = new ArrayList<>();
        Map<String, List<Long>> inputShapes = new LinkedHashMap<>();
        for (int i = 0; i < layerNodes.size(); i++) {
            String at0 = what + " layer " + i;
            Map<String, Object> ln = map(layerNodes.get(i), at0);
            String lc = string(ln, "class_name", at0);
            Map<String, Object> lcfg = map(ln.get("config"), at0 + "'s config");
            String lname = ln.get("name") instanceof String s ? s : string(lcfg, "name", at0 + "'s config");
            String at = what + " layer '" + lname + "'";
            List<List<Ref>> nodes = nodes(ln.get("inbound_nodes"), at);
            if (ATTENTION.contains(lc)) lcfg = withCallOptions(lcfg, ln.get("inbound_nodes"));
            if (lc.equals("InputLayer")) inputShapes.put(lname, batchShape(lcfg, at));
            layers.add(layer(ln, lc, lcfg, nodes, at, depth));
        }
        List<Ref> inputs = refs(cfg.get("input_layers"), what + "'s input_layers");
        List<Ref> outputs = refs(cfg.get("output_layers"), what + "'s output_layers");
        KModel km = new KModel(true, name, layers, null, inputs, outputs, inputShapes);
        return format.legacy() ? shiftNestedNodeIndices(km) : km;
    }

    private KLayer layer(
            Map<String, Object> ln, String cls, Map<String, Object> cfg, List<List<Ref>> nodes, String at, int depth)
            throws CorruptModelFileException {
        if (isModelClass(cls)) {
            KModel nested = model(ln, at, depth + 1);
            String name = ln.get("name") instanceof String s ? s : nested.name();
            return new KLayer(cls, name, cfg, nodes, nested);
        }
        String name = ln.get("name") instanceof String s ? s : string(cfg, "name", at + "'s config");
        return new KLayer(cls, name, cfg, nodes, null);
    }

    /**
     * Keras 2 and TF.js count a nested model's own construction as its node 0 (Keras 2's
     * {@code _should_skip_first_node}), so the first use in the outer model is node 1; Nabla and Keras 3 count from 0.
     */
    private static KModel shiftNestedNodeIndices(KModel m) {
        Map<String, Boolean> skip = new LinkedHashMap<>();
        for (KLayer l : m.layers())
            if (l.model() != null)
                skip.put(l.name(), l.model().functional() || l.model().inputShape() != null);
        if (!skip.containsValue(true)) return m;
        List<KLayer> layers = new ArrayList<>();
        for (KLayer l : m.layers()) {
            List<List<Ref>> nodes = new ArrayList<>();
            for (List<Ref> n : l.nodes()) nodes.add(shift(n, skip));
            layers.add(new KLayer(l.className(), l.name(), l.config(), nodes, l.model()));
        }
        return new KModel(
                true, m.name(), layers, null, shift(m.inputs(), skip), shift(m.outputs(), skip), m.inputShapes());
    }

    private static List<Ref> shift(List<Ref> refs, Map<String, Boolean> skip) {
        List<Ref> out = new ArrayList<>();
        for (Ref r : refs)
            out.add(
                    Boolean.TRUE.equals(skip.get(r.layer())) && r.node() > 0
                            ? new Ref(r.layer(), r.node() - 1, r.tensor())
                            : r);
        return out;
    }

    /** A Sequential's first layer may declare the input: batch_input_shape (legacy) or build_config (Keras 3). */
    private List<Long> declaredInput(Map<String, Object> ln, Map<String, Object> cfg, String at)
            throws CorruptModelFileException {
        if (cfg.get("batch_input_shape") instanceof List<?> b) return dims(b, at + " batch_input_shape");
        if (cfg.get("batch_shape") instanceof List<?> b) return dims(b, at + " batch_shape");
        if (ln.get("build_config") instanceof Map<?, ?> bc && bc.get("input_shape") instanceof List<?> b)
            return dims(b, at + " build_config.input_shape");
        return null;
    }

    private List<Long> batchShape(Map<String, Object> cfg, String at) throws CorruptModelFileException {
        Object b = cfg.containsKey("batch_shape") ? cfg.get("batch_shape") : cfg.get("batch_input_shape");
        if (b == null && cfg.get("shape") instanceof List<?> s) {
            List<Object> withBatch = new ArrayList<>();
            withBatch.add(null);
            withBatch.addAll(s);
            b = withBatch;
        }
        if (!(b instanceof List<?> l)) throw bad(at + " declares no batch_shape / batch_input_shape");
        return dims(l, at + " batch shape");
    }

    /** The per-sample dimensions of a batch shape (the batch entry dropped; null for an unknown dimension). */
    private List<Long> dims(List<?> b, String what) throws CorruptModelFileException {
        if (b.isEmpty() || b.size() > 9) throw bad(what + " " + b + " must have between 1 and 9 entries");
        List<Long> out = new ArrayList<>();
        for (Object o : b.subList(1, b.size())) {
            if (o == null) out.add(null);
            else if (o instanceof Long d && d > 0 && d <= Integer.MAX_VALUE) out.add(d);
            else throw bad(what + " " + b + " must hold positive integers or null");
        }
        return out;
    }

    private static final java.util.Set<String> ATTENTION =
            java.util.Set.of("Attention", "AdditiveAttention", "MultiHeadAttention");
    private static final List<String> CALL_OPTIONS = List.of("use_causal_mask", "return_attention_scores");

    /**
     * An attention layer's config with the options Keras passes at call time (use_causal_mask,
     * return_attention_scores), read from its inbound nodes' kwargs (Keras 3: the node's "kwargs"; legacy: the
     * fourth entry of each input reference). Nabla keeps them as settings, so nodes that disagree leave a list of
     * the values, which the layer's config then rejects by name.
     */
    private static Map<String, Object> withCallOptions(Map<String, Object> cfg, Object inbound) {
        if (!(inbound instanceof List<?> nodes) || nodes.isEmpty()) return cfg;
        Map<String, Object> out = new LinkedHashMap<>(cfg);
        for (String key : CALL_OPTIONS) {
            java.util.Set<Object> seen = new java.util.LinkedHashSet<>();
            for (Object n : nodes) {
                Object kwargs = null;
                if (n instanceof Map<?, ?> m) kwargs = m.get("kwargs");
                else if (n instanceof List<?> refs
                        && !refs.isEmpty()
                        && refs.getFirst() instanceof List<?> r
                        && r.size() > 3) kwargs = r.get(3);
                Object v = kwargs instanceof Map<?, ?> kw ? kw.get(key) : null;
                seen.add(v == null ? Boolean.FALSE : v);
            }
            if (seen.size() == 1 && Boolean.FALSE.equals(seen.iterator().next())) continue;
            out.put(key, seen.size() == 1 ? seen.iterator().next() : new ArrayList<>(seen));
        }
        return out;
    }

    /** A functional layer's inbound nodes: legacy lists of [name, node, tensor, kwargs], or Keras 3 args. */
    private List<List<Ref>> nodes(Object o, String at) throws CorruptModelFileException {
        if (o == null) return List.of();
        List<List<Ref>> out = new ArrayList<>();
        for (Object n : list(o, at + " inbound_nodes")) {
            List<Ref> refs = new ArrayList<>();
            if (n instanceof Map<?, ?> m) {
                collectTensors(m.get("args"), refs, at, 0);
                List<Ref> kw = new ArrayList<>();
                collectTensors(m.get("kwargs"), kw, at, 0);
                if (!kw.isEmpty())
                    throw new CorruptModelFileException(
                            where,
                            at + " is called with tensors as keyword arguments ("
                                    + kw.getFirst().layer() + "), which Nabla does not support");
            } else {
                for (Object r : list(n, at + " inbound node")) refs.add(ref(r, at + " inbound node"));
            }
            if (refs.isEmpty()) throw bad(at + " has an inbound node without input tensors");
            out.add(refs);
        }
        return out;
    }

    private void collectTensors(Object o, List<Ref> into, String at, int depth) throws CorruptModelFileException {
        if (depth > MAX_DEPTH) throw bad(at + " nests its call arguments too deeply");
        if (o instanceof List<?> l) for (Object x : l) collectTensors(x, into, at, depth + 1);
        else if (o instanceof Map<?, ?> m) {
            if ("__keras_tensor__".equals(m.get("class_name"))) {
                Map<String, Object> c = map(m.get("config"), at + " tensor");
                into.add(ref(c.get("keras_history"), at + " keras_history"));
            } else for (Object v : m.values()) collectTensors(v, into, at, depth + 1);
        }
    }

    /** input_layers / output_layers: a list of [name, node, tensor], or one such triple (Keras 3, one tensor). */
    private List<Ref> refs(Object o, String what) throws CorruptModelFileException {
        List<?> l = list(o, what);
        List<Ref> out = new ArrayList<>();
        if (!l.isEmpty() && l.getFirst() instanceof String) out.add(ref(l, what));
        else for (Object r : l) out.add(ref(r, what));
        if (out.isEmpty()) throw bad(what + " is empty");
        return out;
    }

    private Ref ref(Object o, String what) throws CorruptModelFileException {
        if (!(o instanceof List<?> r)
                || r.size() < 3
                || !(r.get(0) instanceof String name)
                || !(r.get(1) instanceof Long node)
                || !(r.get(2) instanceof Long tensor)
                || node < 0
                || node > 1_000_000
                || tensor < 0
                || tensor > 1_000_000)
            throw bad(what + " holds " + o + "; expected [layer name, node index, tensor index]");
        return new Ref(name, (int) (long) node, (int) (long) tensor);
    }

    private CorruptModelFileException bad(String problem) {
        return new CorruptModelFileException(where, problem);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String what) throws CorruptModelFileException {
        if (!(o instanceof Map<?, ?> m)) throw bad(what + " is missing or not a JSON object");
        return (Map<String, Object>) m;
    }

    private List<?> list(Object o, String what) throws CorruptModelFileException {
        if (!(o instanceof List<?> l)) throw bad(what + " is missing or not a JSON array");
        return l;
    }

    private String string(Map<String, Object> m, String key, String what) throws CorruptModelFileException {
        if (!(m.get(key) instanceof String s)) throw bad(what + " has no string '" + key + "'");
        return s;
    }
}
