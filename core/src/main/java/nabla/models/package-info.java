/**
 * Models with Keras' workflow: {@link nabla.models.Model} ({@code compile}, {@code fit}, {@code evaluate},
 * {@code predict}, {@code summary}, {@code save}), {@link nabla.models.Sequential} (a stack of layers), the
 * functional API ({@link nabla.models.Functional} and {@link nabla.models.SymbolicTensor}: graphs of any shape,
 * with branches, merges, shared layers, several named inputs and outputs) and {@link nabla.models.Zoo} (ready-made
 * classic networks). A model is a {@link nabla.nn.Layer}: it nests inside another model, and
 * {@code setTrainable(false)} freezes it for fine-tuning.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX)).build(784);
 * model.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
 * History h = model.fit(x, y, FitOptions.defaults().epochs(5).batchSize(100).validationSplit(0.1));
 * Map<String, Double> test = model.evaluate(testX, testY);
 * model.save(Path.of("mlp.nabla"));                 // Sequential.load(Path.of("mlp.nabla")) reads it back
 *
 * // two inputs through one shared encoder (a nested, frozen, pretrained model), two named outputs
 * SymbolicTensor a = Functional.input("left", 784), b = Functional.input("right", 784);
 * encoder.setTrainable(false);
 * SymbolicTensor d = Functional.merge(Merge.subtract(), a.then(encoder), b.then(encoder));
 * Functional pair = new Functional(1L, List.of(a, b), List.of(d.then(new Dense(1, Activation.SIGMOID).named("same")),
 *         d.then(new Dense(10).named("digit"))));
 * pair.compile(new Adam(), Map.of("same", Loss.byName("binary_crossentropy"), "digit",
 *         new SparseCategoricalCrossEntropy(true)), Map.of("digit", 0.2), Map.of("same", List.of("accuracy")));
 * pair.fit(Map.of("left", xa, "right", xb), Map.of("same", same, "digit", digit), FitOptions.defaults());
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Shapes.</b> Arrays passed to {@code fit}, {@code evaluate} and {@code predict} have the batch (sample)
 *       axis first; shapes given to {@code build}, {@code Functional.input} and reported by {@code inputShape} are
 *       per sample, without it (Keras' {@code Input(shape=...)}), and {@code summary} prints the batch axis as
 *       {@code None}.</li>
 *   <li><b>Training.</b> {@code fit} follows Keras: a validation split holds out the last samples before any
 *       shuffling; the training samples are reshuffled every epoch from the options' seed; each batch is one
 *       {@link nabla.models.Model#trainStep trainStep} (the override point for custom training, in a subclass of
 *       {@code Model}; {@code trainOnBatch} runs one step without the loop); the reported loss is the weighted sum
 *       of the outputs' losses (with sample or class weights) plus the regularization penalties and the losses
 *       layers add ({@code addLoss}). {@code fit} also takes a {@link nabla.data.Dataset} of batches streamed from
 *       files or generators. {@code evaluate} and {@code predict} run in inference mode (no dropout, batch norm on
 *       moving statistics), in batches of 256.</li>
 *   <li><b>Determinism.</b> A model's layers are seeded from the model's seed (42 unless given) and their
 *       position, and shuffling from the fit options' seed (0 unless given), so the same code gives the same
 *       weights and the same training run every time.</li>
 *   <li><b>Mutation.</b> Models are mutable builders: {@code add}, {@code build}, {@code compile}, {@code named}
 *       and {@code putAsset} change the model and return it for chaining; training changes its weights and its
 *       optimizer in place. A layer object applied at several nodes of a functional model shares its weights between
 *       them; a Sequential applies each layer once.</li>
 *   <li><b>Errors.</b> Shapes that do not fit, invalid graphs, unknown loss or metric names and duplicate layer
 *       names are {@link IllegalArgumentException}s that say what to change; training or evaluating before
 *       {@code compile}, or saving an unbuilt {@code Sequential}, is an {@link IllegalStateException}; files that
 *       cannot be read are {@link java.io.IOException}s ({@link nabla.io.ModelFileException} naming the file and
 *       the problem).</li>
 *   <li><b>Saving.</b> One file holds the architecture (nested models, the graph's nodes and their connections),
 *       weights, compile settings, assets, the optimizer's state (unless left out) and the training state (epochs
 *       completed, the layers' random streams), written atomically; a loaded model resumed with
 *       {@code FitOptions.initialEpoch(model.completedEpochs())} trains on bit for bit as an uninterrupted run,
 *       shuffling and dropout included. Custom layers, losses and metrics load once registered
 *       ({@code LayerRegistry.register}, {@code Loss.register}, {@code Metrics.register}). The format is described
 *       in {@code nabla.io} ({@link nabla.io.ModelArchive}).</li>
 *   <li><b>Threads.</b> A model is not thread-safe: use it from one thread at a time.</li>
 * </ul>
 *
 * <p>Layering: {@code nabla.models} is the top layer of nabla-core. It runs the loop of {@code nabla.train}
 * ({@link nabla.train.Trainer}, {@link nabla.train.FitOptions}, {@link nabla.train.History}), saves and loads
 * through {@code nabla.io}, and builds on the losses, optimizers, metrics and layers below; nothing in the
 * library depends on it.
 */
package nabla.models;
