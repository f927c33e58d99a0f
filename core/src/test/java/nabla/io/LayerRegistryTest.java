package nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.nn.Layer;
import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.nn.activation.Maxout;
import nabla.nn.activation.PReLU;
import nabla.nn.conv.ConvLayersTest;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Flatten;
import nabla.nn.core.GaussianNoise;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Initializer;
import nabla.nn.weights.Regularizer;
import nabla.optim.Optimizer;
import nabla.optim.OptimizerExamples;
import nabla.optim.Optimizers;
import org.junit.jupiter.api.Test;

class LayerRegistryTest {
    @Test
    void everyKnownLayerRebuildsFromItsConfig() {
        List<Layer> layers = new ArrayList<>(List.of(
                new Dense(7),
                new Dense(3, Activation.SIGMOID, false, Initializer.heUniform(), Initializer.constant(0.25f)),
                new Flatten(),
                new ActivationLayer(Activation.TANH),
                new ActivationLayer(Activation.HARD_SIGMOID),
                new LeakyReLU(0.1f),
                new ELU(0.5f),
                new PReLU(Initializer.constant(0.25f), 1, 2),
                new Maxout(4, 3, Initializer.orthogonal(1f), Initializer.randomNormal(0f, 0.1f)),
                new Dropout(0.25f),
                new Dropout(0.5f).withNoiseShape(-1, 1, -1),
                new GaussianNoise(0.2f),
                new BatchNormalization(),
                new BatchNormalization(1, 0.9f, 1e-5f, false, true)));
        layers.addAll(ConvLayersTest.samples());
        for (Layer l : layers) {
            Layer back = LayerRegistry.fromConfig(l.type(), l.config());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.config(), back.config());
        }
        Layer withOptions = new Dense(3)
                .withKernelRegularizer(Regularizer.l1l2(0.01f, 0.02f))
                .withActivityRegularizer(Regularizer.l2(0.5f))
                .withConstraint("bias", Constraint.maxNorm(1.5f));
        assertEquals(
                withOptions.savedConfig(),
                LayerRegistry.fromConfig("Dense", withOptions.savedConfig()).savedConfig());
        assertTrue(LayerRegistry.knownTypes()
                .containsAll(layers.stream().map(Layer::type).toList())); // recurrent layers: RecurrentLayersTest
    }

    @Test
    void badConfigsSayWhatIsWrong() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LayerRegistry.fromConfig("Transformer", Map.of()));
        assertTrue(
                e.getMessage().contains("'Transformer'")
                        && e.getMessage().contains("known: Activation, ")
                        && e.getMessage().contains("Dense, "),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig("Dense", Map.of("units", 3, "dropout", 0.5)));
        assertTrue(e.getMessage().contains("unknown key 'dropout'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> LayerRegistry.fromConfig("Dense", Map.of("activation", "relu")));
        assertTrue(e.getMessage().contains("missing the required key 'units'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig("Dense", Map.of("units", 3, "kernel_regularizer", "l3(1)")));
        assertTrue(e.getMessage().contains("unknown regularizer 'l3(1)'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.fromConfig("Dense", Map.of("units", 3.5)));
        assertTrue(e.getMessage().contains("'units' must be an integer"), e.getMessage());
    }

    @Test
    void optimizersRebuildWithTheirHyperparameters() {
        for (Optimizer o : OptimizerExamples.all()) {
            Optimizer back = Optimizers.fromConfig(o.name(), o.config());
            assertEquals(o.getClass(), back.getClass());
            assertEquals(o.config(), back.config());
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("lamb", Map.of()));
        assertTrue(
                e.getMessage().contains("known: adadelta, adagrad, adam, adamw, nadam, rmsprop, sgd"), e.getMessage());
    }
}
