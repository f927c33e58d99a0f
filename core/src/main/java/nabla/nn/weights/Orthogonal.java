package nabla.nn.weights;

import nabla.tensor.Rng;

/** The orthogonal initializer's matrix, computed in double. */
final class Orthogonal {
    private Orthogonal() {}

    /**
     * A rows×cols row-major float matrix, times {@code gain}, with orthonormal columns when rows &gt;= cols and
     * orthonormal rows otherwise.
     */
    static float[] matrix(int rows, int cols, float gain, Rng rng) {
        int m = Math.max(rows, cols), k = Math.min(rows, cols);
        double[][] q = new double[k][m]; // k column vectors of length m
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) q[j][i] = rng.nextGaussian();
        for (int j = 0; j < k; j++) {
            for (int pass = 0; pass < 2; pass++) { // modified Gram-Schmidt, repeated once ("twice is enough")
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[p][i] * q[j][i];
                    for (int i = 0; i < m; i++) q[j][i] -= dot * q[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            if (norm < 1e-12)
                throw new IllegalStateException("orthogonal initializer: degenerate random matrix (try another seed)");
            for (int i = 0; i < m; i++) q[j][i] /= norm;
        }
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[i * cols + j] = (float) (gain * (rows >= cols ? q[j][i] : q[i][j]));
        return out;
    }
}
