package nabla.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.data.Example;
import nabla.metrics.Mean;
import nabla.metrics.Metric;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.core.Dense;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A GAN as a model with its own training step, as Keras' "customizing what happens in fit()" GAN: a dense generator
 * (noise 100 → 256 leaky ReLU → 784 sigmoid) and a dense discriminator (784 → 256 leaky ReLU → 1 logit), each with
 * its own optimizer. {@link #trainStep} does, per batch of real images: a discriminator step on the real images
 * (target 1) and generated ones (target 0, generated without recording a graph: detached), then a generator step on
 * new noise through the discriminator (target 1), whose gradients are taken for the generator's weights only
 * ({@link Parameter#gradients}: the discriminator's weights get none and are not updated). {@code fit} runs it; the
 * model's output is the generator's (noise in, images out), so {@code predict(noise)} samples.
 *
 * <p>A custom step returns one number to fit (the "loss" it logs and checks for NaN): here d_loss + g_loss; the two
 * losses themselves are reported as "d_loss" and "g_loss" by two {@link Mean} trackers the step updates (the model's
 * {@link #newMetrics()}, as Keras' loss trackers in {@code metrics}).
 */
final class Gan extends Model {
    /** The noise dimension and the hidden width of both networks. */
    static final int NOISE = 100, HIDDEN = 256;

    private final Sequential generator, discriminator;
    private final int noise;
    private final Rng rng;
    private Optimizer generatorOptimizer;
    private final Mean dLoss = new Mean("d_loss"), gLoss = new Mean("g_loss");

    /** A generator from {@code noise} values to {@code pixels} in [0, 1] and a discriminator of {@code pixels}. */
    Gan(long seed, int noise, int pixels) {
        this.noise = noise;
        generator = new Sequential(
                        seed, new Dense(HIDDEN, Activation.LEAKY_RELU), new Dense(pixels, Activation.SIGMOID))
                .named("generator")
                .build(noise);
        discriminator = new Sequential(seed + 1, new Dense(HIDDEN, Activation.LEAKY_RELU), new Dense(1))
                .named("discriminator")
                .build(pixels);
        rng = new Rng(seed + 2);
        named("gan");
    }

    /** The discriminator's optimizer (the model's {@link #optimizer()}) and the generator's. */
    Gan compile(Optimizer discriminatorOptimizer, Optimizer generatorOptimizer) {
        compile(discriminatorOptimizer);
        this.generatorOptimizer = generatorOptimizer;
        return this;
    }

    Sequential generator() {
        return generator;
    }

    Sequential discriminator() {
        return discriminator;
    }

    @Override
    protected List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
        return List.of(generator.apply(inputs.getFirst(), training));
    }

    @Override
    public List<Layer> layers() {
        return List.of(generator, discriminator);
    }

    @Override
    public List<String> outputNames() {
        return List.of(generator.name());
    }

    @Override
    public float trainStep(Example batch, List<Metric> metrics) {
        if (generatorOptimizer == null)
            throw new IllegalStateException("Gan: compile it with both optimizers, compile(discriminator, generator)");
        NDArray real = batch.inputs().getFirst();
        int n = real.dim(0);
        float d = discriminatorStep(real);
        float g = generatorStep(n);
        dLoss.add(d, n);
        gLoss.add(g, n);
        return d + g;
    }

    /**
     * One update of the discriminator: the mean of its cross-entropies on {@code real} (target 1) and as many
     * generated images (target 0). Returns that loss.
     */
    float discriminatorStep(NDArray real) {
        int n = real.dim(0);
        NDArray fake;
        try (var detached = NoGrad.enter()) {
            fake = generator.apply(Tensor.of(noise(n)), true).value();
        }
        Tensor onReal =
                NNOps.binaryCrossEntropyWithLogits(discriminator.apply(Tensor.of(real), true), NDArray.ones(n, 1));
        Tensor onFake =
                NNOps.binaryCrossEntropyWithLogits(discriminator.apply(Tensor.of(fake), true), NDArray.zeros(n, 1));
        Tensor loss = onReal.add(onFake).mul(0.5f);
        List<Parameter> params = discriminator.parameters();
        optimizer().applyGradients(params, Parameter.gradients(loss, params));
        return loss.item();
    }

    /**
     * One update of the generator on {@code n} new noise vectors: the discriminator's cross-entropy with target 1
     * (non-saturating loss), differentiated through the discriminator for the generator's weights only. Returns it.
     */
    float generatorStep(int n) {
        Tensor images = generator.apply(Tensor.of(noise(n)), true);
        Tensor loss = NNOps.binaryCrossEntropyWithLogits(discriminator.apply(images, true), NDArray.ones(n, 1));
        List<Parameter> params = generator.parameters();
        generatorOptimizer.applyGradients(params, Parameter.gradients(loss, params));
        return loss.item();
    }

    private NDArray noise(int n) {
        return NDArray.normal(Shape.of(n, noise), 0, 1, rng);
    }

    /** The two loss trackers; the loop resets them at each epoch. */
    @Override
    protected List<Metric> newMetrics() {
        return List.of(dLoss, gLoss);
    }

    /** {@code count} samples from noise drawn with {@code seed}, as a grid of height × width tiles. */
    BufferedImage sampleGrid(int count, int height, int width, long seed) {
        NDArray images = predict(NDArray.normal(Shape.of(count, noise), 0, 1, new Rng(seed)));
        float[] v = images.contiguous().toArray();
        int pixels = height * width;
        List<CnnImages.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] t = new float[pixels];
            System.arraycopy(v, i * pixels, t, 0, pixels);
            tiles.add(new CnnImages.Tile(height, width, 1, t));
        }
        return CnnImages.grid(tiles, CnnImages.columns(count), false);
    }
}
