package nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** A leaf's settable requires-grad flag, and retained gradients over two backward passes. */
class RequiresGradTest {
    @Test
    void aFrozenLeafRecordsNothingAndCanBeUnfrozen() {
        Tensor w = Tensor.param(NDArray.of(new float[] {1f, 2f}));
        Tensor frozen = Tensor.param(NDArray.of(new float[] {3f, 4f}));
        assertSame(frozen, frozen.requiresGrad(false));
        Tensor onlyFrozen =
                frozen.mul(Tensor.of(NDArray.of(new float[] {2f, 2f}))).exp();
        assertFalse(onlyFrozen.requiresGrad());
        assertTrue(onlyFrozen.isLeaf(), "an op on frozen weights and constants records no node");
        Tensor l = w.mul(frozen).sum();
        l.backward();
        assertArrayEquals(new float[] {3f, 4f}, w.grad().toArray(), 0f);
        assertNull(frozen.grad());

        frozen.requiresGrad(true);
        w.mul(frozen).sum().backward();
        assertArrayEquals(new float[] {1f, 2f}, frozen.grad().toArray(), 0f);
        // a leaf frozen between the forward and the backward pass receives nothing more
        Tensor again = w.mul(frozen).sum();
        frozen.requiresGrad(false);
        again.backward();
        assertArrayEquals(new float[] {1f, 2f}, frozen.grad().toArray(), 0f);
        // an embedding table too (its backward writes into the gradient buffer directly)
        Tensor table = Tensor.param(NDArray.ones(3, 2));
        Tensor looked =
                EmbeddingOps.lookup(table, new int[] {0, 2}, Shape.of(2)).sum();
        table.requiresGrad(false);
        looked.backward();
        assertNull(table.grad());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.requiresGrad(false));
        assertTrue(e.getMessage().contains("not a leaf"), e.getMessage());
        Tensor c = Tensor.of(NDArray.ones(1)).requiresGrad(true);
        assertTrue(c.requiresGrad());
    }

    @Test
    void aRetainedGradientIsNotPropagatedAgainOnASecondPass() {
        Tensor x = Tensor.param(NDArray.ones(3));
        Tensor y = x.mul(3f).retainGrad();
        Tensor l = y.sum();
        l.backward();
        l.backward();
        assertEquals(2f, y.grad().get(0), 0f, "the retained gradient adds up over passes");
        assertEquals(6f, x.grad().get(0), 0f, "each pass propagates its own gradient only (not 3 + 6)");
        // a retained tensor used twice, and the scalar retained itself
        Tensor a = Tensor.param(NDArray.of(new float[] {2f}));
        Tensor b = a.mul(a).retainGrad();
        Tensor top = b.add(b).sum().retainGrad();
        top.backward();
        top.backward();
        assertEquals(2f, top.grad().item(), 0f);
        assertEquals(4f, b.grad().item(), 0f);
        assertEquals(16f, a.grad().item(), 0f); // 2 passes of d(2a²)/da = 4a = 8
    }
}
