/**
 * Optimizers and learning-rate schedules, in Keras' formulations and with Keras' defaults:
 * {@link nabla.optim.SGD} (momentum, Nesterov), {@link nabla.optim.Adagrad}, {@link nabla.optim.RMSprop} (momentum,
 * centered), {@link nabla.optim.Adadelta}, {@link nabla.optim.Adam} (AMSGrad), {@link nabla.optim.AdamW} and
 * {@link nabla.optim.Nadam}, all on the base {@link nabla.optim.Optimizer}, which adds the options every optimizer
 * shares (gradient clipping by global norm, per-tensor norm or value; decoupled weight decay; a
 * {@link nabla.optim.LearningRateSchedule}). Each class comment gives its update rule and how it differs from the
 * PyTorch optimizer of the same name (mostly where ε goes and the defaults).
 *
 * <p><b>Conventions.</b> An optimizer updates {@link nabla.nn.Parameter}s in place from their gradients (after a
 * backward pass) at each {@link nabla.optim.Optimizer#step step}; its per-parameter slots (momenta, moments,
 * accumulators) are float32 arrays of the parameter's shape, made on the parameter's first update. The
 * hyperparameters are fixed at construction: the constructors take them in Keras' argument order and check them
 * (IllegalArgumentException naming the optimizer, the argument and the value), and each {@code withX} option returns
 * a fresh, unstepped copy and leaves the receiver unchanged. Only the base learning rate can be changed afterwards
 * ({@link nabla.optim.Optimizer#setLearningRate}, refused while a schedule is set, and
 * {@link nabla.optim.Optimizer#loadState}). A step has no randomness: the same weights, gradients and state give the
 * same result on the same machine. An optimizer is not thread-safe and belongs to one model (it keeps the state of
 * the parameters it steps); schedules are immutable values.
 *
 * <p><b>Saving.</b> {@link nabla.optim.Optimizer#config()} and {@link nabla.optim.Optimizers#fromConfig} round-trip
 * the configuration under Keras' keys ("learning_rate", "beta_1", ..., a schedule as {@code {"class_name",
 * "config"}}); {@link nabla.optim.Optimizer#state} and {@link nabla.optim.Optimizer#loadState} the training state
 * ({@link nabla.optim.OptimizerState}: step count, base rate, slots), so that a loaded model resumes training
 * exactly.
 *
 * <p><b>Place in the layers.</b> Built on {@code nabla.nn} ({@link nabla.nn.Parameter}) and {@code nabla.tensor};
 * the update loops themselves are the internal vectorized kernels. Used by {@code nabla.train} (the learning-rate
 * callbacks) and {@code nabla.models} ({@code compile}, {@code fit}, save and load); losses and metrics, beside it,
 * are independent of it.
 */
package nabla.optim;
