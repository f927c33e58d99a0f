package nabla.data.text;

/** Which end of a sequence {@link Sequences#padSequences} pads or truncates: Keras' "pre" (the start) or "post" (the end). */
public enum PadSide {
    /** The start of the sequence (Keras' "pre", its default for both padding and truncating). */
    PRE,
    /** The end of the sequence (Keras' "post"). */
    POST
}
