package nabla.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nabla.optim.OptimizerState;
import nabla.tensor.NDArray;

/**
 * {@link OptimizerState} to and from the {@code optimizer.safetensors} entry of a model file: a standard safetensors
 * file whose tensors are the slot arrays, named "WEIGHT/INDEX" ("dense.kernel/0" is Adam's m of the weight
 * "dense.kernel", "dense.kernel/1" its v), and whose {@code __metadata__} holds "optimizer" (the name),
 * "iterations" (a decimal integer), "accumulated_steps" (with gradient accumulation, the calls since the last
 * update; absent means 0) and "learning_rate" (the base rate as Java's {@link Float#toString}, which reads
 * back bit-identical).
 */
final class OptimizerEntry {
    private OptimizerEntry() {}

    static SafeTensors toSafeTensors(OptimizerState state) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        state.slots().forEach((key, arrays) -> {
            for (int i = 0; i < arrays.size(); i++) tensors.put(key + "/" + i, arrays.get(i));
        });
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("optimizer", state.optimizer());
        meta.put("iterations", Long.toString(state.iterations()));
        if (state.accumulatedSteps() != 0) meta.put("accumulated_steps", Integer.toString(state.accumulatedSteps()));
        meta.put("learning_rate", Float.toString(state.learningRate()));
        return new SafeTensors(tensors, meta);
    }

    /** The state in {@code st}; {@code entry} ("file!/optimizer.safetensors") names it in errors. */
    static OptimizerState fromSafeTensors(SafeTensors st, String entry) throws CorruptModelFileException {
        Map<String, String> meta = st.metadata();
        String optimizer = meta.get("optimizer");
        if (optimizer == null || optimizer.isEmpty()) throw problem(entry, "metadata 'optimizer' is missing");
        long iterations;
        float lr;
        try {
            iterations = Long.parseLong(required(meta, "iterations", entry));
            if (iterations < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw problem(entry, "metadata 'iterations' must be an integer >= 0, got '" + meta.get("iterations") + "'");
        }
        try {
            lr = Float.parseFloat(required(meta, "learning_rate", entry));
            if (!(lr > 0) || !Float.isFinite(lr)) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw problem(
                    entry,
                    "metadata 'learning_rate' must be a finite number > 0, got '" + meta.get("learning_rate") + "'");
        }
        Map<String, TreeMap<Integer, NDArray>> byWeight = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> t : st.tensors().entrySet()) {
            String name = t.getKey();
            int slash = name.lastIndexOf('/');
            int index = -1;
            if (slash > 0 && name.substring(slash + 1).matches("0|[1-9]\\d{0,3}"))
                index = Integer.parseInt(name.substring(slash + 1));
            if (index < 0)
                throw problem(entry, "tensor '" + name + "' is not named WEIGHT/INDEX (e.g. 'dense.kernel/0')");
            byWeight.computeIfAbsent(name.substring(0, slash), k -> new TreeMap<>())
                    .put(index, t.getValue());
        }
        Map<String, List<NDArray>> slots = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Integer, NDArray>> w : byWeight.entrySet()) {
            TreeMap<Integer, NDArray> arrays = w.getValue();
            if (arrays.lastKey() != arrays.size() - 1)
                throw problem(
                        entry,
                        "the slots of '" + w.getKey() + "' are numbered " + arrays.keySet() + "; expected 0 to "
                                + (arrays.size() - 1) + " without gaps");
            slots.put(w.getKey(), new ArrayList<>(arrays.values()));
        }
        int accumulated = 0;
        String acc = meta.get("accumulated_steps");
        if (acc != null) {
            try {
                accumulated = Integer.parseInt(acc);
                if (accumulated < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw problem(entry, "metadata 'accumulated_steps' must be an integer >= 0, got '" + acc + "'");
            }
        }
        return new OptimizerState(optimizer, iterations, lr, slots, accumulated);
    }

    private static String required(Map<String, String> meta, String key, String entry)
            throws CorruptModelFileException {
        String v = meta.get(key);
        if (v == null) throw problem(entry, "metadata '" + key + "' is missing");
        return v;
    }

    private static CorruptModelFileException problem(String entry, String what) {
        return new CorruptModelFileException(entry, what);
    }
}
