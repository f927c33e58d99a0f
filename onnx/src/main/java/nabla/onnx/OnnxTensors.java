package nabla.onnx;

import ai.onnx.proto.OnnxMl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelFileException;

/**
 * Reads ONNX TensorProtos into Java arrays, checking every declared size against the bytes that are really there
 * before allocating anything, so a hostile file cannot make the reader allocate more than the file holds.
 */
final class OnnxTensors {
    private OnnxTensors() {}

    /** A constant: its dimensions and its values as floats, or as longs for integer tensors. */
    record Const(long[] dims, float[] f, long[] l) {
        boolean isFloat() {
            return f != null;
        }

        int size() {
            return isFloat() ? f.length : l.length;
        }

        long[] asLongs() {
            if (l != null) return l;
            long[] r = new long[f.length];
            for (int i = 0; i < r.length; i++) r[i] = (long) f[i];
            return r;
        }

        float[] asFloats() {
            if (f != null) return f;
            float[] r = new float[l.length];
            for (int i = 0; i < r.length; i++) r[i] = l[i];
            return r;
        }

        int rank() {
            return dims.length;
        }
    }

    /** The number of elements {@code dims} declare, or an error if a dimension is negative or the product overflows. */
    static long count(String file, String what, long[] dims) throws CorruptModelFileException {
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new CorruptModelFileException(file, what + " has a negative dimension " + d);
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new CorruptModelFileException(file, what + " declares more elements than a long can count");
            }
        }
        return n;
    }

    /** Decodes {@code t}, named {@code what} in messages. */
    static Const read(String file, String what, OnnxMl.TensorProto t) throws ModelFileException {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0)
            throw new ModelFileException(
                    file,
                    what + " keeps its data in an external file, which Nabla does not read; save the model with"
                            + " all tensors inside the .onnx file (onnx.save_model(..., save_as_external_data=False))");
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.getDims(i);
        long n = count(file, what, dims);
        int type = t.getDataType();
        int elem = switch (type) {
            case OnnxMl.TensorProto.DataType.FLOAT_VALUE, OnnxMl.TensorProto.DataType.INT32_VALUE -> 4;
            case OnnxMl.TensorProto.DataType.INT64_VALUE, OnnxMl.TensorProto.DataType.DOUBLE_VALUE -> 8;
            case OnnxMl.TensorProto.DataType.BOOL_VALUE -> 1;
            default ->
                throw new ModelFileException(
                        file,
                        what + " has ONNX data type " + type
                                + ", which Nabla does not read (it reads float, double, int32, int64 and bool)");
        };
        boolean raw = t.hasRawData();
        long stored;
        if (raw) stored = t.getRawData().size() / elem;
        else
            stored = switch (type) {
                case OnnxMl.TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
                case OnnxMl.TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
                case OnnxMl.TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
                default -> t.getInt32DataCount(); // int32 and bool are stored in int32_data
            };
        if (raw && t.getRawData().size() % elem != 0)
            throw new CorruptModelFileException(
                    file, what + " has " + t.getRawData().size() + " bytes of raw data, not a multiple of " + elem);
        if (stored != n)
            throw new CorruptModelFileException(
                    file,
                    what + " declares " + n + " elements (dims " + java.util.Arrays.toString(dims) + ") but stores "
                            + stored);
        int size = (int) n; // stored fits in an int: it came from an array
        ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
        switch (type) {
            case OnnxMl.TensorProto.DataType.FLOAT_VALUE -> {
                float[] f = new float[size];
                if (raw) b.asFloatBuffer().get(f);
                else for (int i = 0; i < size; i++) f[i] = t.getFloatData(i);
                return new Const(dims, f, null);
            }
            case OnnxMl.TensorProto.DataType.DOUBLE_VALUE -> {
                float[] f = new float[size];
                for (int i = 0; i < size; i++) f[i] = (float) (raw ? b.getDouble(8 * i) : t.getDoubleData(i));
                return new Const(dims, f, null);
            }
            case OnnxMl.TensorProto.DataType.INT64_VALUE -> {
                long[] l = new long[size];
                if (raw) b.asLongBuffer().get(l);
                else for (int i = 0; i < size; i++) l[i] = t.getInt64Data(i);
                return new Const(dims, null, l);
            }
            case OnnxMl.TensorProto.DataType.BOOL_VALUE -> {
                long[] l = new long[size];
                for (int i = 0; i < size; i++) l[i] = raw ? b.get(i) : t.getInt32Data(i);
                return new Const(dims, null, l);
            }
            default -> {
                long[] l = new long[size];
                for (int i = 0; i < size; i++) l[i] = raw ? b.getInt(4 * i) : t.getInt32Data(i);
                return new Const(dims, null, l);
            }
        }
    }
}
