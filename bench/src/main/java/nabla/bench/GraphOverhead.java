package nabla.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.data.Example;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * What the graph costs: W1's MLP (784-500-500-10, batch 100) written flat as a Sequential, as a Functional, and with
 * its hidden layers in a nested Sequential; and a two-tower model (two 784-inputs, a 500-unit ReLU tower each,
 * concatenated, 10-way softmax) with two towers or one shared tower (the same FLOPs). Training steps per second of
 * each, measured in rounds that alternate the variants (ABAB...); each variant's ratio to the flat one of its group
 * is taken within each round (this machine's speed drifts between rounds) and its median reported.
 *
 * <p>Usage: {@code GraphOverhead [--rounds R] [--batches N]}
 */
public final class GraphOverhead {
    private GraphOverhead() {}

    public static void main(String[] args) {
        int rounds = 5, batches = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: GraphOverhead [--rounds R] [--batches N]");
            }
        }
        Rng rng = new Rng(1);
        int n = 2000, batch = 100;
        NDArray x = NDArray.uniform(Shape.of(n, 784), 0, 1, rng), x2 = NDArray.uniform(Shape.of(n, 784), 0, 1, rng);
        NDArray y = NDArray.zeros(n, 10);
        for (int i = 0; i < n; i++) y.set(1f, i, rng.nextInt(10));
        Map<String, Model> models = new LinkedHashMap<>();
        models.put("mlp sequential", new Sequential(1L, hidden(), hidden(), out()).build(784));
        SymbolicTensor in = Functional.input(784);
        models.put(
                "mlp functional",
                new Functional(1L, in, in.then(hidden()).then(hidden()).then(out())));
        models.put("mlp nested", new Sequential(1L, new Sequential(2L, hidden(), hidden()), out()).build(784));
        SymbolicTensor a = Functional.input(784), b = Functional.input(784);
        models.put(
                "two towers",
                new Functional(
                        1L,
                        List.of(a, b),
                        Functional.concatenate(a.then(hidden()), b.then(hidden()))
                                .then(out())));
        SymbolicTensor c = Functional.input(784), d = Functional.input(784);
        Dense tower = hidden();
        models.put(
                "shared tower",
                new Functional(
                        1L,
                        List.of(c, d),
                        Functional.concatenate(c.then(tower), d.then(tower)).then(out())));
        for (Model m : models.values()) m.compile("categorical_crossentropy", new Adam(1e-3f));
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        models.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
        int[] cursor = {0};
        for (int r = -1; r < rounds; r++) // round -1 warms every variant up
        for (Map.Entry<String, Model> e : models.entrySet()) {
                Model m = e.getValue();
                boolean two = m.inputNames().size() == 2;
                long t0 = System.nanoTime();
                for (int i = 0; i < (r < 0 ? 3 * batches : batches); i++) {
                    int k = (cursor[0]++ % (n / batch)) * batch;
                    List<NDArray> xs = two
                            ? List.of(x.slice(0, k, k + batch), x2.slice(0, k, k + batch))
                            : List.of(x.slice(0, k, k + batch));
                    m.trainStep(new Example(xs, List.of(y.slice(0, k, k + batch)), null), List.of());
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                if (r >= 0) rates.get(e.getKey()).add(batches / secs);
            }
        System.out.printf("%-16s %12s %14s   per-round ratios%n", "variant", "steps/s", "median ratio");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            List<Double> base = rates.get(e.getKey().contains("tower") ? "two towers" : "mlp sequential");
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) ratios.add(e.getValue().get(r) / base.get(r));
            System.out.printf(
                    "%-16s %12.1f %14.3f   %s%n",
                    e.getKey(),
                    median(e.getValue()),
                    median(ratios),
                    ratios.stream().map(v -> String.format("%.3f", v)).toList());
        }
        System.out.println("(" + rounds + " rounds of " + batches + " steps, batch 100, the variants alternating within"
                + " each round; ratio: steps/s over the flat variant of its group (mlp sequential, two towers) in the"
                + " same round, median over the rounds)");
    }

    private static Dense hidden() {
        return new Dense(500, Activation.RELU);
    }

    private static Dense out() {
        return new Dense(10, Activation.SOFTMAX);
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
