package nabla.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;

/**
 * Moves weights between a model's parameters (keyed by path, "dense_1.kernel") and a plain name → array map, as
 * PyTorch's {@code state_dict()} and {@code load_state_dict(strict=True)}.
 */
public final class Weights {
    private Weights() {}

    /**
     * The parameters' current values by key, in order.
     *
     * @param parameters the model's parameters by key
     * @return a new map of the value arrays themselves, not copies: they change as the model trains
     */
    public static Map<String, NDArray> values(Map<String, Parameter> parameters) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        parameters.forEach((k, p) -> m.put(k, p.value()));
        return m;
    }

    /**
     * Copies {@code saved} into {@code parameters}, strictly: every parameter must have a saved array of the same
     * shape and every saved array a parameter. All problems are collected first and reported in one
     * {@link WeightMismatchException} naming {@code file}; nothing is copied unless there are none. The values are
     * copied into the parameters' existing arrays.
     *
     * @param parameters the model's parameters by key (their values are overwritten)
     * @param saved the saved arrays by key (not modified)
     * @param file the file they came from, named in the error
     * @throws WeightMismatchException listing the missing keys, the unexpected keys and the shape mismatches
     */
    public static void loadStrict(Map<String, Parameter> parameters, Map<String, NDArray> saved, String file)
            throws WeightMismatchException {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), sizes = new ArrayList<>();
        parameters.forEach((key, p) -> {
            NDArray w = saved.get(key);
            if (w == null) missing.add(key);
            else if (!w.shape().equals(p.shape()))
                sizes.add("size mismatch for " + key + ": shape " + w.shape() + " in file, " + p.shape() + " in model");
        });
        for (String key : saved.keySet()) if (!parameters.containsKey(key)) unexpected.add(key);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !sizes.isEmpty())
            throw new WeightMismatchException(file, missing, unexpected, sizes);
        parameters.forEach((key, p) -> p.value().assign(saved.get(key)));
    }
}
