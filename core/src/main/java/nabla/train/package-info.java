/**
 * The training loop and its callbacks, as Keras' {@code fit} and {@code keras.callbacks}: {@link nabla.train.Trainer}
 * runs epochs of mini-batches over any {@link nabla.train.Trainable} (the models of {@code nabla.models} are ones)
 * with the settings of {@link nabla.train.FitOptions}, and returns a {@link nabla.train.History}.
 * {@link nabla.train.Callback}s hook into it: {@link nabla.train.EarlyStopping}, {@link nabla.train.ModelCheckpoint},
 * {@link nabla.train.LearningRateScheduler}, {@link nabla.train.ReduceLROnPlateau}, {@link nabla.train.CSVLogger},
 * {@link nabla.train.TerminateOnNaN}, {@link nabla.train.TensorBoard} (event files, written in pure Java),
 * {@link nabla.train.TargetAccuracy} (time to reach an accuracy) and the console {@link nabla.train.ProgressBar}.
 *
 * <p><b>Conventions.</b> Inputs and targets have the samples on axis 0. Epochs and batches count from 0 in the hooks,
 * in CSVLogger's rows and in TensorBoard's steps (as Keras); messages, the progress bar and ModelCheckpoint's
 * {@code {epoch}} field count from 1. {@link nabla.train.Callback} gives the order of the hooks
 * and what the logs hold: "loss", the metrics' names, "val_" + each of them with validation, and what callbacks add
 * ("learning_rate"); the callbacks that watch a value ({@link nabla.train.MonitorMode}) read it from the epoch logs
 * and name the available keys when it is missing. Options and callback settings are immutable: {@code FitOptions}'
 * setters and every callback's {@code withX} return changed copies and leave the receiver unchanged. A callback
 * keeps per-fit state (reset in {@code onTrainBegin}; ModelCheckpoint's best value lasts across fits, as in Keras),
 * serves one fit at a time and runs on the thread that called fit. Errors: bad settings are IllegalArgumentExceptions (NullPointerException for a null) when the option or
 * callback is made; a model that lacks
 * what a callback needs fails in {@code onTrainBegin}; I/O failures are UncheckedIOExceptions naming the file
 * (except TensorBoard's later writes, which are reported and do not stop training). A NaN or infinite loss stops
 * training, and {@link nabla.train.History#stopReason()} says where.
 *
 * <p><b>Determinism.</b> The only randomness the loop adds is the shuffle: epoch e visits the samples in an order
 * that depends only on ({@code FitOptions.seed}, e), through {@code nabla.data.DataLoader}. A validation split holds
 * out the last samples, before shuffling, as Keras.
 *
 * <p><b>Place in the layers.</b> Above {@code nabla.optim} (the learning-rate callbacks set the optimizer's rate),
 * {@code nabla.metrics} (the loop updates the metrics and logs their values) and {@code nabla.data} (batching);
 * used by {@code nabla.models}, whose {@code fit}, {@code evaluate} and {@code predict} delegate to
 * {@link nabla.train.Trainer}. Beside {@code nabla.io}, which it does not use.
 */
package nabla.train;
