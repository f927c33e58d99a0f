package nabla.models;

import java.nio.file.Path;
import java.util.List;
import nabla.nn.core.Dense;
import nabla.tensor.NDArray;

/**
 * Run in a child JVM by {@link KillDuringSaveTest}: {@code PATH FIRST_VERSION} saves version FIRST_VERSION, then the
 * next, and so on, of a model of {@value #UNITS}² + {@value #UNITS} weights (about 23 MB) to PATH, until it is killed,
 * printing "ready" before the first save and "saved V" after each. A save that fails prints "save failed: ..." and
 * exits with status 1.
 */
public final class SaveLoopMain {
    /** The width of the one Dense layer (its input is as wide). */
    static final int UNITS = 2400;

    private SaveLoopMain() {}

    /**
     * Saves versions until killed.
     *
     * @param args PATH FIRST_VERSION
     */
    public static void main(String[] args) {
        Path path = Path.of(args[0]);
        Sequential model = model();
        System.out.println("ready");
        System.out.flush();
        for (int v = Integer.parseInt(args[1]); ; v++) {
            model.setWeights(version(v));
            try {
                model.save(path);
            } catch (Exception e) {
                System.out.println("save failed: " + e);
                System.out.flush();
                System.exit(1);
            }
            System.out.println("saved " + v);
            System.out.flush();
        }
    }

    /** The model whose versions are saved (its own initial weights are replaced by each version's). */
    static Sequential model() {
        return new Sequential(3L, new Dense(UNITS)).build(UNITS);
    }

    /**
     * The weights of version {@code v}: every element of the kernel and the bias differs from version to version,
     * so a file mixing two versions is told apart.
     *
     * @param v the version
     * @return the kernel and the bias
     */
    static List<NDArray> version(int v) {
        float[] kernel = new float[UNITS * UNITS], bias = new float[UNITS];
        for (int i = 0; i < kernel.length; i++) kernel[i] = (i % 1009) * 1e-3f + v;
        for (int i = 0; i < UNITS; i++) bias[i] = v + i * 1e-4f;
        return List.of(NDArray.of(kernel, UNITS, UNITS), NDArray.of(bias, UNITS));
    }
}
