package nabla.kernels;

/**
 * Whether the JDK's Vector API module ({@code jdk.incubator.vector}) is in the running JVM. The kernels need it; on
 * the module path {@code requires jdk.incubator.vector} brings it in, on the class path it takes
 * {@code --add-modules jdk.incubator.vector}. This class itself does not touch the Vector API, so it can tell the
 * user what is missing instead of a {@code NoClassDefFoundError} deep in a kernel.
 */
public final class VectorSupport {
    private VectorSupport() {}

    /** The module name, as {@code --add-modules} takes it. */
    public static final String MODULE = "jdk.incubator.vector";

    private static final boolean PRESENT = ModuleLayer.boot().findModule(MODULE).isPresent();

    /** The sentence shown when the module is missing. */
    static final String MISSING = "Nabla needs the JDK's Vector API module, which this JVM did not load: run java with"
            + " --add-modules " + MODULE + " (JDK 25 or newer; with Maven, add it to the surefire/exec argLine; with"
            + " Gradle, to jvmArgs), or put nabla-core on the module path, where its module-info requires it.";

    /** True when the Vector API module is loaded. */
    public static boolean present() {
        return PRESENT;
    }

    /**
     * Throws {@link IllegalStateException} with one sentence naming the flag when the module is missing; free
     * otherwise (a constant the JIT folds away).
     */
    public static void require() {
        if (!PRESENT) throw new IllegalStateException(MISSING);
    }
}
