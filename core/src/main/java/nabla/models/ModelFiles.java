package nabla.models;

import java.io.IOException;
import java.nio.file.Path;

/** Save and load of models (architecture JSON + safetensors weights). PLACEHOLDER until nabla.io lands. */
final class ModelFiles {
    private ModelFiles() {}

    static void save(Sequential model, Path path) throws IOException {
        throw new UnsupportedOperationException("save: not implemented yet");
    }

    static Sequential load(Path path) throws IOException {
        throw new UnsupportedOperationException("load: not implemented yet");
    }
}
