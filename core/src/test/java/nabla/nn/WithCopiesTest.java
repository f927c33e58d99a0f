package nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.nn.conv.Conv2D;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.recurrent.Bidirectional;
import nabla.nn.recurrent.LSTM;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Regularizer;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The one convention for {@code withX}: a changed, unbuilt copy; the receiver stays as it was. */
class WithCopiesTest {
    @Test
    void withRegularizerAndConstraintReturnCopiesAndLeaveTheReceiverAlone() {
        Dense d = new Dense(3);
        Layer r = d.withKernelRegularizer(Regularizer.l2(0.1f)).withBiasConstraint(new Constraint.NonNeg());
        assertNotSame(d, r);
        assertEquals(d.config(), new Dense(3).savedConfig());
        assertEquals(
                List.of("units", "activation", "use_bias", "kernel_initializer", "bias_initializer"),
                List.copyOf(d.savedConfig().keySet()));
        assertTrue(
                r.savedConfig().containsKey("kernel_regularizer")
                        && r.savedConfig().containsKey("bias_constraint"),
                r.savedConfig().toString());
        Layer a = d.withActivityRegularizer(Regularizer.l1(0.5f));
        assertTrue(a.savedConfig().containsKey("activity_regularizer")
                && !d.savedConfig().containsKey("activity_regularizer"));
    }

    @Test
    void aSubclassWithKeepsWhatWasSetBefore() {
        Layer base = new Dense(4, Activation.RELU).named("hidden").withKernelRegularizer(Regularizer.l2(0.01f));
        Dense d = ((Dense) base).withBias(false);
        assertEquals("hidden", d.name());
        assertTrue(
                d.savedConfig().get("kernel_regularizer").toString().startsWith("l2("),
                d.savedConfig().toString());
        assertEquals(false, d.config().get("use_bias"));
        assertEquals(true, base.config().get("use_bias"));
        Conv2D c = ((Conv2D) new Conv2D(2, 3).named("c").withKernelConstraint(Constraint.maxNorm(2f)))
                .withActivation(Activation.TANH);
        assertEquals("c", c.name());
        assertTrue(c.savedConfig().containsKey("kernel_constraint"));
        Dropout drop = new Dropout(0.5f);
        assertNotSame(drop, drop.withNoiseShape(-1, 1));
    }

    @Test
    void copiesOfWrappersDoNotShareTheirInnerLayers() {
        LSTM lstm = new LSTM(3);
        LSTM seq = lstm.withReturnSequences(true);
        Layer reg = seq.withKernelRegularizer(Regularizer.l2(0.1f));
        // build the original and the copy: each gets its own cell and weights
        Tensor x = Tensor.of(NDArray.ones(2, 4, 5));
        assertEquals(Shape.of(2, 3), lstm.apply(x, false).shape());
        assertEquals(Shape.of(2, 4, 3), reg.apply(x, false).shape());
        assertNotSame(
                lstm.parameters().getFirst().value(),
                reg.parameters().getFirst().value());
        Bidirectional b = new Bidirectional(new LSTM(2));
        Layer bc = b.withKernelRegularizer(Regularizer.l2(0.1f));
        assertEquals(Shape.of(2, 4), b.apply(x, false).shape());
        assertEquals(Shape.of(2, 4), bc.apply(x, false).shape());
    }

    @Test
    void aBuiltLayerCannotBeReconfigured() {
        Dense d = new Dense(2);
        d.build(Shape.of(3));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> d.withKernelRegularizer(Regularizer.l2(0.1f)));
        assertTrue(e.getMessage().contains("Dense 'dense'") && e.getMessage().contains("built"), e.getMessage());
        assertThrows(IllegalStateException.class, d::copy);
    }
}
