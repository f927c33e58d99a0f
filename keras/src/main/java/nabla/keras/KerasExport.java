package nabla.keras;

import java.io.IOException;
import java.nio.file.Path;
import nabla.models.Model;

final class KerasExport {
    private KerasExport() {}

    static void saveKeras3(Model model, Path path) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    static void saveTfjs(Model model, Path path) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
