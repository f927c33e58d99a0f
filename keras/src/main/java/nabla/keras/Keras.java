package nabla.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import nabla.models.Model;

/**
 * Keras models in and out of Nabla, in pure Java.
 *
 * <p>{@link #load} reads the three formats a Keras user meets: a Keras 3 {@code .keras} archive ({@code config.json},
 * {@code model.weights.h5}, {@code metadata.json}), a legacy Keras 2 / tf.keras {@code .h5} file (the
 * {@code model_config} attribute and the {@code model_weights} group) and a TensorFlow.js layers model
 * ({@code model.json} with its binary weight shards beside it). Sequential and functional models load, with nested
 * models, shared layers and several inputs and outputs; the weights keep Keras' layouts (Nabla uses the same ones:
 * kernels (in, out) and (h, w, in, out), LSTM gates i, f, c, o, GRU gates z, r, h with either bias form,
 * batch-normalization moving statistics); compile settings present in the file (optimizer, loss, metrics) compile the
 * loaded model. A file using a layer or an option Nabla does not have fails with one
 * {@link nabla.io.ModelFileException} that lists every such layer (by name and class) and option; nothing is half
 * loaded. A damaged or hostile file (a truncated HDF5 file, garbage, a dataset declaring a huge shape, a zip bomb)
 * fails with a {@link nabla.io.CorruptModelFileException} or {@link nabla.io.ModelFileException} naming the file, in
 * bounded memory.
 *
 * <p>{@link #save} writes a Nabla model as a Keras 3 {@code .keras} archive or as a TensorFlow.js layers model
 * ({@code model.json} and one {@code group1-shard1of1.bin} beside it), atomically.
 *
 * <pre>{@code
 * Model m = Keras.load(Path.of("mnist_cnn.keras"));   // or "model.h5", or "web_model/model.json"
 * NDArray p = m.predict(x);
 * Keras.save(m, Path.of("out/model.json"));           // for TensorFlow.js
 * }</pre>
 */
public final class Keras {
    private Keras() {}

    /**
     * Reads a Keras model. The format comes from the file name ({@code .keras}, {@code .h5} / {@code .hdf5},
     * {@code .json} for TF.js), else from the first bytes.
     *
     * @param path the {@code .keras} archive, the {@code .h5} file, or the TF.js {@code model.json} (its weight
     *     shards beside it)
     * @return a {@link nabla.models.Sequential} or {@link nabla.models.Functional}, built, with the file's weights,
     *     compiled when the file carries compile settings
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws nabla.io.ModelFileException naming the file if it uses layers or options Nabla lacks (all of them listed)
     *     or is not a Keras model file
     * @throws nabla.io.CorruptModelFileException naming the file (and the entry or dataset) if its bytes are damaged
     * @throws IOException if reading fails otherwise
     */
    public static Model load(Path path) throws IOException {
        return KerasImport.load(path);
    }

    /**
     * Writes {@code model} as a Keras model: a Keras 3 archive when the name ends in {@code .keras}, a TensorFlow.js
     * layers model when it ends in {@code .json} ({@code model.json}; its weights go to {@code group1-shard1of1.bin}
     * in the same folder). Each file is written to a temporary file and renamed into place, so a failed save leaves
     * no partial file. Compile settings are written when the model is compiled (Keras 3: {@code compile_config};
     * TF.js: {@code trainingConfig}); optimizer state is not.
     *
     * @param model a built {@link nabla.models.Sequential} or {@link nabla.models.Functional}
     * @param path where to write ({@code .keras} or {@code .json})
     * @throws IllegalArgumentException if the extension is neither, or the model holds layers or options the format
     *     cannot express (the message lists every one)
     * @throws IllegalStateException if the model is not built
     * @throws IOException if writing fails
     */
    public static void save(Model model, Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".keras")) KerasExport.saveKeras3(model, path);
        else if (name.endsWith(".json")) KerasExport.saveTfjs(model, path);
        else
            throw new IllegalArgumentException("Keras.save: " + path + " must end in .keras (Keras 3) or .json (a"
                    + " TF.js model.json); Nabla does not write Keras 2 .h5 files");
    }
}
