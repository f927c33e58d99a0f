/** A user's application: it needs only nabla.core's exported packages. */
module nabla.consumer {
    requires nabla.core;
}
