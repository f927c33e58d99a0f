/**
 * Keras interop for Nabla ({@code nabla.keras}): reads Keras 3 {@code .keras} archives, legacy Keras 2 / tf.keras
 * {@code .h5} files and TensorFlow.js layers models ({@code model.json} and weight shards) into Nabla models, and writes
 * Nabla models as {@code .keras} archives and TensorFlow.js layers models. HDF5 goes through jHDF, a pure-Java
 * library: nothing native.
 */
module nabla.keras {
    requires transitive nabla.core;
    // jHDF's jar declares no module: its manifest names the automatic module 'io.jhdf'.
    requires io.jhdf;
    requires com.fasterxml.jackson.core;

    exports nabla.keras;
}
