package nabla.models;

import java.util.ArrayList;
import java.util.List;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.Shape;

/** Keras-style text table of a model: each layer with its output shape and parameter count, then totals. */
final class Summary {
    private Summary() {}

    static String of(Sequential model) {
        List<String[]> rows = new ArrayList<>();
        Shape s = model.inputShape();
        long[] totals = new long[2];
        for (Layer l : model.layers()) {
            String shape = "?";
            if (s != null) {
                s = l.outputShape(s);
                shape = s.withLeading("None");
            }
            rows.add(new String[] {l.name() + " (" + l.type() + ")", shape, count(l, totals)});
        }
        String extra = model.inputShape() == null ? "(input shape unknown until the first batch or build(...))\n" : "";
        return table(model.name(), new String[] {"Layer (type)", "Output Shape", "Param #"}, rows, totals, extra);
    }

    /** The functional model's table, with the layers (or input) feeding each layer. */
    static String of(Functional model) {
        List<String[]> rows = new ArrayList<>();
        List<Shape> inputs = model.inputShapes();
        for (int i = 0; i < inputs.size(); i++)
            rows.add(new String[] {
                Functional.inputName(i) + " (InputLayer)", inputs.get(i).withLeading("None"), "0", ""
            });
        long[] totals = new long[2];
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            rows.add(new String[] {
                l.name() + " (" + l.type() + ")",
                model.layerOutputShape(i).withLeading("None"),
                count(l, totals),
                String.join(", ", model.inboundNames(i))
            });
        }
        return table(
                model.name(),
                new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"},
                rows,
                totals,
                "");
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
