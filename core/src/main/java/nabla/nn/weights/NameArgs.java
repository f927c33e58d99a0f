package nabla.nn.weights;

import java.util.ArrayList;
import java.util.List;

/** A saved name with optional numeric arguments, "name" or "name(a,b,...)", as initializers and regularizers write them. */
record NameArgs(String name, List<Float> args, String text, String kind) {
    static NameArgs parse(String kind, String text) {
        int open = text.indexOf('(');
        if (open < 0) return new NameArgs(text, List.of(), text, kind);
        if (!text.endsWith(")"))
            throw new IllegalArgumentException(kind + " '" + text + "': missing the closing parenthesis");
        List<Float> args = new ArrayList<>();
        String inner = text.substring(open + 1, text.length() - 1).trim();
        if (!inner.isEmpty()) {
            for (String a : inner.split(",")) {
                try {
                    args.add(Float.parseFloat(a.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            kind + " '" + text + "': argument '" + a.trim() + "' is not a number");
                }
            }
        }
        return new NameArgs(text.substring(0, open).trim(), List.copyOf(args), text, kind);
    }

    /** Argument i, or {@code defaultValue} when absent. */
    float arg(int i, float defaultValue) {
        return i < args.size() ? args.get(i) : defaultValue;
    }

    /** Argument i as an integer (e.g. an axis). */
    int intArg(int i) {
        float v = args.get(i);
        if (v != Math.rint(v))
            throw new IllegalArgumentException(kind + " '" + text + "': argument " + v + " must be an integer");
        return (int) v;
    }
}
