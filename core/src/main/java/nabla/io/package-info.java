/**
 * Saving and loading models: the model file ({@link nabla.io.ModelArchive}), its parts ({@link nabla.io.ModelSpec},
 * {@link nabla.io.LayerSpec}, {@link nabla.io.CompileSpec}), the safetensors format ({@link nabla.io.SafeTensors}),
 * layers rebuilt from their configs ({@link nabla.io.LayerRegistry}), strict weight loading
 * ({@link nabla.io.Weights}) and the errors ({@link nabla.io.ModelFileException} and its subclasses). Users save and
 * load through the models ({@code Model.save}, {@code Sequential.load}, {@code Functional.load}); this package
 * is the format underneath.
 *
 * <p><b>The model file</b> is one ZIP archive, like a Keras {@code .keras} file:
 * <ul>
 *   <li>{@code nabla.json}: the format name ("nabla.model") and version, the model class, name, seed and
 *       per-sample input shape, each layer's type, name, constructor arguments and trainable flag (each layer once;
 *       a nested model's config is that model's own description), in a functional model the graph (its named
 *       inputs, its nodes in order with the tensors feeding each as [layer, node index, tensor index], its
 *       outputs: shared layers and several outputs save), and the compile settings (loss, optimizer and its
 *       hyperparameters, metrics; per output when compiled per output), with Keras' snake_case names;</li>
 *   <li>{@code model.safetensors}: the weights keyed by path, "layerName.weightName" ("dense_1.kernel";
 *       "encoder.dense.kernel" in a nested model), a standard safetensors file stored uncompressed;</li>
 *   <li>{@code optimizer.safetensors} (optional): the optimizer's slot arrays keyed "layerName.weightName/index",
 *       with its step count and base learning rate in the metadata, so that a loaded model resumes training bit for
 *       bit; left out for an uncompiled model or when saved without it (Keras' {@code include_optimizer=False}),
 *       in which case the model loads with a fresh optimizer;</li>
 *   <li>{@code training.json} (optional): where training stands, the epochs completed and the state of every
 *       layer's random stream (dropout masks, noise), so that a resumed run equals an uninterrupted one;</li>
 *   <li>{@code assets/NAME}: text files kept with the model (a fitted tokenizer as JSON, for example).</li>
 * </ul>
 *
 * <p><b>Writing</b> is atomic: a temporary file in the target's directory, forced to disk, then renamed over the
 * target, so an interrupted save leaves the previous file intact. Saving the same model twice gives identical
 * bytes (fixed entry times).
 *
 * <p><b>Reading</b> is strict and explains itself: the problems it detects are {@link java.io.IOException}s whose
 * message starts with the file (for an entry, "model.nabla!/model.safetensors") and says what is wrong: a
 * {@link nabla.io.CorruptModelFileException} for bytes that break the format (not a ZIP, truncated, a missing entry
 * or field, offsets outside the data), a plain {@link nabla.io.ModelFileException} for a valid file this Nabla does
 * not support (a newer format version, an unknown layer type, a dtype other than F32), and a
 * {@link nabla.io.WeightMismatchException} listing every missing, unexpected and mis-shaped weight at once (as
 * PyTorch's {@code load_state_dict}); {@link nabla.io.Weights#loadStrict} copies no weight until all have been
 * checked.
 *
 * <p><b>Conventions.</b> The records are immutable (their constructors copy the collections into unmodifiable
 * ones); the arrays in them are shared, not copied. The only global state is the registry of custom layer types
 * ({@link nabla.io.LayerRegistry#register}, thread-safe); the classes are safe to use from several threads on
 * different files.
 *
 * <p><b>Layers.</b> {@code nabla.io} sits just below {@code nabla.models} and beside {@code nabla.train}: it uses
 * the layers ({@code nabla.nn} and its subpackages), losses, optimizers and tensors, and {@code nabla.models}
 * converts its models to and from {@link nabla.io.ModelArchive}.
 */
package nabla.io;
