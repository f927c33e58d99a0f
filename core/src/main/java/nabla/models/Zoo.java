package nabla.models;

import nabla.nn.Activation;
import nabla.nn.Dense;
import nabla.nn.Flatten;

/** Ready-made architectures from the classic courses, built on the library's own layers. */
public final class Zoo {
    private Zoo() {}

    /**
     * The Keras MNIST MLP: 784 → 500 ReLU → 500 ReLU → 10 softmax (648,010 weights), for inputs (28, 28)
     * or (784).
     */
    public static Sequential mnistMlp(long seed, int... sampleShape) {
        Sequential m = new Sequential(seed);
        if (sampleShape.length > 1) m.add(new Flatten());
        m.add(new Dense(500, Activation.RELU)).add(new Dense(500, Activation.RELU)).add(new Dense(10, Activation.SOFTMAX));
        return m.named("mnist_mlp").withInputShape(sampleShape);
    }
}
