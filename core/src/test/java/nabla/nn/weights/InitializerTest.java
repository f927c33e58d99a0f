package nabla.nn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class InitializerTest {
    private static void assertOrthonormalRows(NDArray q, float gain) {
        NDArray g = q.matmul(q.transpose());
        for (int i = 0; i < g.dim(0); i++)
            for (int j = 0; j < g.dim(1); j++)
                assertEquals(i == j ? gain * gain : 0f, g.get(i, j), 1e-5f, "(" + i + "," + j + ")");
    }

    @Test
    void orthogonalHasOrthonormalColumnsOrRows() {
        NDArray tall = Initializer.orthogonal(1f).create(Shape.of(7, 4), new Rng(1));
        assertOrthonormalRows(tall.transpose().contiguous(), 1f);
        NDArray wide = Initializer.orthogonal(2f).create(Shape.of(3, 8), new Rng(1));
        assertOrthonormalRows(wide, 2f);
        NDArray conv = Initializer.orthogonal(1f).create(Shape.of(3, 3, 2, 5), new Rng(1)); // (18, 5) view
        assertOrthonormalRows(conv.reshape(18, 5).transpose().contiguous(), 1f);
        assertArrayEquals(
                tall.toArray(),
                Initializer.orthogonal(1f).create(Shape.of(7, 4), new Rng(1)).toArray()); // seeded
        assertThrows(
                IllegalArgumentException.class, () -> Initializer.orthogonal(1f).create(Shape.of(4), new Rng(1)));
    }

    @Test
    void identityAndConstant() {
        NDArray id = Initializer.identity(0.5f).create(Shape.of(3, 4), new Rng(1));
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) assertEquals(i == j ? 0.5f : 0f, id.get(i, j));
        assertEquals(
                0.1f,
                Initializer.byName("constant(0.1)")
                        .create(Shape.of(2), new Rng(1))
                        .get(1));
    }

    @Test
    void randomInitializersHaveTheirRangeAndSpread() {
        Shape s = Shape.of(400, 300);
        NDArray lu = Initializer.lecunUniform().create(s, new Rng(2));
        float limit = (float) Math.sqrt(3.0 / 400);
        assertTrue(lu.max(false).item() <= limit && lu.min(false).item() >= -limit);
        NDArray ln = Initializer.lecunNormal().create(s, new Rng(2));
        assertEquals(Math.sqrt(1.0 / 400), Math.sqrt(ln.var(false).item()), 0.02 * Math.sqrt(1.0 / 400));
        NDArray ru = Initializer.randomUniform(-0.2f, 0.6f).create(s, new Rng(2));
        assertTrue(ru.min(false).item() >= -0.2f && ru.max(false).item() < 0.6f);
        assertEquals(0.2, ru.mean(false).item(), 0.005);
        NDArray rn = Initializer.randomNormal(1f, 0.5f).create(s, new Rng(2));
        assertEquals(1.0, rn.mean(false).item(), 0.005);
        assertEquals(0.5, Math.sqrt(rn.var(false).item()), 0.005);
    }

    @Test
    void everyInitializerRoundTripsByName() {
        List<Initializer> all = List.of(
                Initializer.glorotUniform(),
                Initializer.glorotNormal(),
                Initializer.heUniform(),
                Initializer.heNormal(),
                Initializer.lecunUniform(),
                Initializer.lecunNormal(),
                Initializer.zeros(),
                Initializer.ones(),
                Initializer.constant(-0.5f),
                Initializer.randomUniform(-0.1f, 0.3f),
                Initializer.randomNormal(0.5f, 0.02f),
                Initializer.orthogonal(1.5f),
                Initializer.identity(2f));
        for (Initializer i : all) {
            Initializer back = Initializer.byName(i.name());
            assertEquals(i.name(), back.name());
            Shape s = Shape.of(5, 5);
            assertArrayEquals(
                    i.create(s, new Rng(9)).toArray(),
                    back.create(s, new Rng(9)).toArray(),
                    i.name());
        }
        assertEquals("orthogonal(1.0)", Initializer.byName("orthogonal").name()); // Keras defaults without arguments
        assertEquals(
                "random_uniform(-0.05,0.05)",
                Initializer.byName("random_uniform").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializer.byName("xavier"));
        assertTrue(
                e.getMessage().contains("lecun_normal") && e.getMessage().contains("orthogonal(gain)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.byName("random_normal(0,x)"));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
    }
}
