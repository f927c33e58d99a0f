package nabla.nn;

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

    /** Looks up an initializer by its Keras name ("glorot_uniform", "he_normal", "zeros", ...) or "constant(v)". */
    static Initializer byName(String name) {
        if (name.startsWith("constant(") && name.endsWith(")")) {
            try {
                return constant(Float.parseFloat(name.substring("constant(".length(), name.length() - 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("initializer '" + name + "': the value is not a number");
            }
        }
        return switch (name) {
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_uniform" -> heUniform();
            case "he_normal" -> heNormal();
            case "zeros" -> zeros();
            case "ones" -> ones();
            default -> throw new IllegalArgumentException("unknown initializer '" + name
                    + "'; known: glorot_uniform, glorot_normal, he_uniform, he_normal, zeros, ones, constant(v)");
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
