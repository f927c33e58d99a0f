package nabla.models;

import nabla.autograd.Activation;
import nabla.nn.Padding;
import nabla.nn.conv.Conv2D;
import nabla.nn.conv.ZeroPadding2D;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Flatten;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.MaxPooling2D;

/**
 * Ready-made architectures from the classic courses, built on the library's own layers. Each method returns a new
 * {@link Sequential}, built for its input shape (so {@code summary()} works at once) and not compiled; weights are
 * random, initialized from {@code seed}. Inputs are channels-last.
 */
public final class Zoo {
    private Zoo() {}

    /**
     * The Keras MNIST MLP: 784 → 500 ReLU → 500 ReLU → 10 softmax (648,010 weights), for inputs (28, 28)
     * or (784).
     *
     * @param seed the model's seed
     * @param sampleShape the per-sample input shape: (784), or (28, 28), which is flattened first (any shape of rank
     *     above 1 is)
     * @return the model, named "mnist_mlp"
     */
    public static Sequential mnistMlp(long seed, int... sampleShape) {
        Sequential m = new Sequential(seed);
        if (sampleShape.length > 1) m.add(new Flatten());
        m.add(new Dense(500, Activation.RELU))
                .add(new Dense(500, Activation.RELU))
                .add(new Dense(10, Activation.SOFTMAX));
        return m.named("mnist_mlp").build(sampleShape);
    }

    /**
     * The Keras MNIST CNN ({@code mnist_cnn.py}): Conv 32 3×3 ReLU → Conv 64 3×3 ReLU → MaxPool 2 → Dropout 0.25 →
     * Flatten → Dense 128 ReLU → Dropout 0.5 → Dense 10 softmax, for input (28, 28, 1): 1,199,882 weights.
     *
     * @param seed the model's seed
     * @return the model, named "mnist_cnn"
     */
    public static Sequential mnistCnn(long seed) {
        return new Sequential(
                        seed,
                        new Conv2D(32, 3, Activation.RELU),
                        new Conv2D(64, 3, Activation.RELU),
                        new MaxPooling2D(2),
                        new Dropout(0.25f),
                        new Flatten(),
                        new Dense(128, Activation.RELU),
                        new Dropout(0.5f),
                        new Dense(10, Activation.SOFTMAX))
                .named("mnist_cnn")
                .build(28, 28, 1);
    }

    /**
     * LeNet-5 as the courses give it, for MNIST: input (28, 28, 1) zero-padded by 2 to the network's 32×32×1, Conv 6
     * 5×5 tanh → AvgPool 2 → Conv 16 5×5 tanh → AvgPool 2 → Conv 120 5×5 tanh (1×1×120) → Flatten → Dense 84 tanh →
     * Dense 10 softmax: 61,706 weights (the padding layer has none).
     *
     * @param seed the model's seed
     * @return the model, named "lenet5"
     */
    public static Sequential lenet5(long seed) {
        return new Sequential(
                        seed,
                        new ZeroPadding2D(2),
                        new Conv2D(6, 5, Activation.TANH),
                        new AveragePooling2D(2),
                        new Conv2D(16, 5, Activation.TANH),
                        new AveragePooling2D(2),
                        new Conv2D(120, 5, Activation.TANH),
                        new Flatten(),
                        new Dense(84, Activation.TANH),
                        new Dense(10, Activation.SOFTMAX))
                .named("lenet5")
                .build(28, 28, 1);
    }

    /**
     * The small CNN of Martin Görner's "TensorFlow and deep learning, without a PhD" ({@code mnist_3.0_convolutional.py}):
     * 28×28×1 → Conv 4 5×5 ReLU (28×28×4) → Conv 8 5×5 stride 2 ReLU (14×14×8) → Conv 12 4×4 stride 2 ReLU (7×7×12) →
     * Flatten → Dense 200 ReLU → Dense 10 softmax, all convolutions SAME-padded: 122,270 weights. The kernel sizes are
     * those of the course's version with these depths (4, 8, 12); its bigger version (6×6, 5×5, 4×4 with depths 6, 12,
     * 24 and dropout) is not this network.
     *
     * @param seed the model's seed
     * @return the model, named "course_cnn"
     */
    public static Sequential courseCnn(long seed) {
        return new Sequential(
                        seed,
                        new Conv2D(4, 5, Activation.RELU).withPadding(Padding.SAME),
                        new Conv2D(8, 5, Activation.RELU).withStride(2).withPadding(Padding.SAME),
                        new Conv2D(12, 4, Activation.RELU).withStride(2).withPadding(Padding.SAME),
                        new Flatten(),
                        new Dense(200, Activation.RELU),
                        new Dense(10, Activation.SOFTMAX))
                .named("course_cnn")
                .build(28, 28, 1);
    }

