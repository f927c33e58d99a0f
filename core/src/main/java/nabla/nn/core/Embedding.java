package nabla.nn.core;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.autograd.EmbeddingOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.internal.RecurrentInit;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Turns integer ids into dense vectors, as Keras' {@code Embedding} (PyTorch's {@code nn.Embedding}): input
 * (batch, ...) of ids given as float values in [0, inputDim), usually (batch, steps); output (batch, ...,
 * outputDim); weight "embeddings" (inputDim, outputDim), Keras' uniform ±0.05 init by default (PyTorch draws from
 * N(0, 1)). The gradient is a scatter-add into the rows the batch used. With {@code maskZero}, id 0 is padding:
 * the layer emits a mask of the input's shape, (batch, steps), that later recurrent layers use to skip padded
 * steps (so inputDim must count the padding id, e.g. vocabulary + 1); the padding id still has a vector of its
 * own. Saved config keys: "input_dim", "output_dim", "mask_zero", "embeddings_initializer".
 */
public final class Embedding extends Layer {
    private final int inputDim, outputDim;
    private final boolean maskZero;
    private final String init;
    private Parameter embeddings;

    /**
     * An embedding without masking and with Keras' uniform init.
     *
     * @param inputDim the number of ids (vocabulary size), &gt; 0
     * @param outputDim the vector size, &gt; 0
     * @throws IllegalArgumentException if a size is not positive
     */
    public Embedding(int inputDim, int outputDim) {
        this(inputDim, outputDim, false);
    }

    /**
     * An embedding with Keras' uniform init.
     *
     * @param inputDim the number of ids, the padding id 0 included, &gt; 0
     * @param outputDim the vector size, &gt; 0
     * @param maskZero whether id 0 is padding (Keras' {@code mask_zero})
     * @throws IllegalArgumentException if a size is not positive
     */
    public Embedding(int inputDim, int outputDim, boolean maskZero) {
        this(inputDim, outputDim, maskZero, "uniform");
    }

    /**
     * An embedding with every setting given.
     *
     * @param inputDim the number of ids, the padding id 0 included when masking, &gt; 0
     * @param outputDim the vector size, &gt; 0
     * @param maskZero whether id 0 is padding (Keras' {@code mask_zero})
     * @param embeddingsInitializer the initializer's name: "uniform" (Keras' ±0.05, the default), "orthogonal",
     *     "identity", "random_normal(std)", or any name {@link nabla.nn.weights.Initializer#byName} reads
     * @throws IllegalArgumentException if a size is not positive or the initializer name is unknown
     */
    public Embedding(int inputDim, int outputDim, boolean maskZero, String embeddingsInitializer) {
        if (inputDim <= 0 || outputDim <= 0)
            throw new IllegalArgumentException("Embedding: inputDim and outputDim must be positive, got inputDim="
                    + inputDim + ", outputDim=" + outputDim);
        RecurrentInit.byName(embeddingsInitializer);
        super();
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.maskZero = maskZero;
        this.init = embeddingsInitializer;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "input_dim" and "output_dim" (required), "mask_zero", "embeddings_initializer"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Embedding fromConfig(ConfigMap c) {
        c.allowOnly("input_dim", "output_dim", "mask_zero", "embeddings_initializer");
        return new Embedding(
                c.intValue("input_dim"),
                c.intValue("output_dim"),
                c.boolValue("mask_zero", false),
                c.string("embeddings_initializer", "uniform"));
    }

    @Override
    protected void create(Shape in, Rng rng) {
        embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), RecurrentInit.byName(init), rng, true);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        float[] v = x.value().contiguous().toArray();
        int[] ids = new int[v.length];
        int per = x.rank() == 0 || x.dim(0) == 0 ? Math.max(1, v.length) : v.length / x.dim(0);
        for (int i = 0; i < v.length; i++) {
            int id = (int) v[i];
            if (id != v[i] || id < 0 || id >= inputDim)
                throw new InvalidRowException(
                        describe() + ": input value " + v[i] + " ",
                        i / per,
                        ", position " + i % per + " of " + per + ", is not an id in [0, " + inputDim
                                + "); raise inputDim or map rare words to an out-of-vocabulary id");
            ids[i] = id;
        }
        return EmbeddingOps.lookup(embeddings.tensor(), ids, x.shape());
    }

    /**
     * With maskZero, 1 where the id is nonzero and 0 where it is the padding id 0; otherwise none.
     *
     * @param x the batch of ids
     * @param mask ignored
     * @return a 0/1 mask of {@code x}'s shape, or null without maskZero
     */
    @Override
    public NDArray computeMask(Tensor x, NDArray mask) {
        return maskZero ? x.value().abs().gt(0f) : null;
    }

    /**
     * The vocabulary size: ids run from 0 to {@code inputDim() - 1}.
     *
     * @return Keras' {@code input_dim}
     */
    public int inputDim() {
        return inputDim;
    }

    /**
     * The length of each embedding vector.
     *
     * @return Keras' {@code output_dim}
     */
    public int outputDim() {
        return outputDim;
    }

    /**
     * Whether id 0 is padding.
     *
     * @return Keras' {@code mask_zero}
     */
    public boolean maskZero() {
        return maskZero;
    }

    @Override
    public Shape outputShape(Shape in) {
        int[] d = new int[in.rank() + 1];
        for (int i = 0; i < in.rank(); i++) d[i] = in.dim(i);
        d[in.rank()] = outputDim;
        return Shape.of(d);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("mask_zero", maskZero);
        c.put("embeddings_initializer", init);
        return c;
    }
}
