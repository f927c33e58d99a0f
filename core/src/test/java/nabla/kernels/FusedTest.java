package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Fused#columnSumAccumulate} against a double-precision sum, for narrow (flat-vector path) and wide blocks;
 * {@link Fused#biasActivation} with relu (one fused pass from a vector wide) against the plain formula.
 */
class FusedTest {
    @ParameterizedTest(name = "{0} rows x {1} cols")
    @CsvSource({"3, 64", "5, 17", "2, 7", "4, 8", "1, 500", "7, 1"})
    void biasReluIsMaxOfSumAndZero(int rows, int cols) {
        Random r = new Random(rows * 7 + cols);
        float[] y = new float[2 + rows * cols + 3], bias = new float[1 + cols];
        for (int i = 0; i < y.length; i++) y[i] = r.nextFloat() * 2 - 1;
        for (int i = 0; i < bias.length; i++) bias[i] = r.nextFloat() - 0.5f;
        float[] before = y.clone();
        Fused.biasActivation(y, 2, rows, cols, bias, 1, ActKind.RELU);
        for (int i = 0; i < y.length; i++) {
            int rel = i - 2;
            if (rel < 0 || rel >= rows * cols) assertEquals(before[i], y[i], "outside the block at " + i);
            else assertEquals(Math.max(before[i] + bias[1 + rel % cols], 0f), y[i], "y[" + rel + "]");
        }
    }

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
