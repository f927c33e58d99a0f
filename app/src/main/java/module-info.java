/**
 * The {@code nabla} command: the worked examples, the studies with their reports, and the plots. Run it from the
 * shaded {@code nabla.jar} ({@code ./nabla ...}); it exports nothing.
 */
module nabla.app {
    requires nabla.core;
    requires nabla.timeseries;
    requires nabla.keras; // nabla convert / evaluate / predict read and write Keras files
    requires nabla.onnx; // ... and ONNX files
    requires info.picocli;
    requires java.desktop;
    requires java.management; // nabla soak reads the heap through the MemoryMXBean

    opens nabla.cli to
            info.picocli;
}
