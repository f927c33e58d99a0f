package nabla.models;

import java.util.ArrayList;
import java.util.List;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.Shape;

/**
 * Keras-style text table of a model: each layer with its output shape and parameter count, nested models followed
 * by their own layers (indented), then totals.
 */
final class Summary {
    private Summary() {}

    static String of(Model model) {
        List<String[]> rows = new ArrayList<>();
        long[] totals = new long[2];
        boolean functional = model instanceof Functional;
        rows(model, "", rows, totals, true);
        String extra = model instanceof Sequential s && !s.isBuilt()
                ? "(input shape unknown until the first batch or build(...))\n"
                : "";
        String[] head = functional
                ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        if (!functional) for (int i = 0; i < rows.size(); i++) rows.set(i, java.util.Arrays.copyOf(rows.get(i), 3));
        return table(model.name(), head, rows, totals, extra);
    }

    /** The rows of {@code model}'s layers, each prefixed by {@code indent}; totals only at the top level. */
    private static void rows(Model model, String indent, List<String[]> rows, long[] totals, boolean top) {
        long[] none = new long[2];
        if (model instanceof Functional f) {
            List<SymbolicTensor> ins = f.inputTensors();
            for (int i = 0; i < ins.size(); i++)
                rows.add(new String[] {
                    indent + f.inputNames().get(i) + " (InputLayer)",
                    ins.get(i).shape().withLeading("None"),
                    "0",
                    ""
                });
            List<Layer> counted = new ArrayList<>();
            for (SymbolicTensor.Node n : f.nodes()) {
                Layer l = n.layer;
                List<String> from = new ArrayList<>();
                for (SymbolicTensor t : n.inputs) {
                    String p = f.producerName(t);
                    int k = f.nodeIndex(t.node);
                    from.add(k == 0 && t.index == 0 ? p : p + "[" + k + "][" + t.index + "]");
                }
                List<String> shapes = new ArrayList<>();
                for (SymbolicTensor o : n.outputs) shapes.add(o.shape().withLeading("None"));
                boolean first = !counted.contains(l);
                counted.add(l);
                String label = l.name() + " (" + l.type() + ")" + (first ? "" : " shared");
                rows.add(new String[] {
                    indent + label,
                    String.join(", ", shapes),
                    first ? count(l, top ? totals : none) : "(shared)",
                    String.join(", ", from)
                });
                if (first && l instanceof Model m) rows(m, indent + "  │ ", rows, totals, false);
            }
        } else {
            Shape s = model.inputShape();
            for (Layer l : model.layers()) {
                String shape = "?";
                if (s != null) {
                    s = l.outputShape(s);
                    shape = s.withLeading("None");
                }
                rows.add(new String[] {
                    indent + l.name() + " (" + l.type() + ")", shape, count(l, top ? totals : none), ""
                });
                if (l instanceof Model m) rows(m, indent + "  │ ", rows, totals, false);
            }
        }
    }

    private static String count(Layer l, long[] totals) {
        long count = 0;
        for (Parameter p : l.parameters()) {
            count += p.size();
            if (p.trainable()) totals[1] += p.size();
        }
        totals[0] += count;
        return l.isBuilt() ? String.format("%,d", count) : "0 (unbuilt)";
    }

    private static String table(String name, String[] head, List<String[]> rows, long[] totals, String extra) {
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) w[c] = head[c].length();
        for (String[] r : rows) for (int c = 0; c < head.length; c++) w[c] = Math.max(w[c], r[c].length());
        StringBuilder f = new StringBuilder();
        int width = 2 * (head.length - 1);
        for (int c = 0; c < head.length; c++) {
            boolean last = c == head.length - 1;
            if (c == 2) f.append("%").append(w[c]).append("s").append(last ? "" : "  "); // parameter counts align right
            else f.append(last ? "%s" : "%-" + (w[c] + 2) + "s");
            width += w[c];
        }
        f.append("%n");
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(name).append("\"\n");
        sb.append("─".repeat(width)).append('\n');
        sb.append(String.format(f.toString(), (Object[]) head));
        sb.append("═".repeat(width)).append('\n');
        for (String[] r : rows) sb.append(String.format(f.toString(), (Object[]) r));
        sb.append("─".repeat(width)).append('\n');
        sb.append(String.format("Total params: %,d%n", totals[0]));
        sb.append(String.format("Trainable params: %,d%n", totals[1]));
        sb.append(String.format("Non-trainable params: %,d%n", totals[0] - totals[1]));
        sb.append(extra);
        return sb.toString();
    }
}
