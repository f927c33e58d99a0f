package nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import nabla.autograd.Activation;
import nabla.models.Sequential;
import nabla.nn.Parameter;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.optim.LearningRateSchedule;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorBoard callback: its event files are read back with an independent decoder (protobuf-java's
 * DynamicMessage over descriptors written here from TensorBoard's event.proto, summary.proto and histogram.proto),
 * every record's two CRCs checked with the JDK's CRC-32C and a mask written here.
 */
class TensorBoardTest {
    @TempDir
    Path dir;

    // ---- the TFRecord checksum ------------------------------------------------------------------------------

    @Test
    void maskedCrc32cMatchesKnownValues() {
        // CRC-32C check value of "123456789", and the iSCSI (RFC 3720, B.4) vectors; masked values computed apart
        byte[] zeros = new byte[32], ones = new byte[32], up = new byte[32], down = new byte[32];
        for (int i = 0; i < 32; i++) {
            ones[i] = (byte) 0xFF;
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        Map<byte[], int[]> vectors = new LinkedHashMap<>();
        vectors.put("123456789".getBytes(StandardCharsets.US_ASCII), new int[] {0xE3069283, 0xC78AB0E5});
        vectors.put(zeros, new int[] {0x8A9136AA, 0x0FD7FFFA});
        vectors.put(ones, new int[] {0x62A8AB43, 0xF909B029});
        vectors.put(up, new int[] {0x46DD794E, 0x951F7892});
        vectors.put(down, new int[] {0x113FDB5C, 0x593B0D57});
        vectors.forEach((bytes, crcs) -> {
            CRC32C c = new CRC32C();
            c.update(bytes);
            assertEquals(crcs[0], (int) c.getValue());
            assertEquals(crcs[1], EventFileWriter.mask(crcs[0]));
            assertEquals(crcs[1], EventFileWriter.maskedCrc32c(bytes, 0, bytes.length));
            assertEquals(crcs[0], Integer.rotateLeft(EventFileWriter.mask(crcs[0]) - 0xa282ead8, 15), "unmasks");
        });
        byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xC78AB0E5, EventFileWriter.maskedCrc32c(padded, 2, 9), "offset and length are honoured");
    }

    @Test
    void protoEncoderWritesWhatProtobufWrites() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream ref = CodedOutputStream.newInstance(bytes);
        ref.writeInt64(2, 0);
        ref.writeInt64(2, 300);
        ref.writeInt64(2, Long.MAX_VALUE);
        ref.writeInt64(2, -1);
        ref.writeDouble(1, 1.7e9 + 0.25);
        ref.writeFloat(2, -0.0f);
        ref.writeFloat(2, Float.NaN);
        ref.writeString(3, "brain.Event:2 ∇é");
        ref.writeString(1, "x".repeat(200)); // a two-byte length
        ref.writeBytes(19, ByteString.copyFrom(new byte[] {1, 2, 3})); // a two-byte key
        ref.writeTag(6, 2);
        ref.writeUInt32NoTag(24);
        for (double d : new double[] {-1.5, 0, Double.MAX_VALUE}) ref.writeDoubleNoTag(d);
        ref.writeTag(5, 2);
        ref.writeUInt32NoTag(10); // tag: 1 + 1 + 3 bytes, float: 1 + 4
        ref.writeString(1, "tag");
        ref.writeFloat(2, 0f);
        ref.flush();

        ProtoEncoder mine = new ProtoEncoder()
                .int64(2, 0)
                .int64(2, 300)
                .int64(2, Long.MAX_VALUE)
                .int64(2, -1)
                .double64(1, 1.7e9 + 0.25)
                .float32(2, -0.0f)
                .float32(2, Float.NaN)
                .string(3, "brain.Event:2 ∇é")
                .string(1, "x".repeat(200))
                .bytes(19, new byte[] {1, 2, 3})
                .packedDoubles(6, new double[] {-1.5, 0, Double.MAX_VALUE})
                .message(5, new ProtoEncoder().string(1, "tag").float32(2, 0f));
        assertArrayEquals(bytes.toByteArray(), mine.toByteArray());
    }

    // ---- training into event files --------------------------------------------------------------------------

    private static Sequential model(Optimizer optimizer) {
        Sequential m = new Sequential(3, new Dense(8, Activation.TANH), new Dense(2, Activation.SOFTMAX)).build(2);
        m.compile("sparse_categorical_crossentropy", optimizer, "accuracy");
        return m;
    }

    /** 64 samples, validation split 0.25: 48 train in 3 batches of 16 per epoch, 16 validate. */
    private static FitOptions options(int epochs, Callback... callbacks) {
        FitOptions o = FitOptions.defaults()
                .epochs(epochs)
                .batchSize(16)
                .validationSplit(0.25)
                .seed(7)
                .verbose(false);
        for (Callback c : callbacks) o = o.callback(c);
        return o;
    }

    private static final NDArray[] DATA = TargetAccuracyTest.blobs(64, 0.1, 11);

    @Test
    void writesEpochScalarsAsKerasDoes() throws IOException {
        Path logs = dir.resolve("logs");
        History h = model(new Adam(0.05f)).fit(DATA[0], DATA[1], options(3, new TensorBoard(logs)));
        assertEquals(3, h.epochs());

        EventFile train = EventFile.read(onlyFile(logs.resolve("train")));
        assertEquals(EventFileWriter.FILE_VERSION, train.fileVersion);
        assertEquals(List.of(), train.histograms);
        assertEquals(9, train.scalars.size(), train.scalars.toString()); // 3 epochs x (loss, accuracy, learning rate)
        assertEquals(10, train.records);
        for (int e = 0; e < 3; e++) {
            List<Scalar> epoch = train.scalars.subList(3 * e, 3 * e + 3);
            assertEquals(
                    List.of("epoch_loss", "epoch_accuracy", "epoch_learning_rate"),
                    epoch.stream().map(Scalar::tag).toList());
            for (Scalar s : epoch) assertEquals(e, s.step, s.toString());
            assertEquals(h.get("loss").get(e).floatValue(), epoch.get(0).value);
            assertEquals(h.get("accuracy").get(e).floatValue(), epoch.get(1).value);
            assertEquals(0.05f, epoch.get(2).value);
        }

        EventFile val = EventFile.read(onlyFile(logs.resolve("validation")));
        assertEquals(EventFileWriter.FILE_VERSION, val.fileVersion);
        assertEquals(12, val.scalars.size(), val.scalars.toString());
        for (int e = 0; e < 3; e++) {
            List<Scalar> epoch = val.scalars.subList(4 * e, 4 * e + 4);
            assertEquals(
                    List.of(
                            "evaluation_loss_vs_iterations",
                            "evaluation_accuracy_vs_iterations",
                            "epoch_loss",
                            "epoch_accuracy"),
                    epoch.stream().map(Scalar::tag).toList());
            assertEquals(
                    List.of(3L * (e + 1), 3L * (e + 1), (long) e, (long) e),
                    epoch.stream().map(Scalar::step).toList(),
                    "evaluation values at the training step count, epoch values at the epoch");
            float loss = h.get("val_loss").get(e).floatValue(),
                    acc = h.get("val_accuracy").get(e).floatValue();
            assertEquals(
                    List.of(loss, acc, loss, acc),
                    epoch.stream().map(Scalar::value).toList());
        }

        double now = System.currentTimeMillis() / 1000.0, last = 0;
        for (Scalar s : train.scalars) {
            assertTrue(
                    s.wallTime >= last && s.wallTime > now - 600 && s.wallTime <= now + 1,
                    "wall time in seconds: " + s);
            last = s.wallTime;
        }
    }

    @Test
    void writesBatchScalarsAtTheGlobalBatchNumber() throws IOException {
        // a schedule, so that every batch has its own learning rate
        LearningRateSchedule schedule = LearningRateSchedule.exponentialDecay(0.05f, 2, 0.5f, false);
        for (String freq : new String[] {"batch", "2"}) {
            Path logs = dir.resolve("logs-" + freq);
            Map<Long, Map<String, Double>> batchLogs = new HashMap<>();
            Callback recorder = new Callback() {
                long global;

                @Override
                public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {
                    batchLogs.put(++global, Map.copyOf(logs));
                }
            };
            TensorBoard tb = new TensorBoard(logs).withUpdateFreq(freq);
            History h = model(new Adam(0.05f).withSchedule(schedule)).fit(DATA[0], DATA[1], options(3, tb, recorder));
            int every = freq.equals("batch") ? 1 : 2;
            assertEquals(every, tb.updateFreq());

            EventFile train = EventFile.read(onlyFile(logs.resolve("train")));
            List<Scalar> batches = train.scalars.stream()
                    .filter(s -> s.tag.startsWith("batch_"))
                    .toList();
            List<Scalar> epochs = train.scalars.stream()
                    .filter(s -> s.tag.startsWith("epoch_"))
                    .toList();
            assertEquals(9, epochs.size());
            assertEquals(3 * (9 / every), batches.size(), batches.toString());
            for (int i = 0; i < batches.size(); i += 3) {
                long step = (long) every * (i / 3 + 1);
                List<Scalar> one = batches.subList(i, i + 3);
                assertEquals(
                        List.of("batch_loss", "batch_accuracy", "batch_learning_rate"),
                        one.stream().map(Scalar::tag).toList());
                for (Scalar s : one) assertEquals(step, s.step, s.toString());
                assertEquals(batchLogs.get(step).get("loss").floatValue(), one.get(0).value);
                assertEquals(batchLogs.get(step).get("accuracy").floatValue(), one.get(1).value);
                assertEquals(schedule.at(step - 1), one.get(2).value, "the rate the batch's update used");
            }
            for (int e = 0; e < 3; e++) {
                assertEquals(h.get("loss").get(e).floatValue(), epochs.get(3 * e).value);
                assertEquals(
                        schedule.at(3L * (e + 1)), epochs.get(3 * e + 2).value, "the rate of the next step, as Keras");
            }
            int firstEpochScalar = train.scalars.indexOf(epochs.get(0));
            assertTrue(
                    train.scalars.subList(0, firstEpochScalar).stream()
                            .allMatch(s -> s.tag.startsWith("batch_") && s.step <= 3),
                    "batch values of epoch 1 come before its epoch values");
        }
    }

    @Test
    void writesWeightHistogramsEveryNEpochs() throws IOException {
        Path logs = dir.resolve("logs");
        Sequential m = model(new Adam(0.05f));
        TensorBoard tb = new TensorBoard(logs).withHistogramFreq(2);
        m.fit(DATA[0], DATA[1], options(3, tb));
        EventFile train = EventFile.read(onlyFile(logs.resolve("train")));
        assertEquals(9, train.scalars.size());
        assertEquals(8, train.histograms.size(), "epochs 0 and 2, four weights each");
        List<String> tags = List.of(
                "dense/kernel/histogram", "dense/bias/histogram", "dense_1/kernel/histogram", "dense_1/bias/histogram");
        assertEquals(
                tags,
                train.histograms.subList(0, 4).stream().map(Histogram::tag).toList());
        assertEquals(
                tags,
                train.histograms.subList(4, 8).stream().map(Histogram::tag).toList());
        assertTrue(train.histograms.subList(0, 4).stream().allMatch(x -> x.step == 0)
                && train.histograms.subList(4, 8).stream().allMatch(x -> x.step == 2));
        assertEquals(train.records - 1, train.scalars.size() + train.histograms.size());

        // the last ones describe the final weights
        List<Parameter> weights = m.parameters();
        for (int i = 0; i < 4; i++) {
            Histogram x = train.histograms.get(4 + i);
            float[] w = weights.get(i).value().toArray();
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0, squares = 0;
            for (float v : w) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                squares += (double) v * v;
            }
            assertEquals(w.length, x.num, x.tag);
            assertEquals(min, x.min, x.tag);
            assertEquals(max, x.max, x.tag);
            assertEquals(sum, x.sum, 1e-9 * w.length, x.tag);
            assertEquals(squares, x.sumSquares, 1e-9 * w.length, x.tag);
            assertEquals(TensorBoard.HISTOGRAM_BUCKETS, x.limits.size(), x.tag);
            assertEquals(TensorBoard.HISTOGRAM_BUCKETS, x.counts.size(), x.tag);
            assertEquals(max, x.limits.getLast(), x.tag);
            double width = (max - min) / TensorBoard.HISTOGRAM_BUCKETS;
            double[] counts = new double[TensorBoard.HISTOGRAM_BUCKETS];
            for (float v : w) counts[Math.min(TensorBoard.HISTOGRAM_BUCKETS - 1, (int) ((v - min) / width))]++;
            for (int b = 0; b < counts.length; b++) {
                assertEquals(counts[b], x.counts.get(b), x.tag + " bucket " + b);
                assertEquals(min + (b + 1) * width, x.limits.get(b), 1e-12, x.tag + " limit " + b);
            }
        }
    }

    @Test
    void histogramOfEqualAndNonFiniteValues() throws IOException {
        ProtoEncoder h = EventFileWriter.histogramProto(
                NDArray.of(new float[] {2, Float.NaN, 2, Float.POSITIVE_INFINITY}, 4), 30);
        DynamicMessage m = DynamicMessage.parseFrom(Proto.HISTOGRAM, h.toByteArray());
        assertEquals(
                List.of(2.0, 2.0, 2.0, 4.0, 8.0),
                List.of(
                        m.getField(Proto.field(Proto.HISTOGRAM, "min")),
                        m.getField(Proto.field(Proto.HISTOGRAM, "max")),
                        m.getField(Proto.field(Proto.HISTOGRAM, "num")),
                        m.getField(Proto.field(Proto.HISTOGRAM, "sum")),
                        m.getField(Proto.field(Proto.HISTOGRAM, "sum_squares"))));
        assertEquals(
                List.of(2.0), m.getField(Proto.field(Proto.HISTOGRAM, "bucket_limit")), "all values equal: one bucket");
        assertEquals(List.of(2.0), m.getField(Proto.field(Proto.HISTOGRAM, "bucket")));
        assertNull(
                EventFileWriter.histogramProto(NDArray.of(new float[] {Float.NaN}, 1), 30),
                "no finite value: no histogram");
    }

    @Test
    void anUnwritableLogDirFailsBeforeTrainingWithTheDirectoryNamed() throws IOException {
        Path notADir = Files.writeString(dir.resolve("logs"), "a file where the log directory should be");
        List<Integer> epochs = new ArrayList<>();
        Callback counter = new Callback() {
            @Override
            public void onEpochBegin(int epoch) {
                epochs.add(epoch);
            }
        };
        var e = assertThrows(
                UncheckedIOException.class,
                () -> model(new Adam(0.05f)).fit(DATA[0], DATA[1], options(3, new TensorBoard(notADir), counter)));
        assertTrue(
                e.getMessage().startsWith("TensorBoard: cannot write event files in " + notADir.resolve("train")),
                e.getMessage());
        assertTrue(e.getMessage().contains(notADir + " is a file, not a directory"), e.getMessage());
        assertEquals(List.of(), epochs, "no epoch ran");
    }

    @Test
    void aWriteFailureDuringTrainingIsReportedOnceAndTrainingGoesOn() throws IOException {
        Path logs = dir.resolve("logs");
        List<String> reports = new ArrayList<>();
        EventFileWriter.Opener failsAfter200Bytes = file -> new FilterOutputStream(EventFileWriter.FILES.open(file)) {
            int written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if ((written += len) > 200) throw new IOException("No space left on device");
                out.write(b, off, len);
            }
        };
        TensorBoard tb = new TensorBoard(logs).withUpdateFreq("batch").withIo(failsAfter200Bytes, reports::add);
        History h = model(new Adam(0.05f)).fit(DATA[0], DATA[1], options(3, tb));
        assertEquals(3, h.epochs(), "training went on");
        assertEquals(1, reports.size(), reports.toString());
        Path file = onlyFile(logs.resolve("train"));
        assertTrue(
                reports.getFirst().contains("cannot write " + file + ": No space left on device")
                        && reports.getFirst().contains("training goes on"),
                reports.getFirst());
        assertNotNull(tb.error());
        assertTrue(tb.error().getMessage().contains(file.toString()), tb.error().getMessage());
    }

    @Test
    void eachFitWritesNewFiles() throws IOException {
        Path logs = dir.resolve("logs");
        TensorBoard tb = new TensorBoard(logs);
        model(new Adam(0.05f)).fit(DATA[0], DATA[1], options(1, tb));
        model(new Adam(0.05f)).fit(DATA[0], DATA[1], options(2, tb));
        List<Path> files = files(logs.resolve("train"));
        assertEquals(2, files.size(), files.toString());
        List<Integer> counts = new ArrayList<>();
        for (Path f : files) {
            assertTrue(
                    f.getFileName()
                            .toString()
                            .matches("events\\.out\\.tfevents\\.\\d+\\.[A-Za-z0-9._-]+\\.\\d+(\\.1)?\\.v2"),
                    f.toString());
            counts.add(EventFile.read(f).scalars.size());
        }
        counts.sort(null);
        assertEquals(List.of(3, 6), counts);
    }

    @Test
    void optionsAreCopiesAndAreChecked() {
        TensorBoard base = new TensorBoard();
        assertEquals(Path.of("logs"), base.logDir());
        TensorBoard b = base.withUpdateFreq("batch"),
                n = b.withUpdateFreq(100),
                h = n.withHistogramFreq(2),
                d = h.withLogDir(Path.of("runs"));
        assertEquals(
                List.of(0, 1, 100, 100, 100),
                List.of(base.updateFreq(), b.updateFreq(), n.updateFreq(), h.updateFreq(), d.updateFreq()));
        assertEquals(
                List.of(0, 0, 0, 2, 2),
                List.of(
                        base.histogramFreq(),
                        b.histogramFreq(),
                        n.histogramFreq(),
                        h.histogramFreq(),
                        d.histogramFreq()));
        assertEquals(Path.of("logs"), h.logDir());
        assertEquals(Path.of("runs"), d.logDir());
        assertEquals(0, n.withUpdateFreq("epoch").updateFreq());
        assertEquals(25, base.withUpdateFreq("25").updateFreq());
        var e = assertThrows(IllegalArgumentException.class, () -> base.withUpdateFreq("sometimes"));
        assertTrue(e.getMessage().contains("\"epoch\", \"batch\" or a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withUpdateFreq(0));
        assertThrows(IllegalArgumentException.class, () -> base.withUpdateFreq("-3"));
        assertThrows(IllegalArgumentException.class, () -> base.withHistogramFreq(-1));
    }

    // ---- an independent reader ------------------------------------------------------------------------------

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Path onlyFile(Path dir) throws IOException {
        List<Path> f = files(dir);
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.getFirst()
                        .getFileName()
                        .toString()
                        .matches("events\\.out\\.tfevents\\.\\d+\\.[A-Za-z0-9._-]+\\.\\d+\\.v2"),
                f.toString());
        return f.getFirst();
    }

    record Scalar(String tag, long step, float value, double wallTime) {}

    record Histogram(
            String tag,
            long step,
            double min,
            double max,
            double num,
            double sum,
            double sumSquares,
            List<Double> limits,
            List<Double> counts) {}

    /** A whole event file: every record's CRCs checked, every Event parsed against TensorBoard's schema. */
    record EventFile(String fileVersion, List<Scalar> scalars, List<Histogram> histograms, int records) {
        static int mask(int crc) {
            return Integer.rotateRight(crc, 15) + 0xa282ead8;
        }

        static int crc(byte[] b) {
            CRC32C c = new CRC32C();
            c.update(b);
            return mask((int) c.getValue());
        }

        static EventFile read(Path file) throws IOException {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            String version = null;
            List<Scalar> scalars = new ArrayList<>();
            List<Histogram> histograms = new ArrayList<>();
            int records = 0;
            while (in.hasRemaining()) {
                byte[] length = new byte[8];
                in.get(length);
                assertEquals(crc(length), in.getInt(), "length CRC of record " + records);
                long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertTrue(n >= 0 && n <= in.remaining() - 4, "record " + records + " length " + n);
                byte[] data = new byte[(int) n];
                in.get(data);
                assertEquals(crc(data), in.getInt(), "data CRC of record " + records);

                DynamicMessage event = DynamicMessage.parseFrom(Proto.EVENT, data);
                assertTrue(event.getUnknownFields().asMap().isEmpty(), "fields outside the schema: " + event);
                double wallTime = (Double) event.getField(Proto.field(Proto.EVENT, "wall_time"));
                long step = (Long) event.getField(Proto.field(Proto.EVENT, "step"));
                if (records == 0) {
                    assertTrue(
                            event.hasField(Proto.field(Proto.EVENT, "file_version")),
                            "the first record names the version: " + event);
                    version = (String) event.getField(Proto.field(Proto.EVENT, "file_version"));
                    assertEquals(0, step);
                } else {
                    assertTrue(event.hasField(Proto.field(Proto.EVENT, "summary")), "record " + records + ": " + event);
                    DynamicMessage summary = (DynamicMessage) event.getField(Proto.field(Proto.EVENT, "summary"));
                    List<?> values = (List<?>) summary.getField(Proto.field(Proto.SUMMARY, "value"));
                    assertEquals(1, values.size(), "one value per event, as tf.summary writes them");
                    DynamicMessage v = (DynamicMessage) values.getFirst();
                    String tag = (String) v.getField(Proto.field(Proto.VALUE, "tag"));
                    if (v.hasField(Proto.field(Proto.VALUE, "simple_value"))) {
                        scalars.add(new Scalar(
                                tag, step, (Float) v.getField(Proto.field(Proto.VALUE, "simple_value")), wallTime));
                    } else {
                        assertTrue(v.hasField(Proto.field(Proto.VALUE, "histo")), "a scalar or a histogram: " + v);
                        DynamicMessage x = (DynamicMessage) v.getField(Proto.field(Proto.VALUE, "histo"));
                        histograms.add(new Histogram(
                                tag,
                                step,
                                (Double) x.getField(Proto.field(Proto.HISTOGRAM, "min")),
                                (Double) x.getField(Proto.field(Proto.HISTOGRAM, "max")),
                                (Double) x.getField(Proto.field(Proto.HISTOGRAM, "num")),
                                (Double) x.getField(Proto.field(Proto.HISTOGRAM, "sum")),
                                (Double) x.getField(Proto.field(Proto.HISTOGRAM, "sum_squares")),
                                doubles(x.getField(Proto.field(Proto.HISTOGRAM, "bucket_limit"))),
                                doubles(x.getField(Proto.field(Proto.HISTOGRAM, "bucket")))));
                    }
                }
                records++;
            }
            return new EventFile(version, scalars, histograms, records);
        }

        private static List<Double> doubles(Object list) {
            return ((List<?>) list).stream().map(d -> (Double) d).toList();
        }
    }

    /** TensorBoard's messages (tensorboard/compat/proto/{event,summary,histogram}.proto), the fields the callback writes. */
    static final class Proto {
        static final Descriptors.Descriptor EVENT, SUMMARY, VALUE, HISTOGRAM;

        static {
            DescriptorProto histogram = DescriptorProto.newBuilder()
                    .setName("HistogramProto")
                    .addField(scalar("min", 1, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("max", 2, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("num", 3, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("sum", 4, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("sum_squares", 5, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("bucket_limit", 6, FieldDescriptorProto.Type.TYPE_DOUBLE)
                            .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                    .addField(scalar("bucket", 7, FieldDescriptorProto.Type.TYPE_DOUBLE)
                            .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                    .build();
            DescriptorProto value = DescriptorProto.newBuilder()
                    .setName("Value")
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("value"))
                    .addField(scalar("tag", 1, FieldDescriptorProto.Type.TYPE_STRING))
                    .addField(scalar("simple_value", 2, FieldDescriptorProto.Type.TYPE_FLOAT)
                            .setOneofIndex(0))
                    .addField(message("histo", 5, ".tensorboard.HistogramProto").setOneofIndex(0))
                    .build();
            DescriptorProto summary = DescriptorProto.newBuilder()
                    .setName("Summary")
                    .addNestedType(value)
                    .addField(message("value", 1, ".tensorboard.Summary.Value")
                            .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                    .build();
            DescriptorProto event = DescriptorProto.newBuilder()
                    .setName("Event")
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("what"))
                    .addField(scalar("wall_time", 1, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("step", 2, FieldDescriptorProto.Type.TYPE_INT64))
                    .addField(scalar("file_version", 3, FieldDescriptorProto.Type.TYPE_STRING)
                            .setOneofIndex(0))
                    .addField(message("summary", 5, ".tensorboard.Summary").setOneofIndex(0))
                    .build();
            FileDescriptorProto file = FileDescriptorProto.newBuilder()
                    .setName("tensorboard_events.proto")
                    .setPackage("tensorboard")
                    .setSyntax("proto3")
                    .addMessageType(histogram)
                    .addMessageType(summary)
                    .addMessageType(event)
                    .build();
            try {
                Descriptors.FileDescriptor fd =
                        Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
                EVENT = fd.findMessageTypeByName("Event");
                SUMMARY = fd.findMessageTypeByName("Summary");
                VALUE = SUMMARY.findNestedTypeByName("Value");
                HISTOGRAM = fd.findMessageTypeByName("HistogramProto");
            } catch (Descriptors.DescriptorValidationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static Descriptors.FieldDescriptor field(Descriptors.Descriptor message, String name) {
            return message.findFieldByName(name);
        }

        private static FieldDescriptorProto.Builder scalar(String name, int number, FieldDescriptorProto.Type type) {
            return FieldDescriptorProto.newBuilder()
                    .setName(name)
                    .setNumber(number)
                    .setType(type)
                    .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        }

        private static FieldDescriptorProto.Builder message(String name, int number, String typeName) {
            return FieldDescriptorProto.newBuilder()
                    .setName(name)
                    .setNumber(number)
                    .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName(typeName)
                    .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        }
    }
}
