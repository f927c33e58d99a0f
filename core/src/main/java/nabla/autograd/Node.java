package nabla.autograd;

import nabla.tensor.NDArray;

/** How a tensor was made: the op's name, its inputs, and the rule that sends an output gradient to them. */
record Node(String op, Tensor[] inputs, Backward backward) {
    /** Receives the gradient of the loss with respect to the op's output and accumulates into the inputs. */
    @FunctionalInterface
    interface Backward {
        void run(NDArray gradOut);
    }
}
