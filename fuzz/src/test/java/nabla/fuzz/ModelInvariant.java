package nabla.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.data.text.Tokenizer;
import nabla.io.ModelFileException;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * What the model fuzz tests require of {@link Model#load}: a file either loads or is refused with a
 * {@link ModelFileException} naming it (a bare IOException, another exception or an Error is a finding); a model that
 * loads predicts on zeros of its input shape, saves, and loads again, and its tokenizer asset, if any, parses or is
 * refused as {@link Tokenizer#fromJson} documents.
 */
final class ModelInvariant {
    /** Inputs up to this many elements are run through predict. */
    private static final int PREDICT_LIMIT = 1 << 14;

    private ModelInvariant() {}

    static void check(Path file) {
        Model m;
        try {
            m = Model.load(file);
        } catch (ModelFileException e) {
            if (!e.file().startsWith(file.toString()))
                throw new AssertionError("the error names " + e.file() + ", not the file " + file, e);
            return;
        } catch (IOException e) {
            throw new AssertionError(
                    "Model.load threw a bare " + e.getClass().getName() + ", not a ModelFileException naming the file",
                    e);
        }
        exercise(m, file);
    }

    private static void exercise(Model m, Path file) {
        List<Shape> shapes = m instanceof Functional f ? f.inputShapes() : List.of(m.inputShape());
        long elements = 0;
        List<NDArray> xs = new ArrayList<>();
        for (Shape s : shapes) {
            elements += s.size();
            int[] dims = new int[s.rank() + 1];
            dims[0] = 1;
            System.arraycopy(s.dims(), 0, dims, 1, s.rank());
            if (elements <= PREDICT_LIMIT) xs.add(NDArray.zeros(dims));
        }
        if (elements <= PREDICT_LIMIT) m.predictAll(xs);
        if (m instanceof Sequential s)
            s.asset("tokenizer.json").ifPresent(json -> {
                try {
                    Tokenizer.fromJson(json);
                } catch (IllegalArgumentException e) {
                    TokenizerJsonFuzzTest.checkMessage(e);
                }
            });
        Path again = Scratch.path("resaved.nabla");
        try {
            m.save(again);
            Model.load(again);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " loads, but saving it and loading it again fails", e);
        }
    }
}
