/**
 * Nabla's library: float32 tensors, reverse-mode autodiff, Keras-style layers, losses, optimizers, metrics, data
 * loading, training and save/load. The kernels ({@code nabla.kernels}) and the helpers shared between packages
 * ({@code nabla.internal}, {@code nabla.nn.internal}) are not exported.
 */
module nabla.core {
    requires jdk.incubator.vector;
    requires com.fasterxml.jackson.core;

    exports nabla.tensor;
    exports nabla.autograd;
    exports nabla.nn;
    exports nabla.nn.activation;
    exports nabla.nn.attention;
    exports nabla.nn.conv;
    exports nabla.nn.core;
    exports nabla.nn.merge;
    exports nabla.nn.normalization;
    exports nabla.nn.pool;
    exports nabla.nn.recurrent;
    exports nabla.nn.weights;
    exports nabla.losses;
    exports nabla.optim;
    exports nabla.metrics;
    exports nabla.data;
    exports nabla.data.text;
    exports nabla.io;
    exports nabla.train;
    exports nabla.models;
}
