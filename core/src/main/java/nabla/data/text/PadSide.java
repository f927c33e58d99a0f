package nabla.data.text;

/** Which end of a sequence {@link Sequences#padSequences} pads or truncates: Keras' "pre" (the start) or "post" (the end). */
public enum PadSide {
    PRE, POST
}
