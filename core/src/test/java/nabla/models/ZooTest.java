package nabla.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * The zoo's architectures: parameter counts equal the published ones, shapes are the courses', and one forward
 * pass on a single image works without training (VGG16 included: a few seconds).
 */
class ZooTest {
    static long count(Sequential m) {
        long n = 0;
        for (Parameter p : m.parameters()) n += p.size();
        return n;
    }

    private static void assertCount(Sequential m, String formatted, long expected) {
        assertEquals(expected, count(m), m.summary());
        assertTrue(m.summary().contains("Total params: " + formatted), m.summary());
    }

    /** One random image through the model: a probability row of {@code classes} that sums to 1. */
    private static void assertForwardOnOneImage(Sequential m, int classes) {
        NDArray x = NDArray.uniform(m.inputShape().prepend(1), 0, 1, new Rng(7));
        NDArray p = m.predict(x);
        assertEquals(Shape.of(1, classes), p.shape());
        assertEquals(1f, p.sum(), 1e-4f);
        for (float v : p.toArray()) assertTrue(Float.isFinite(v) && v >= 0, "probability " + v);
    }

    @Test
    void mnistCnnIsKerasMnistCnn() {
        Sequential m = Zoo.mnistCnn(1);
        assertCount(m, "1,199,882", 1_199_882);
        assertTrue(m.summary().contains("(None, 12, 12, 64)") && m.summary().contains("(None, 9216)"), m.summary());
        assertForwardOnOneImage(m, 10);
    }

    @Test
    void lenet5TakesMnistPaddedTo32() {
        Sequential m = Zoo.lenet5(1);
        assertCount(m, "61,706", 61_706);
        assertEquals(Shape.of(28, 28, 1), m.inputShape());
        assertTrue(m.summary().contains("(None, 32, 32, 1)") && m.summary().contains("(None, 1, 1, 120)"), m.summary());
        assertForwardOnOneImage(m, 10);
    }

    @Test
    void courseCnnHasTheCoursesShapes() {
        Sequential m = Zoo.courseCnn(1);
        List<Layer> layers = m.layers();
        Shape s = m.inputShape();
        Shape[] expected = {
            Shape.of(28, 28, 4), Shape.of(14, 14, 8), Shape.of(7, 7, 12), Shape.of(588), Shape.of(200), Shape.of(10)
        };
        for (int i = 0; i < expected.length; i++) {
            s = layers.get(i).outputShape(s);
            assertEquals(expected[i], s, layers.get(i).describe());
        }
        assertCount(m, "122,270", 122_270);
        assertForwardOnOneImage(m, 10);
    }

    @Test
    void fashionCnnBuildsAndPredicts() {
        Sequential m = Zoo.fashionCnn(1);
        assertCount(m, "468,778", 468_778);
        assertTrue(m.summary().contains("(None, 7, 7, 64)"), m.summary());
        assertForwardOnOneImage(m, 10);
    }

    @Test
    void alexnetSingleTowerCountAndForward() {
        Sequential m = Zoo.alexnet();
        // 62,378,344: the paper's two-tower grouping of conv2/4/5 would give 60,965,224 (see Zoo.alexnet).
        assertCount(m, "62,378,344", 62_378_344);
        assertTrue(
                m.summary().contains("(None, 55, 55, 96)") && m.summary().contains("(None, 6, 6, 256)"), m.summary());
        assertForwardOnOneImage(m, 1000);
    }

    /** About 15.5 G multiply-adds: a few seconds with the vector kernels (speed is measured in bench/, not here). */
    @Test
    void vgg16HasKerasParameterCountAndRunsOneImage() {
        Sequential m = Zoo.vgg16();
        assertCount(m, "138,357,544", 138_357_544);
        assertTrue(m.summary().contains("(None, 7, 7, 512)") && m.summary().contains("(None, 25088)"), m.summary());
        assertForwardOnOneImage(m, 1000);
    }
}
