package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Fused#columnSumAccumulate} against a double-precision sum, for narrow (flat-vector path) and wide blocks. */
class FusedTest {
    @ParameterizedTest(name = "{0} rows x {1} cols")
    @CsvSource({"100352, 6", "1003, 6", "37, 3", "5, 6", "64, 1", "300, 15", "77, 16", "50, 120"})
    void columnSumsAddToTheOutput(int rows, int cols) {
        Random r = new Random(rows * 31 + cols);
        float[] x = new float[3 + rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        float[] out = new float[cols + 2];
        double[] ref = new double[cols];
        for (int j = 0; j < cols; j++) {
            out[1 + j] = j;
            ref[j] = j;
            for (int i = 0; i < rows; i++) ref[j] += x[3 + i * cols + j];
        }
        Fused.columnSumAccumulate(x, 3, rows, cols, out, 1);
        assertEquals(0f, out[0]);
        assertEquals(0f, out[cols + 1]);
        for (int j = 0; j < cols; j++) assertEquals(ref[j], out[1 + j], 1e-6 * rows + 1e-5, "column " + j);
    }
}
