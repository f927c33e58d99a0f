package nabla.onnx;

import java.util.List;
import nabla.io.ModelFileException;

/**
 * A model that has parts ONNX export or import cannot translate: its message names the file and lists every such part
 * (for export, each layer by name and class; for import, each ONNX node by name and op type, with the reason), so one
 * attempt shows all of them. Nothing is written or returned half done.
 */
public final class OnnxUnsupportedException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /** The parts that cannot be translated, each as "name (what it is: why)". */
    private final List<String> parts;

    /**
     * An exception for {@code file} listing {@code parts}.
     *
     * @param file the file being written or read
     * @param parts the untranslatable parts, one entry each
     * @param why one sentence fragment saying what the entries have in common
     */
    public OnnxUnsupportedException(String file, List<String> parts, String why) {
        super(file, why + ": " + String.join(", ", parts));
        this.parts = List.copyOf(parts);
    }

    /**
     * The parts that cannot be translated.
     *
     * @return an unmodifiable list, one entry per layer or node: "name (class or op type[: reason])"
     */
    public List<String> parts() {
        return parts;
    }
}
