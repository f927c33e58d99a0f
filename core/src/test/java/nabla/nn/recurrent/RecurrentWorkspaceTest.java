package nabla.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.kernels.Workspace;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The recurrent ops hand their per-step buffers back to the Workspace; reused buffers must not change any result. */
class RecurrentWorkspaceTest {
    // 16 x 64 x 64 = 65,536 floats per state buffer: large enough to be pooled
    private static final int BATCH = 16, STEPS = 64, UNITS = 64, FEATURES = 5;

    private static List<float[]> run(Layer l, NDArray x, NDArray mask) {
        for (Parameter p : l.parameters()) p.zeroGrad();
        Tensor xt = Tensor.param(x.copy());
        Tensor y = l.apply(xt, mask, true);
        y.backward(NDArray.uniform(y.shape(), -1, 1, new Rng(3)));
        List<float[]> out =
                new ArrayList<>(List.of(y.value().toArray(), xt.grad().toArray()));
        for (Parameter p : l.parameters()) out.add(p.grad().toArray());
        return out;
    }

    @Test
    void reusedBuffersGiveTheSameOutputsAndGradients() {
        NDArray a = NDArray.uniform(Shape.of(BATCH, STEPS, FEATURES), -1, 1, new Rng(1));
        NDArray b = NDArray.uniform(Shape.of(BATCH, STEPS, FEATURES), -2, 2, new Rng(2));
        float[] m = new float[BATCH * STEPS];
        for (int r = 0; r < BATCH; r++)
            for (int t = 0; t < STEPS; t++) m[r * STEPS + t] = t >= r ? 1 : 0; // pre-padded rows
        NDArray mask = NDArray.of(m, BATCH, STEPS);
        List<Supplier<Layer>> layers = List.of(
                () -> new LSTM(UNITS).withReturnSequences(true),
                () -> new LSTM(UNITS),
                () -> new GRU(UNITS).withReturnSequences(true),
                () -> new GRU(UNITS).withResetAfter(false),
                () -> new SimpleRNN(UNITS).withReturnSequences(true).withGoBackwards(true));
        for (Supplier<Layer> make : layers) {
            Layer l = make.get();
            l.build(Shape.of(STEPS, FEATURES));
            Workspace.clear();
            List<float[]> fresh = run(l, b, mask);
            run(l, a, null); // fills the pool with a's activations and gradients
            assertTrue(Workspace.pooledFloats() > 0, l.describe() + " gave nothing back");
            List<float[]> reused = run(l, b, mask);
            for (int i = 0; i < fresh.size(); i++)
                assertArrayEquals(fresh.get(i), reused.get(i), l.describe() + " array " + i);
        }
    }

    @Test
    void aSecondBackwardThroughOneForwardIsAnError() {
        Layer l = new LSTM(UNITS);
        l.build(Shape.of(STEPS, FEATURES));
        Tensor y = l.apply(Tensor.param(NDArray.uniform(Shape.of(BATCH, STEPS, FEATURES), -1, 1, new Rng(4))), false);
        y.sum().backward();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("lstm: a second backward"), e.getMessage());
    }

    @Test
    void predictionsGiveTheirBuffersBackAtOnce() {
        Layer l = new GRU(UNITS);
        l.build(Shape.of(STEPS, FEATURES));
        Workspace.clear();
        try (var g = NoGrad.enter()) {
            l.apply(Tensor.of(NDArray.uniform(Shape.of(BATCH, STEPS, FEATURES), -1, 1, new Rng(5))), false);
        }
        assertEquals(
                3L * BATCH * STEPS * UNITS + (long) BATCH * STEPS * 3 * UNITS,
                Workspace.pooledFloats()); // h, hin, rh and the gates
    }

    @Test
    void theWorkspaceReusesZeroesAndRefusesDoubleReturns() {
        Workspace.clear();
        int n = 1 << 16;
        float[] x = Workspace.take(n, false);
        x[7] = 3f;
        Workspace.give(x);
        assertEquals(n, Workspace.pooledFloats());
        float[] y = Workspace.take(n, true);
        assertSame(x, y);
        assertEquals(0f, y[7]);
        assertNotSame(y, Workspace.take(n, false)); // the pool is empty again
        Workspace.give(y);
        assertThrows(IllegalStateException.class, () -> Workspace.give(y));
        float[] small = new float[10];
        Workspace.give(small);
        assertNotSame(small, Workspace.take(10, false));
        Workspace.clear();
        assertEquals(0, Workspace.pooledFloats());
    }
}
