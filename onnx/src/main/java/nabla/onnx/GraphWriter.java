package nabla.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The nodes and initializers of one ONNX graph being written, with unique value names. */
final class GraphWriter {
    final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    final List<OnnxMl.TensorProto> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Reserves {@code name} exactly (a graph input or output); false if it was taken. */
    boolean reserve(String name) {
        return names.add(name);
    }

    /** A new unique value name starting with {@code base}. */
    String fresh(String base) {
        String b = base.isEmpty() ? "v" : base;
        if (names.add(b)) return b;
        for (int i = 1; ; i++) if (names.add(b + "_" + i)) return b + "_" + i;
    }

    /** A float initializer (raw little-endian data) under a fresh name. */
    String floats(String base, long[] dims, float[] data) {
        String name = fresh(base);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        initializers.add(t.build());
        return name;
    }

    /** An int64 initializer under a fresh name. */
    String longs(String base, long... data) {
        String name = fresh(base);
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        initializers.add(OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE)
                .addDims(data.length)
                .setRawData(ByteString.copyFrom(b.array()))
                .build());
        return name;
    }

    /** A float scalar initializer. */
    String scalar(String base, float v) {
        return floats(base, new long[0], new float[] {v});
    }

    /** Adds a node of one output; returns the output's name. */
    String node(String op, String outBase, List<String> inputs, OnnxMl.AttributeProto... attrs) {
        return nodeN(op, outBase, 1, inputs, attrs).getFirst();
    }

    /** Adds a node of {@code outputs} outputs; returns their names. */
    List<String> nodeN(String op, String outBase, int outputs, List<String> inputs, OnnxMl.AttributeProto... attrs) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) outs.add(fresh(outBase));
        addNode(op, outBase, inputs, outs, attrs);
        return outs;
    }

    /** Adds a node with the given output names. */
    void addNode(
            String op, String nameBase, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(fresh(nameBase + "/" + op))
                .addAllInput(inputs)
                .addAllOutput(outputs);
        for (OnnxMl.AttributeProto a : attrs) n.addAttribute(a);
        nodes.add(n.build());
    }

    static OnnxMl.AttributeProto attr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    static OnnxMl.AttributeProto attr(String name, float v) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(v)
                .build();
    }

    static OnnxMl.AttributeProto attr(String name, String v) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v))
                .build();
    }

    static OnnxMl.AttributeProto ints(String name, long... v) {
        OnnxMl.AttributeProto.Builder a =
                OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    static OnnxMl.AttributeProto ints(String name, int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return ints(name, l);
    }

    static OnnxMl.AttributeProto strings(String name, List<String> v) {
        OnnxMl.AttributeProto.Builder a =
                OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
        for (String s : v) a.addStrings(ByteString.copyFromUtf8(s));
        return a.build();
    }
}
