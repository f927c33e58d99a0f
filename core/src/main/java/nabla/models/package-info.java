/**
 * Models with Keras' workflow: {@link nabla.models.Model} ({@code compile}, {@code fit}, {@code evaluate},
 * {@code predict}, {@code summary}, {@code save}), {@link nabla.models.Sequential} (a stack of layers), the
 * functional API ({@link nabla.models.Functional} and {@link nabla.models.SymbolicTensor}: graphs with branches,
 * merges and several inputs) and {@link nabla.models.Zoo} (ready-made classic networks).
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX)).build(784);
 * model.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
 * History h = model.fit(x, y, FitOptions.defaults().epochs(5).batchSize(100).validationSplit(0.1));
 * Map<String, Double> test = model.evaluate(testX, testY);
 * model.save(Path.of("mlp.nabla"));                 // Sequential.load(Path.of("mlp.nabla")) reads it back
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
 *       {@link nabla.models.Model#trainStep trainStep} (the override point for custom training); the reported
 *       loss includes the regularization penalties. {@code evaluate} and {@code predict} run in inference mode
 *       (no dropout, batch norm on moving statistics), in batches of 256.</li>
 *   <li><b>Determinism.</b> A model's layers are seeded from the model's seed (42 unless given) and their
 *       position, and shuffling from the fit options' seed (0 unless given), so the same code gives the same
 *       weights and the same training run every time.</li>
 *   <li><b>Mutation.</b> Models are mutable builders: {@code add}, {@code build}, {@code compile}, {@code named}
 *       and {@code putAsset} change the model and return it for chaining; training changes its weights and its
 *       optimizer in place. A layer object belongs to one model and one place in it (no shared layers yet).</li>
 *   <li><b>Errors.</b> Shapes that do not fit, invalid graphs, unknown loss or metric names and duplicate layer
 *       names are {@link IllegalArgumentException}s that say what to change; training or evaluating before
 *       {@code compile}, or saving an unbuilt {@code Sequential}, is an {@link IllegalStateException}; files that
 *       cannot be read are {@link java.io.IOException}s ({@link nabla.io.ModelFileException} naming the file and
 *       the problem).</li>
 *   <li><b>Saving.</b> One file holds the architecture, weights, compile settings, assets and (unless left
 *       out) the optimizer's state, written atomically; a loaded model resumes training bit for bit. The format
 *       is described in {@code nabla.io} ({@link nabla.io.ModelArchive}).</li>
 *   <li><b>Threads.</b> A model is not thread-safe: use it from one thread at a time.</li>
 * </ul>
 *
 * <p>Layering: {@code nabla.models} is the top layer of nabla-core. It runs the loop of {@code nabla.train}
 * ({@link nabla.train.Trainer}, {@link nabla.train.FitOptions}, {@link nabla.train.History}), saves and loads
 * through {@code nabla.io}, and builds on the losses, optimizers, metrics and layers below; nothing in the
 * library depends on it.
 */
package nabla.models;
