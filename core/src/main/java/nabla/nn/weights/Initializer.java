package nabla.nn.weights;

import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Creates initial weight values. Fan-in and fan-out follow Keras: for a 2-D kernel (in, out) they are its two
 * axes; for higher ranks the leading axes are the receptive field and multiply both. All draws come from the
 * {@link Rng} given to {@link #create}, so a layer's seed fixes its initial weights. The factories here are
 * immutable and may be shared between layers; their {@link #name()} is what layers save, and {@link #byName}
 * reads it back.
 */
@FunctionalInterface
public interface Initializer {
    /**
     * Draws a new array of initial values.
     *
     * @param shape the weight's shape
     * @param rng the random source (the layer's, seeded from its seed)
     * @return a new array of that shape
     * @throws IllegalArgumentException if the initializer does not support the shape (orthogonal, identity)
     */
    NDArray create(Shape shape, Rng rng);

    /**
     * Keras' default for the kernels of Dense and convolution layers and the input kernels of recurrent layers
     * (Xavier uniform, PyTorch's {@code xavier_uniform_}): uniform in ±sqrt(6 / (fanIn + fanOut)).
     *
     * @return the initializer, named "glorot_uniform"
     */
    static Initializer glorotUniform() {
        return named("glorot_uniform", (s, r) -> {
            float limit = (float) Math.sqrt(6.0 / (fanIn(s) + fanOut(s)));
            return NDArray.uniform(s, -limit, limit, r);
        });
    }

    /**
     * Normal with std sqrt(2 / (fanIn + fanOut)), truncated at two standard deviations and rescaled to keep that
     * variance (as Keras).
     *
     * @return the initializer, named "glorot_normal"
     */
    static Initializer glorotNormal() {
        return named("glorot_normal", (s, r) -> truncatedNormal(s, Math.sqrt(2.0 / (fanIn(s) + fanOut(s))), r));
    }

    /**
     * He et al. (2015) for ReLU: uniform in ±sqrt(6 / fanIn) (PyTorch's {@code kaiming_uniform_} with
     * {@code a=0}).
     *
     * @return the initializer, named "he_uniform"
     */
    static Initializer heUniform() {
        return named("he_uniform", (s, r) -> {
            float limit = (float) Math.sqrt(6.0 / fanIn(s));
            return NDArray.uniform(s, -limit, limit, r);
        });
    }

    /**
     * He et al. (2015) for ReLU: normal with std sqrt(2 / fanIn), truncated at two standard deviations and
     * rescaled (as Keras).
     *
     * @return the initializer, named "he_normal"
     */
    static Initializer heNormal() {
        return named("he_normal", (s, r) -> truncatedNormal(s, Math.sqrt(2.0 / fanIn(s)), r));
    }

    /**
     * All zeros (Keras' default for biases).
     *
     * @return the initializer, named "zeros"
     */
    static Initializer zeros() {
        return named("zeros", (s, r) -> NDArray.zeros(s));
    }

    /**
     * All ones.
     *
     * @return the initializer, named "ones"
     */
    static Initializer ones() {
        return named("ones", (s, r) -> NDArray.full(s, 1f));
    }

    /**
     * Every element {@code v}.
     *
     * @param v the value
     * @return the initializer, named "constant(v)"
     */
    static Initializer constant(float v) {
        return named("constant(" + v + ")", (s, r) -> NDArray.full(s, v));
    }

    /**
     * LeCun et al. (1998): uniform in ±sqrt(3 / fanIn) (Keras' lecun_uniform).
     *
     * @return the initializer, named "lecun_uniform"
     */
    static Initializer lecunUniform() {
        return named("lecun_uniform", (s, r) -> {
            float limit = (float) Math.sqrt(3.0 / fanIn(s));
            return NDArray.uniform(s, -limit, limit, r);
        });
    }

    /**
     * LeCun: truncated normal with std sqrt(1 / fanIn) (Keras' lecun_normal, the one SELU networks want).
     *
     * @return the initializer, named "lecun_normal"
     */
    static Initializer lecunNormal() {
        return named("lecun_normal", (s, r) -> truncatedNormal(s, Math.sqrt(1.0 / fanIn(s)), r));
    }

    /**
     * Uniform in [min, max) (Keras' RandomUniform; its defaults are ±0.05).
     *
     * @param min the lower bound, included
     * @param max the upper bound, excluded
     * @return the initializer, named "random_uniform(min,max)"
     * @throws IllegalArgumentException unless {@code max > min}
     */
    static Initializer randomUniform(float min, float max) {
        if (!(max > min))
            throw new IllegalArgumentException("random_uniform: max must exceed min, got [" + min + ", " + max + ")");
        return named("random_uniform(" + min + "," + max + ")", (s, r) -> NDArray.uniform(s, min, max, r));
    }

    /**
     * Normal with the given mean and standard deviation, not truncated (Keras' RandomNormal; its defaults are 0
     * and 0.05).
     *
     * @param mean the mean
     * @param std the standard deviation, &gt;= 0
     * @return the initializer, named "random_normal(mean,std)"
     * @throws IllegalArgumentException if {@code std} is negative or NaN
     */
    static Initializer randomNormal(float mean, float std) {
        if (!(std >= 0)) throw new IllegalArgumentException("random_normal: std must be >= 0, got " + std);
        return named("random_normal(" + mean + "," + std + ")", (s, r) -> NDArray.normal(s, mean, std, r));
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as Keras' Orthogonal (Saxe et al. 2014): the weight is seen as
     * (product of leading axes, last axis); a Gaussian matrix of the taller orientation is orthonormalized by
     * Gram-Schmidt in double (twice, for accuracy; equal to QR with R's diagonal made positive) and transposed
     * when there are fewer rows than columns, so rows or columns are orthonormal.
     *
     * @param gain the factor applied to the matrix (Keras' default 1)
     * @return the initializer, named "orthogonal(gain)"; {@link #create} throws {@link IllegalArgumentException}
     *     for a weight of rank &lt; 2
     */
    static Initializer orthogonal(float gain) {
        return named("orthogonal(" + gain + ")", (s, r) -> {
            if (s.rank() < 2)
                throw new IllegalArgumentException(
                        "orthogonal initializer: needs a weight of rank >= 2, got shape " + s);
            return NDArray.wrap(Orthogonal.matrix(s.size() / s.last(), s.last(), gain, r), s);
        });
    }

    /**
     * {@code gain} times the identity (rectangular: ones on the main diagonal); 2-D weights only. Le et al.'s
     * IRNN uses it for the recurrent kernel.
     *
     * @param gain the diagonal's value (Keras' default 1)
     * @return the initializer, named "identity(gain)"; {@link #create} throws {@link IllegalArgumentException}
     *     for a weight that is not 2-D
     */
    static Initializer identity(float gain) {
        return named("identity(" + gain + ")", (s, r) -> {
            if (s.rank() != 2)
                throw new IllegalArgumentException("identity initializer: needs a 2-D weight, got shape " + s);
            NDArray a = NDArray.zeros(s);
            for (int i = 0; i < Math.min(s.dim(0), s.dim(1)); i++) a.set(gain, i, i);
            return a;
        });
    }

    /**
     * Looks up an initializer by its Keras name ("glorot_uniform", "he_normal", "lecun_uniform", "zeros", ...)
     * or by the saved form with arguments: "constant(v)", "random_uniform(min,max)", "random_normal(mean,std)",
     * "orthogonal(gain)", "identity(gain)" (without arguments the Keras defaults apply).
     *
     * @param name the name or saved form
     * @return the initializer
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones), malformed
     *     arguments, or "constant" without exactly one value
     */
    static Initializer byName(String name) {
        NameArgs n = NameArgs.parse("initializer", name);
        return switch (n.name()) {
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_uniform" -> heUniform();
            case "he_normal" -> heNormal();
            case "lecun_uniform" -> lecunUniform();
            case "lecun_normal" -> lecunNormal();
            case "zeros" -> zeros();
            case "ones" -> ones();
            case "constant" -> {
                if (n.args().size() != 1)
                    throw new IllegalArgumentException(
                            "initializer '" + name + "': constant needs one value, e.g. constant(0.1)");
                yield constant(n.arg(0, 0f));
            }
            case "random_uniform" -> randomUniform(n.arg(0, -0.05f), n.arg(1, 0.05f));
            case "random_normal" -> randomNormal(n.arg(0, 0f), n.arg(1, 0.05f));
            case "orthogonal" -> orthogonal(n.arg(0, 1f));
            case "identity" -> identity(n.arg(0, 1f));
            default ->
                throw new IllegalArgumentException("unknown initializer '" + name
                        + "'; known: glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, zeros, ones, constant(v),"
                        + " random_uniform(min,max), random_normal(mean,std), orthogonal(gain), identity(gain)");
        };
    }

    /**
     * The name used in saved configurations. A lambda or other user implementation is "custom" unless it
     * overrides this: a layer using one saves, but {@link #byName} cannot read it back.
     *
     * @return the name, e.g. "glorot_uniform" or "constant(0.1)"
     */
    default String name() {
        return "custom";
    }

    /**
     * Keras' fan-in: the product of all axes but the last (kh·kw·in for a Conv2D kernel); a weight of rank
     * &lt; 2 counts its size.
     *
     * @param s the weight's shape
     * @return the fan-in
     */
    static int fanIn(Shape s) {
        if (s.rank() < 2) return s.size();
        return s.size() / s.last();
    }

    /**
     * Keras' fan-out: the product of all axes but the second-to-last (kh·kw·out for a Conv2D kernel); a weight
     * of rank &lt; 2 counts its size.
     *
     * @param s the weight's shape
     * @return the fan-out
     */
    static int fanOut(Shape s) {
        if (s.rank() < 2) return s.size();
        return s.size() / s.dim(-2);
    }

    private static NDArray truncatedNormal(Shape s, double std, Rng r) {
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            double v;
            do {
                v = r.nextGaussian();
            } while (Math.abs(v) > 2);
            // Keras scales by 1/0.8796, the std of a unit normal truncated at ±2, to keep the requested variance.
            d[i] = (float) (v * std / 0.87962566103423978);
        }
        return NDArray.wrap(d, s);
    }

    private static Initializer named(String name, Initializer f) {
        return new Initializer() {
            @Override
            public NDArray create(Shape shape, Rng rng) {
                return f.create(shape, rng);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
