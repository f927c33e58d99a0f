package nabla.nn.weights;

import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Creates initial weight values. Fan-in and fan-out follow Keras: for a 2-D kernel (in, out) they are its two
 * axes; for higher ranks the leading axes are the receptive field and multiply both.
 */
@FunctionalInterface
public interface Initializer {
    NDArray create(Shape shape, Rng rng);

    /** Keras' default for Dense: uniform in ±sqrt(6 / (fanIn + fanOut)). */
    static Initializer glorotUniform() {
        return named("glorot_uniform", (s, r) -> {
            float limit = (float) Math.sqrt(6.0 / (fanIn(s) + fanOut(s)));
            return NDArray.uniform(s, -limit, limit, r);
        });
    }

    /** Normal with std sqrt(2 / (fanIn + fanOut)), truncated at two standard deviations (as Keras). */
    static Initializer glorotNormal() {
        return named("glorot_normal", (s, r) -> truncatedNormal(s, Math.sqrt(2.0 / (fanIn(s) + fanOut(s))), r));
    }

    /** He et al. (2015) for ReLU: uniform in ±sqrt(6 / fanIn). */
    static Initializer heUniform() {
        return named("he_uniform", (s, r) -> {
            float limit = (float) Math.sqrt(6.0 / fanIn(s));
            return NDArray.uniform(s, -limit, limit, r);
        });
    }

    /** He et al. (2015) for ReLU: truncated normal with std sqrt(2 / fanIn). */
    static Initializer heNormal() {
        return named("he_normal", (s, r) -> truncatedNormal(s, Math.sqrt(2.0 / fanIn(s)), r));
    }

    static Initializer zeros() {
        return named("zeros", (s, r) -> NDArray.zeros(s));
    }

    static Initializer ones() {
        return named("ones", (s, r) -> NDArray.full(s, 1f));
    }

    static Initializer constant(float v) {
        return named("constant(" + v + ")", (s, r) -> NDArray.full(s, v));
    }

    /** LeCun et al. (1998): uniform in ±sqrt(3 / fanIn) (Keras' lecun_uniform). */
    static Initializer lecunUniform() {
        return named("lecun_uniform", (s, r) -> {
            float limit = (float) Math.sqrt(3.0 / fanIn(s));
            return NDArray.uniform(s, -limit, limit, r);
        });
    }

    /** LeCun: truncated normal with std sqrt(1 / fanIn) (Keras' lecun_normal, the one SELU networks want). */
    static Initializer lecunNormal() {
        return named("lecun_normal", (s, r) -> truncatedNormal(s, Math.sqrt(1.0 / fanIn(s)), r));
    }

    /** Uniform in [min, max) (Keras' RandomUniform; its defaults are ±0.05). */
    static Initializer randomUniform(float min, float max) {
        if (!(max > min)) throw new IllegalArgumentException("random_uniform: max must exceed min, got [" + min + ", " + max + ")");
        return named("random_uniform(" + min + "," + max + ")", (s, r) -> NDArray.uniform(s, min, max, r));
    }

    /** Normal with the given mean and standard deviation (Keras' RandomNormal; its defaults are 0 and 0.05). */
    static Initializer randomNormal(float mean, float std) {
        if (!(std >= 0)) throw new IllegalArgumentException("random_normal: std must be >= 0, got " + std);
        return named("random_normal(" + mean + "," + std + ")", (s, r) -> NDArray.normal(s, mean, std, r));
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as Keras' Orthogonal (Saxe et al. 2014): the weight is seen as
     * (product of leading axes, last axis); a Gaussian matrix of the taller orientation is orthonormalized by
     * Gram-Schmidt in double (twice, for accuracy; equal to QR with R's diagonal made positive) and transposed
     * when there are fewer rows than columns, so rows or columns are orthonormal.
     */
    static Initializer orthogonal(float gain) {
        return named("orthogonal(" + gain + ")", (s, r) -> {
            if (s.rank() < 2) throw new IllegalArgumentException("orthogonal initializer: needs a weight of rank >= 2, got shape " + s);
            return NDArray.wrap(Orthogonal.matrix(s.size() / s.last(), s.last(), gain, r), s);
        });
    }

    /** {@code gain} times the identity (rectangular: ones on the main diagonal); 2-D weights only. Le et al.'s IRNN uses it for the recurrent kernel. */
    static Initializer identity(float gain) {
        return named("identity(" + gain + ")", (s, r) -> {
            if (s.rank() != 2) throw new IllegalArgumentException("identity initializer: needs a 2-D weight, got shape " + s);
            NDArray a = NDArray.zeros(s);
            for (int i = 0; i < Math.min(s.dim(0), s.dim(1)); i++) a.set(gain, i, i);
            return a;
        });
    }

    /**
     * Looks up an initializer by its Keras name ("glorot_uniform", "he_normal", "lecun_uniform", "zeros", ...)
     * or by the saved form with arguments: "constant(v)", "random_uniform(min,max)", "random_normal(mean,std)",
     * "orthogonal(gain)", "identity(gain)" (without arguments the Keras defaults apply).
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
                if (n.args().size() != 1) throw new IllegalArgumentException("initializer '" + name + "': constant needs one value, e.g. constant(0.1)");
                yield constant(n.arg(0, 0f));
            }
            case "random_uniform" -> randomUniform(n.arg(0, -0.05f), n.arg(1, 0.05f));
            case "random_normal" -> randomNormal(n.arg(0, 0f), n.arg(1, 0.05f));
            case "orthogonal" -> orthogonal(n.arg(0, 1f));
            case "identity" -> identity(n.arg(0, 1f));
            default -> throw new IllegalArgumentException("unknown initializer '" + name
                    + "'; known: glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, zeros, ones, constant(v),"
                    + " random_uniform(min,max), random_normal(mean,std), orthogonal(gain), identity(gain)");
        };
    }

    /** The name used in saved configurations. */
    default String name() {
        return "custom";
    }

    static int fanIn(Shape s) {
        if (s.rank() < 2) return s.size();
        return s.size() / s.last();
    }

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
