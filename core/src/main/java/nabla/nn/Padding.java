package nabla.nn;

/**
 * How a convolution or pooling layer pads its input: {@link #VALID} (none: only windows that fit), {@link #SAME}
 * (Keras/TensorFlow: the output length is ceil(in / stride) and the padding needed for that is split with the
 * extra element at the bottom/right), or {@link Explicit} zero amounts (PyTorch's {@code padding=p}). 1-D layers
 * use {@code left} and {@code right} of an explicit padding; the pooling layers accept VALID and SAME only.
 * Immutable.
 */
public sealed interface Padding permits Padding.Valid, Padding.Same, Padding.Explicit {
    /** No padding (Keras' {@code padding="valid"}, the layers' default). */
    Padding VALID = new Valid();
    /** TensorFlow's 'SAME' (Keras' {@code padding="same"}): ceil(in / stride) outputs along each axis. */
    Padding SAME = new Same();

    /** No padding; use {@link #VALID}. */
    record Valid() implements Padding {
        @Override
        public String configValue() {
            return "valid";
        }
    }

    /** TensorFlow's 'SAME'; use {@link #SAME}. */
    record Same() implements Padding {
        @Override
        public String configValue() {
            return "same";
        }
    }

    /**
     * Fixed zero padding on each side (rows above and below, columns left and right).
     *
     * @param top rows of zeros above (2-D layers)
     * @param bottom rows of zeros below (2-D layers)
     * @param left columns (2-D) or steps (1-D) of zeros before the start
     * @param right columns (2-D) or steps (1-D) of zeros after the end
     */
    record Explicit(int top, int bottom, int left, int right) implements Padding {
        /**
         * Checks the amounts.
         *
         * @throws IllegalArgumentException if an amount is negative
         */
        public Explicit {
            if (top < 0 || bottom < 0 || left < 0 || right < 0)
                throw new IllegalArgumentException("Padding.Explicit: amounts must be >= 0, got (" + top + ", " + bottom
                        + ", " + left + ", " + right + ")");
        }

        @Override
        public String configValue() {
            return "explicit(" + top + "," + bottom + "," + left + "," + right + ")";
        }
    }

    /**
     * The same amount {@code p} on every side (the courses' P; PyTorch's {@code padding=p}).
     *
     * @param p the amount, &gt;= 0
     * @return the padding
     * @throws IllegalArgumentException if {@code p} is negative
     */
    static Padding explicit(int p) {
        return new Explicit(p, p, p, p);
    }

    /**
     * {@code vertical} rows above and below, {@code horizontal} columns left and right.
     *
     * @param vertical rows on each of top and bottom, &gt;= 0
     * @param horizontal columns on each of left and right, &gt;= 0
     * @return the padding
     * @throws IllegalArgumentException if an amount is negative
     */
    static Padding explicit(int vertical, int horizontal) {
        return new Explicit(vertical, vertical, horizontal, horizontal);
    }

    /**
     * The saved form (the layers' "padding" config value).
     *
     * @return "valid", "same" or "explicit(top,bottom,left,right)"
     */
    String configValue();

    /**
     * Parses {@link #configValue()}.
     *
     * @param s "valid", "same" or "explicit(top,bottom,left,right)"
     * @return the padding ({@link #VALID} and {@link #SAME} for the first two)
     * @throws IllegalArgumentException for any other text, or a negative amount
     */
    static Padding fromConfig(String s) {
        if (s.equals("valid")) return VALID;
        if (s.equals("same")) return SAME;
        if (s.startsWith("explicit(") && s.endsWith(")")) {
            String[] p = s.substring("explicit(".length(), s.length() - 1).split(",");
            try {
                if (p.length == 4)
                    return new Explicit(
                            Integer.parseInt(p[0].trim()),
                            Integer.parseInt(p[1].trim()),
                            Integer.parseInt(p[2].trim()),
                            Integer.parseInt(p[3].trim()));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
                "unknown padding '" + s + "'; known: valid, same, explicit(top,bottom,left,right)");
    }
}
