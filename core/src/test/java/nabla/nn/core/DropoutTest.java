package nabla.nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void dropsAboutRateAndScalesTheRestInTrainingOnly() {
        Dropout d = new Dropout(0.3f);
        Tensor x = Tensor.of(NDArray.full(Shape.of(200, 50), 1f));
        float[] y = d.apply(x, true).value().toArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(1f / 0.7f, v, 1e-6f);
        }
        assertEquals(0.3, zeros / (double) y.length, 0.015);
        assertSame(x, d.apply(x, false)); // evaluation / prediction: the identity
        assertNotEquals(
                Arrays.toString(y), Arrays.toString(d.apply(x, true).value().toArray())); // a new mask each call
        assertSame(x, new Dropout(0f).apply(x, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1f));
        assertTrue(e.getMessage().startsWith("Dropout: rate must be in [0, 1)"), e.getMessage());
    }

    @Test
    void sameSeedSameMasks() {
        Tensor x = Tensor.of(NDArray.full(Shape.of(8, 33), 2f));
        float[] a = new Dropout(0.5f).seeded(11).apply(x, true).value().toArray();
        float[] b = new Dropout(0.5f).seeded(11).apply(x, true).value().toArray();
        float[] c = new Dropout(0.5f).seeded(12).apply(x, true).value().toArray();
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    }

    @Test
    void noiseShapeSharesTheMaskAlongBroadcastAxes() {
        Dropout d = new Dropout(0.5f).withNoiseShape(-1, 1, 1, -1); // drop whole channels per sample
        NDArray y =
                d.apply(Tensor.of(NDArray.full(Shape.of(4, 3, 3, 6), 1f)), true).value();
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 6; c++)
                for (int h = 0; h < 3; h++)
                    for (int w = 0; w < 3; w++) assertEquals(y.get(b, 0, 0, c), y.get(b, h, w, c));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Dropout(0.5f)
                        .withNoiseShape(-1, 2)
                        .named("drop")
                        .apply(Tensor.of(NDArray.zeros(2, 5)), true));
        assertTrue(e.getMessage().startsWith("Dropout 'drop': noise shape entry 2"), e.getMessage());
    }

    @Test
    void gaussianNoiseOnlyInTraining() {
        GaussianNoise g = new GaussianNoise(0.5f);
        Tensor x = Tensor.of(NDArray.zeros(100, 100));
        NDArray y = g.apply(x, true).value();
        assertEquals(0.25, y.var(false).item(), 0.01);
        assertSame(x, g.apply(x, false));
    }
}
