package nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.nn.normalization.BatchNormalization;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Freezing and unfreezing weights, state weights, shared weights, and {@link Parameter#gradients}. */
class ParameterTest {
    private static NDArray u(long seed, int... dims) {
        return NDArray.uniform(Shape.of(dims), -1f, 1f, new Rng(seed));
    }

    @Test
    void aFrozenWeightGetsNoGradientAndItsOpsAreNotRecorded() {
        Parameter kernel = new Parameter("kernel", u(1, 3, 2), true);
        Parameter bias = new Parameter("bias", u(2, 2), true);
        Tensor x = Tensor.of(u(3, 4, 3));
        NNOps.linear(x, kernel.tensor(), bias.tensor(), Activation.LINEAR).sum().backward();
        assertNotNull(kernel.grad());

        kernel.setTrainable(false);
        assertFalse(kernel.trainable());
        assertFalse(kernel.tensor().requiresGrad());
        assertNull(kernel.grad(), "freezing clears the gradient");
        Tensor onlyFrozen = x.matmul(kernel.tensor()).add(1f);
        assertFalse(onlyFrozen.requiresGrad(), "an op on a frozen weight and constants records nothing");
        assertTrue(onlyFrozen.isLeaf());

        bias.zeroGrad();
        NNOps.linear(x, kernel.tensor(), bias.tensor(), Activation.TANH).sum().backward();
        assertNull(kernel.grad(), "backward computes no gradient for a frozen weight");
        assertNotNull(bias.grad());

        kernel.setTrainable(true);
        assertTrue(kernel.trainable());
        NNOps.linear(x, kernel.tensor(), bias.tensor(), Activation.LINEAR).sum().backward();
        assertNotNull(kernel.grad(), "an unfrozen weight gets its gradient again");
        assertFalse(kernel.isState());
    }

    @Test
    void stateWeightsStayNonTrainable() {
        Parameter moving = new Parameter("moving_mean", NDArray.zeros(3), false);
        assertTrue(moving.isState());
        moving.setTrainable(true);
        assertFalse(moving.trainable());
        assertFalse(moving.tensor().requiresGrad());

        BatchNormalization bn = new BatchNormalization();
        bn.build(Shape.of(3));
        for (Parameter p : bn.parameters()) p.setTrainable(true);
        assertTrue(bn.movingMean().isState() && !bn.movingMean().trainable());
        assertTrue(bn.movingVariance().isState() && !bn.movingVariance().trainable());
        Parameter gamma = bn.parameters().get(0), beta = bn.parameters().get(1);
        assertTrue(gamma.trainable() && !gamma.isState());

        gamma.setTrainable(false);
        bn.apply(Tensor.of(u(4, 8, 3)), true).mul(Tensor.of(u(5, 8, 3))).sum().backward();
        assertNull(gamma.grad());
        assertNotNull(beta.grad());
    }

    @Test
    void parametersSharingATensorAgree() {
        Parameter inner = new Parameter("kernel", u(6, 2, 2), true);
        Parameter outer = new Parameter("forward_kernel", inner);
        outer.setTrainable(false);
        assertFalse(inner.trainable(), "freezing the wrapper's weight freezes the wrapped one");
        inner.setTrainable(true);
        assertTrue(outer.trainable(), "and unfreezing either unfreezes both");
        Parameter state = new Parameter("moving", new Parameter("m", NDArray.ones(2), false), null, null);
        assertTrue(state.isState());
        state.setTrainable(true);
        assertFalse(state.trainable());
    }

    @Test
    void gradientsOfParametersLeaveTheirGradientsAndRefuseFrozenOnes() {
        Parameter w = new Parameter("w", NDArray.of(new float[] {1f, -2f}), true);
        Parameter v = new Parameter("v", NDArray.of(new float[] {3f}), true);
        Tensor loss = w.tensor().mul(w.tensor()).sum().mul(v.tensor()).sum(); // v·Σw²
        List<NDArray> g = Parameter.gradients(loss, List.of(w, v));
        assertArrayEquals(new float[] {6f, -12f}, g.get(0).toArray(), 0f);
        assertArrayEquals(new float[] {5f}, g.get(1).toArray(), 0f);
        assertNull(w.grad());
        assertNull(v.grad());

        v.setTrainable(false);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Parameter.gradients(loss, List.of(w, v)));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("frozen"), e.getMessage());
        Parameter state = new Parameter("moving_mean", NDArray.zeros(1), false);
        e = assertThrows(IllegalArgumentException.class, () -> Parameter.gradients(loss, List.of(state)));
        assertTrue(e.getMessage().contains("moving_mean") && e.getMessage().contains("state"), e.getMessage());
    }
}
