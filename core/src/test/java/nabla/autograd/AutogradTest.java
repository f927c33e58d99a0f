package nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void gradientsAccumulateForReusedTensors() {
        Tensor x = Tensor.param(NDArray.of(new float[] {3f}));
        Tensor y = x.mul(x).add(x); // y = x^2 + x, dy/dx = 2x + 1 = 7
        y.sum().backward();
        assertEquals(7f, x.grad().item(), 1e-6);
        x.mul(x).sum().backward(); // accumulates another 6
        assertEquals(13f, x.grad().item(), 1e-6);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void zeroGradClearsAndTheReusedBufferStartsFresh() {
        Tensor w = Tensor.param(NDArray.of(new float[] {1f, 2f}, 1, 2));
        Tensor x = Tensor.of(NDArray.of(new float[] {3f}, 1, 1));
        NNOps.linear(x, w, null, Activation.LINEAR).sum().backward();
        NDArray first = w.grad();
        assertEquals(3f, first.get(0, 1), 0);
        w.zeroGrad();
        assertNull(w.grad());
        NNOps.linear(x, w, null, Activation.LINEAR).sum().backward();
        assertEquals(3f, w.grad().get(0, 1), 0); // overwritten, not added to the stale 3
        w.zeroGrad();
        w.mul(Tensor.scalar(2f)).sum().backward();
        assertEquals(2f, w.grad().get(0, 0), 0); // the generic accumulate path also starts from zero
    }

    @Test
    void aThousandStepUnrolledGraphDoesNotOverflowTheStack() {
        Tensor w = Tensor.param(NDArray.of(new float[] {0.999f}));
        Tensor h = Tensor.of(NDArray.of(new float[] {1f}));
        for (int t = 0; t < 20_000; t++) h = h.mul(w).tanh().add(1f);
        h.sum().backward();
        assertTrue(Float.isFinite(w.grad().item()));
    }

    @Test
    void noGradRecordsNothingAndRestoresTheMode() {
        Tensor x = Tensor.param(NDArray.ones(2, 2));
        Tensor y;
        try (var g = NoGrad.enter()) {
            assertFalse(NoGrad.isGradEnabled());
            y = x.mul(x);
        }
        assertTrue(NoGrad.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, y.sum()::backward);
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.param(NDArray.of(new float[] {2f}));
        Tensor y = x.mul(x).detach().mul(x); // d/dx = x^2 (detached part is constant 4)
        y.sum().backward();
        assertEquals(4f, x.grad().item(), 1e-6);
    }

    @Test
    void intermediateGradsAreReleasedUnlessRetained() {
        Tensor x = Tensor.param(NDArray.ones(3));
        Tensor mid = x.mul(2f);
        Tensor kept = x.mul(3f).retainGrad();
        mid.add(kept).sum().backward();
        assertNull(mid.grad());
        assertEquals(1f, kept.grad().get(0), 0);
        assertEquals(5f, x.grad().get(1), 0);
    }

    @Test
    void backwardOnNonScalarNeedsASeed() {
        Tensor x = Tensor.param(NDArray.ones(2, 3));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    }
}
