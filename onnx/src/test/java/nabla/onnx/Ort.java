package nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.models.Model;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/** ONNX Runtime as the oracle, and the helpers the tests share. */
final class Ort {
    private Ort() {}

    /** The tolerance: |a − b| ≤ TOL · max(1, |b|). */
    static final double TOL = 1e-5;

    /** Runs {@code onnx} in ONNX Runtime on {@code inputs} (by the graph's input order), returning every output. */
    static List<NDArray> run(byte[] onnx, List<NDArray> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(onnx, o)) {
                List<String> names = new ArrayList<>(s.getInputNames());
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (int i = 0; i < names.size(); i++) {
                        NDArray x = inputs.get(i);
                        feed.put(
                                names.get(i),
                                OnnxTensor.createTensor(
                                        env,
                                        FloatBuffer.wrap(x.toArray()),
                                        longs(x.shape().dims())));
                    }
                    try (OrtSession.Result r = s.run(feed)) {
                        List<NDArray> out = new ArrayList<>();
                        for (Map.Entry<String, OnnxValue> e : r) {
                            OnnxTensor t = (OnnxTensor) e.getValue();
                            long[] shape = t.getInfo().getShape();
                            FloatBuffer fb = t.getFloatBuffer();
                            float[] data = new float[fb.remaining()];
                            fb.get(data);
                            int[] dims = new int[shape.length];
                            for (int i = 0; i < dims.length; i++) dims[i] = (int) shape[i];
                            out.add(NDArray.wrap(data, Shape.of(dims)));
                        }
                        return out;
                    }
                } finally {
                    for (OnnxTensor t : feed.values()) t.close();
                }
            }
        }
    }

    static long[] longs(int[] d) {
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) l[i] = d[i];
        return l;
    }

    /** Asserts every element within the tolerance, naming the first that is not. */
    static void assertClose(NDArray expected, NDArray actual, String what) {
        assertArrayEquals(expected.shape().dims(), actual.shape().dims(), what + ": shapes differ");
        float[] e = expected.toArray(), a = actual.toArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(e[i] - a[i]) / Math.max(1, Math.abs(e[i]));
            if (!(err <= TOL))
                fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (relative error " + err + ")");
            worst = Math.max(worst, err);
        }
        assertEquals(e.length, a.length);
    }

    /** Gives every weight of {@code m} seeded random values (variances positive), so biases and statistics count. */
    static void randomize(Model m, long seed) {
        Rng rng = new Rng(seed);
        for (Map.Entry<String, Parameter> e : m.namedWeights().entrySet()) {
            NDArray v = e.getValue().value();
            NDArray r = NDArray.uniform(v.shape(), -0.5f, 0.5f, rng);
            if (e.getKey().endsWith("moving_variance")) r = r.abs().add(0.5f);
            v.assign(r);
        }
    }

    /** Uniform inputs in [-1, 1) of (n, sample...). */
    static NDArray input(long seed, int n, int... sample) {
        int[] d = new int[sample.length + 1];
        d[0] = n;
        System.arraycopy(sample, 0, d, 1, sample.length);
        return NDArray.uniform(Shape.of(d), -1f, 1f, new Rng(seed));
    }

    /** Integer ids in [0, vocab) as floats, (n, steps). */
    static NDArray ids(long seed, int n, int steps, int vocab) {
        Rng rng = new Rng(seed);
        float[] d = new float[n * steps];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.floor(rng.nextFloat() * vocab);
        return NDArray.wrap(d, Shape.of(n, steps));
    }
}