    /**
     * A small CNN for Fashion-MNIST (input (28, 28, 1)): two blocks of [Conv 3×3 SAME (no bias) → BatchNorm → ReLU] ×2
     * → MaxPool 2 → Dropout 0.25, with 32 then 64 filters, then Flatten → Dense 128 (no bias) → BatchNorm → ReLU →
     * Dropout 0.5 → Dense 10 softmax (about 0.47 M weights). The usual VGG-style recipe for Fashion-MNIST, which
     * reaches 92–93 % in about 10 epochs with Adam.
     *
     * @param seed the model's seed
     * @return the model, named "fashion_cnn"
     */
    public static Sequential fashionCnn(long seed) {
        Sequential m = new Sequential(seed);
        for (int filters : new int[] {32, 64}) {
            for (int i = 0; i < 2; i++)
                m.add(new Conv2D(filters, 3).withPadding(Padding.SAME).withBias(false))
                        .add(new BatchNormalization())
                        .add(new ActivationLayer(Activation.RELU));
            m.add(new MaxPooling2D(2)).add(new Dropout(0.25f));
        }
        m.add(new Flatten())
                .add(new Dense(128).withBias(false))
                .add(new BatchNormalization())
                .add(new ActivationLayer(Activation.RELU))
                .add(new Dropout(0.5f))
                .add(new Dense(10, Activation.SOFTMAX));
        return m.named("fashion_cnn").build(28, 28, 1);
    }

    /**
     * {@link #vgg16(long)} with seed 42.
     *
     * @return the model, named "vgg16"
     */
    public static Sequential vgg16() {
        return vgg16(42);
    }

    /**
     * VGG16 (Simonyan and Zisserman 2014, configuration D) as Keras' {@code applications.VGG16}: input (224, 224, 3),
     * five blocks of 3×3 SAME ReLU convolutions (64, 64 | 128, 128 | 256 ×3 | 512 ×3 | 512 ×3) each followed by
     * MaxPool 2, then Flatten (25,088) → Dense 4096 ReLU → Dense 4096 ReLU → Dense 1000 softmax: 138,357,544 weights
     * (about 553 MB of float32), as Keras reports. Weights are random (Glorot-uniform); Keras' model has no dropout.
     *
     * @param seed the model's seed
     * @return the model, named "vgg16"
     */
    public static Sequential vgg16(long seed) {
        Sequential m = new Sequential(seed);
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        for (int[] block : blocks) {
            for (int filters : block) m.add(new Conv2D(filters, 3, Activation.RELU).withPadding(Padding.SAME));
            m.add(new MaxPooling2D(2));
        }
        m.add(new Flatten())
                .add(new Dense(4096, Activation.RELU))
                .add(new Dense(4096, Activation.RELU))
                .add(new Dense(1000, Activation.SOFTMAX));
        return m.named("vgg16").build(224, 224, 3);
    }

    /**
     * {@link #alexnet(long)} with seed 42.
     *
     * @return the model, named "alexnet"
     */
    public static Sequential alexnet() {
        return alexnet(42);
    }

    /**
     * AlexNet (Krizhevsky, Sutskever and Hinton 2012) as a single tower, input (227, 227, 3): Conv 96 11×11 stride 4
     * ReLU (55×55) → MaxPool 3 stride 2 (27) → Conv 256 5×5 SAME ReLU → MaxPool 3/2 (13) → Conv 384 3×3 → Conv 384
     * 3×3 → Conv 256 3×3 (SAME, ReLU) → MaxPool 3/2 (6×6×256) → Flatten (9,216) → Dropout 0.5 → Dense 4096 ReLU →
     * Dropout 0.5 → Dense 4096 ReLU → Dense 1000 softmax: <b>62,378,344</b> weights.
     *
     * <p>Why not the paper's "60 million": the paper split conv2, conv4 and conv5 over two GPUs, each half seeing only
     * its own half of the input channels (groups = 2); that halves those three kernels (1,413,120 fewer weights) and
     * gives 60,965,224. The single tower connects every input channel, as most re-implementations do (the ~62 M often
     * quoted). Local response normalization is left out (it has no weights, and later work found it does not help).
     *
     * @param seed the model's seed
     * @return the model, named "alexnet"
     */
    public static Sequential alexnet(long seed) {
        return new Sequential(
                        seed,
                        new Conv2D(96, 11, Activation.RELU).withStride(4),
                        new MaxPooling2D(3).withStride(2),
                        new Conv2D(256, 5, Activation.RELU).withPadding(Padding.SAME),
                        new MaxPooling2D(3).withStride(2),
                        new Conv2D(384, 3, Activation.RELU).withPadding(Padding.SAME),
                        new Conv2D(384, 3, Activation.RELU).withPadding(Padding.SAME),
                        new Conv2D(256, 3, Activation.RELU).withPadding(Padding.SAME),
                        new MaxPooling2D(3).withStride(2),
                        new Flatten(),
                        new Dropout(0.5f),
                        new Dense(4096, Activation.RELU),
                        new Dropout(0.5f),
                        new Dense(4096, Activation.RELU),
                        new Dense(1000, Activation.SOFTMAX))
                .named("alexnet")
                .build(227, 227, 3);
    }
}
