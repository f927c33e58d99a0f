package nabla.nn.internal;

import nabla.nn.weights.Initializer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Initializers the recurrent layers need beyond {@link Initializer}: Keras' orthogonal (the default recurrent
 * kernel), identity (IRNN) and the small uniform of Embedding. Kept package-private and minimal; a shared
 * {@code Initializer.orthogonal} can replace {@link #orthogonal()} when it exists.
 */
public final class RecurrentInit {
    private RecurrentInit() {}

    /** Resolves the names above, "random_normal(std)", then anything {@link Initializer#byName} knows. */
    public static Initializer byName(String name) {
        if (name.startsWith("random_normal(") && name.endsWith(")"))
            return randomNormal(Float.parseFloat(name.substring(14, name.length() - 1)));
        return switch (name) {
            case "orthogonal" -> orthogonal();
            case "identity" -> identity();
            case "uniform" -> uniform();
            default -> Initializer.byName(name);
        };
    }

    /**
     * Keras' Orthogonal (gain 1): a Gaussian matrix of shape (max(rows, cols), min(rows, cols)) whose columns
     * are orthonormalised (modified Gram-Schmidt in double, which gives the QR factor with a positive diagonal,
     * as Keras' sign correction does), transposed when rows &lt; cols. Rows are all axes but the last.
     */
    public static Initializer orthogonal() {
        return named("orthogonal", (s, rng) -> {
            int cols = s.last(), rows = s.size() / cols;
            int m = Math.max(rows, cols), n = Math.min(rows, cols);
            double[][] q = new double[n][m];
            for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) q[j][i] = rng.nextGaussian();
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[j][i] * q[k][i];
                    for (int i = 0; i < m; i++) q[j][i] -= dot * q[k][i];
                }
                double norm = 0;
                for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
                norm = Math.sqrt(norm);
                for (int i = 0; i < m; i++) q[j][i] /= norm;
            }
            float[] d = new float[rows * cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) d[r * cols + c] = (float) (rows < cols ? q[r][c] : q[c][r]);
            return NDArray.wrap(d, s);
        });
    }

    /** The identity matrix (rows = all axes but the last; ones where row == column). */
    public static Initializer identity() {
        return named("identity", (s, rng) -> {
            int cols = s.last(), rows = s.size() / cols;
            float[] d = new float[rows * cols];
            for (int i = 0; i < Math.min(rows, cols); i++) d[i * cols + i] = 1f;
            return NDArray.wrap(d, s);
        });
    }

    /** Keras' "uniform" (RandomUniform in ±0.05), the Embedding default. */
    public static Initializer uniform() {
        return named("uniform", (s, rng) -> NDArray.uniform(s, -0.05f, 0.05f, rng));
    }

    public static Initializer randomNormal(float std) {
        return named("random_normal(" + std + ")", (s, rng) -> NDArray.normal(s, 0f, std, rng));
    }

    /** {@code base}, with ones in the forget-gate block [u, 2u) of an LSTM bias (Keras' unit_forget_bias). */
    public static NDArray unitForgetBias(NDArray bias, int units) {
        for (int j = units; j < 2 * units; j++) bias.data()[bias.offset() + j] = 1f;
        return bias;
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
