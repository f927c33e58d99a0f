/**
 * The recipe of deep learning on MNIST ({@code nabla experiments recipe}): the courses' experiments (loss,
 * batch size, depth and activation, optimizers, dropout under noise, early stopping and weight decay, batch
 * normalization), each run with fixed seeds, written as a Markdown report with PNG curves and per-layer gradient
 * norms.
 */
package nabla.studies.recipe;
