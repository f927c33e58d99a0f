package nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A layer without weights whose output has the shape of its input: activation layers, dropout, noise. It takes
 * any input shape ({@link #checkInput} may narrow that), keeps the layer's seeded random source for layers that
 * draw random numbers ({@link #rng()}), and leaves only {@code call} and {@code config} to the subclass.
 * {@link #outputShape} returns its argument.
 */
public abstract class SameShapeLayer extends Layer {
    private Rng rng;

    /** For subclasses. */
    protected SameShapeLayer() {}

    @Override
    protected final void create(Shape sampleShape, Rng rng) {
        checkInput(sampleShape);
        this.rng = rng;
    }

    /**
     * Validates the per-sample input shape when the layer is built; any shape by default.
     *
     * @param sampleShape the per-sample input shape (batch axis excluded)
     * @throws IllegalArgumentException naming the layer and the shape when it does not fit
     */
    protected void checkInput(Shape sampleShape) {}

    /**
     * The layer's random source, seeded from its seed when it was built; each call to {@code call} that draws
     * from it advances it, so a layer's masks or noise differ from batch to batch but repeat run to run.
     *
     * @return the random source, or null before the layer is built
     */
    protected final Rng rng() {
        return rng;
    }

    /**
     * The state of the random source, under "rng", once built.
     *
     * @return a new map, empty while unbuilt
     */
    @Override
    public Map<String, Rng.State> randomStates() {
        Map<String, Rng.State> m = new java.util.LinkedHashMap<>();
        if (rng != null) m.put("rng", rng.state());
        return m;
    }

    /**
     * Continues from a saved random state (key "rng").
     *
     * @param states the states by key
     * @throws IllegalArgumentException for another key
     * @throws IllegalStateException if the layer is not built
     */
    @Override
    public void restoreRandomStates(Map<String, Rng.State> states) {
        for (Map.Entry<String, Rng.State> e : states.entrySet()) {
            if (!e.getKey().equals("rng"))
                throw new IllegalArgumentException(describe() + ": no random state '" + e.getKey() + "'");
            if (rng == null) throw new IllegalStateException(describe() + " is not built");
            rng = Rng.restore(e.getValue());
        }
    }

    @Override
    public final Shape outputShape(Shape sampleShape) {
        return sampleShape;
    }

    /**
     * A one-entry config, for {@link #config()}.
     *
     * @param key the Keras key, e.g. "rate"
     * @param value its value
     * @return a new, modifiable map holding that entry
     */
    protected static Map<String, Object> config(String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(key, value);
        return c;
    }
}
