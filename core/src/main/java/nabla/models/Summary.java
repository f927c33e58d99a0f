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
        long total = 0, trainable = 0;
        for (Layer l : model.layers()) {
            String shape = "?";
            if (s != null) {
                s = l.outputShape(s);
                shape = s.withLeading("None");
            }
            long count = 0;
            for (Parameter p : l.parameters()) {
                count += p.size();
                if (p.trainable()) trainable += p.size();
            }
            total += count;
            rows.add(new String[] {l.name() + " (" + l.type() + ")", shape, l.isBuilt() ? String.format("%,d", count) : "0 (unbuilt)"});
        }
        int w0 = "Layer (type)".length(), w1 = "Output Shape".length(), w2 = "Param #".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        String fmt = "%-" + (w0 + 2) + "s%-" + (w1 + 2) + "s%" + w2 + "s%n";
        int width = w0 + w1 + w2 + 4;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append("─".repeat(width)).append('\n');
        sb.append(String.format(fmt, "Layer (type)", "Output Shape", "Param #"));
        sb.append("═".repeat(width)).append('\n');
        for (String[] r : rows) sb.append(String.format(fmt, r[0], r[1], r[2]));
        sb.append("─".repeat(width)).append('\n');
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        if (model.inputShape() == null) sb.append("(input shape unknown until the first batch or withInputShape(...))\n");
        return sb.toString();
    }
}
