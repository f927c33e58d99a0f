package nabla.train;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protocol-buffer wire format, written by hand for {@link TensorBoard}'s event files (so the library needs no
 * protobuf dependency): a field is a key, varint {@code (fieldNumber << 3) | wireType}, then its value: a varint
 * (wire type 0: int64), 8 little-endian bytes (1: double), a varint length and that many bytes (2: string, bytes,
 * an embedded message, a packed repeated field) or 4 little-endian bytes (5: float). Every value is written as
 * given, also a default one (0, ""), which a proto3 reader takes the same as an absent field; a field in a
 * {@code oneof} (e.g. {@code Summary.Value.simple_value}) must be written even when it is 0, as here.
 */
final class ProtoEncoder {
    private static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;
    private byte[] buf = new byte[64];
    private int size;

    ProtoEncoder int64(int field, long value) {
        key(field, VARINT);
        varint(value);
        return this;
    }

    ProtoEncoder double64(int field, double value) {
        key(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
        return this;
    }

    ProtoEncoder float32(int field, float value) {
        key(field, FIXED32);
        fixed32(Float.floatToRawIntBits(value));
        return this;
    }

    ProtoEncoder string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoEncoder bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        varint(value.length);
        write(value, value.length);
        return this;
    }

    /** An embedded message (length-delimited). */
    ProtoEncoder message(int field, ProtoEncoder message) {
        key(field, LENGTH_DELIMITED);
        varint(message.size);
        write(message.buf, message.size);
        return this;
    }

    /** A packed {@code repeated double}: one length-delimited field holding the 8-byte values back to back. */
    ProtoEncoder packedDoubles(int field, double[] values) {
        key(field, LENGTH_DELIMITED);
        varint(8L * values.length);
        for (double v : values) fixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Base-128, least significant group first, the high bit set on every byte but the last (a negative long takes 10 bytes). */
    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[size++] = (byte) (v >>> (8 * i));
    }

    private void fixed32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) buf[size++] = (byte) (v >>> (8 * i));
    }

    private void write(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, buf, size, n);
        size += n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(2 * buf.length, size + more));
    }
}
