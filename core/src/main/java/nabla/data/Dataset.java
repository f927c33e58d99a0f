package nabla.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * A lazy, streaming source of {@link Example}s, as {@code tf.data.Dataset} or PyTorch's {@code IterableDataset}
 * with a {@code DataLoader}: a source (arrays, a generator, a file of binary records, a text file) and a chain of
 * transformations ({@link #map}, {@link #filter}, {@link #shuffle}, {@link #batch}, {@link #take},
 * {@link #prefetch}), each returning a new data set and leaving its receiver unchanged. Nothing is read until an
 * epoch is iterated:
 *
 * {@snippet :
 * Dataset train = Dataset.fromArrays(x, y).shuffle(60_000, 42).batch(32).prefetch(2);
 * try (Dataset.Epoch batches = train.epoch(0)) {
 *     while (batches.hasNext()) {
 *         Example batch = batches.next(); // inputs (32, ...), targets (32, ...)
 *     }
 * }
 * }
 *
 * <p><b>Elements.</b> A source yields single samples (no batch axis); {@link #batch(int)} stacks them into batches
 * (batch axis first) and sets {@link #batched()}, which the training loop requires. Elements of array sources are
 * views of the arrays; batches are new contiguous arrays. Neither is to be written.
 *
 * <p><b>Epochs and determinism.</b> {@link #epoch(int)} starts a fresh pass. The only randomness, the shuffle,
 * depends on its seed and the epoch number alone, so epoch e comes in the same order whenever it is iterated: a
 * resumed training run sees the same order as an uninterrupted one, and epoch 7 can be replayed without 0..6
 * (given deterministic sources: a generator is called once per epoch and must itself give the same elements for
 * the same to hold).
 *
 * <p><b>Resources.</b> An {@link Epoch} is {@link AutoCloseable}: closing it closes its files and stops and joins
 * its prefetch threads. Reaching the end of the data releases them too, but an epoch left early must be closed
 * (try-with-resources).
 *
 * <p><b>Errors.</b> Bad arguments are {@link IllegalArgumentException}s naming the values; elements that cannot be
 * batched are {@code IllegalArgumentException}s from {@code next()} naming the element and the shapes; files that
 * cannot be read are {@link java.io.UncheckedIOException}s naming the file (with a {@link CorruptDataException}
 * cause for a file whose content is wrong). A failure in a prefetch thread reaches the consumer as an
 * {@link IllegalStateException} whose cause is the original exception.
 *
 * <p><b>Threads.</b> A data set is immutable and may be shared: several epochs, of the same or different numbers, may
 * be iterated concurrently by different threads when its sources and functions allow it (arrays and files do; a
 * generator or a {@code map} function must be thread-safe for it). An {@link Epoch} belongs to one thread at a time
 * (its prefetch threads are internal).
 *
 * <p><b>Extending.</b> A subclass implements {@link #epoch(int)}, and overrides {@link #cardinality()} and
 * {@link #batched()} when it knows better than "unknown" and "samples"; {@link #fromGenerator} is usually simpler.
 */
public abstract class Dataset {
    /** For subclasses: a data set whose elements {@link #epoch(int)} yields. */
    protected Dataset() {}

    /**
     * One pass over a data set's elements; see {@link Dataset#epoch(int)}. {@code next()} throws
     * {@link java.util.NoSuchElementException} past the last element; after {@link #close()}, {@code hasNext()} is
     * false.
     */
    public interface Epoch extends Iterator<Example>, AutoCloseable {
        /**
         * Releases what the epoch holds: closes its files, stops and joins its background threads. Idempotent; the
         * default does nothing.
         */
        @Override
        default void close() {}
    }

    /**
     * A fresh pass over the data, in the order (for a shuffle) that depends only on the seeds and {@code epoch}.
     * Nothing is read until the epoch's {@code hasNext()} or {@code next()} is called.
     *
     * @param epoch the epoch number, from 0
     * @return a new epoch, to be closed when left before its end
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public abstract Epoch epoch(int epoch);

    /**
     * The number of elements of one epoch, when known without reading the data: the number of samples for arrays,
     * of whole records for a file of binary records (read from its size at each call), and derived through
     * {@link #batch} (ceil(c / n), floor with {@code dropRemainder}), {@link #take} (min(c, n)) and the
     * transformations that keep it ({@link #map}, {@link #shuffle}, {@link #prefetch}).
     *
     * @return the number of elements per epoch, or -1 when unknown (generators, text files, {@link #filter})
     */
    public long cardinality() {
        return -1;
    }

    /**
     * Whether the elements are batches (batch axis first) rather than single samples: true after {@link #batch},
     * kept by {@link #map}, {@link #filter}, {@link #shuffle}, {@link #take} and {@link #prefetch}.
     *
     * @return true for a batched data set
     */
    public boolean batched() {
        return false;
    }

    /**
     * Checks an epoch number, for {@link #epoch(int)}'s implementations.
     *
     * @param epoch the epoch number
     * @throws IllegalArgumentException if it is negative
     */
    static void checkEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("Dataset.epoch: the epoch must be >= 0, got " + epoch);
    }

    // ---------------------------------------------------------------- sources

    /**
     * The samples of one input array and one target array: element i is {@code ([x[i]], [y[i]], null)}, views of
     * row i. The arrays are held, not copied; writes to them show in later epochs.
     *
     * @param x the inputs, shape (n, ...)
     * @param y the targets, shape (n) or (n, ...)
     * @return a data set of n samples
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if an array is a scalar or their numbers of samples (axis 0) differ
     */
    public static Dataset fromArrays(NDArray x, NDArray y) {
        return new ArraySource(List.of(x), List.of(y), null);
    }

    /**
     * The samples of several input and target arrays (for models with several inputs or outputs): element i holds
     * row i of every array, in order.
     *
     * @param xs the inputs, one array of shape (n, ...) per model input, at least one
     * @param ys the targets, one array of shape (n, ...) per model output; may be empty
     * @return a data set of n samples
     * @throws NullPointerException if a list or an array is null
     * @throws IllegalArgumentException if {@code xs} is empty, an array is a scalar or their numbers of samples
     *     differ
     */
    public static Dataset fromArrays(List<NDArray> xs, List<NDArray> ys) {
        return new ArraySource(xs, ys, null);
    }

    /**
     * The samples of several input and target arrays with a weight per sample (Keras' {@code sample_weight}):
     * element i's weights are the scalar {@code sampleWeights[i]}, batched into shape (batch).
     *
     * @param xs the inputs, one array of shape (n, ...) per model input, at least one
     * @param ys the targets, one array of shape (n, ...) per model output; may be empty
     * @param sampleWeights the weights, shape (n), or null for none
     * @return a data set of n samples
     * @throws NullPointerException if a list or an array in it is null
     * @throws IllegalArgumentException if {@code xs} is empty, an array is a scalar, the weights are not a vector or
     *     the numbers of samples differ
     */
    public static Dataset fromArrays(List<NDArray> xs, List<NDArray> ys, NDArray sampleWeights) {
        return new ArraySource(xs, ys, sampleWeights);
    }

    /**
     * The elements of an iterator made afresh for each epoch: {@code generator.get()} is called once per epoch, on
     * its first {@code hasNext()}. An iterator that is also {@link AutoCloseable} is closed with the epoch. The
     * cardinality is unknown; the elements are taken as samples (batch them, or {@link #map} a batched one into the
     * form fit needs).
     *
     * @param generator makes one epoch's iterator; its elements must not be null
     * @return a data set of unknown cardinality
     * @throws NullPointerException if {@code generator} is null (a null iterator or element fails the epoch)
     */
    public static Dataset fromGenerator(Supplier<? extends Iterator<Example>> generator) {
        return new StreamSources.Generator(generator);
    }

    /**
     * The records of a file of fixed-size float32 little-endian records without header, such as
     * {@link #writeBinaryRecords(Path, NDArray, NDArray)} writes: each record is {@code inputShape.size()} input
     * floats then {@code targetShape.size()} target floats, and element i is {@code ([input], [target], null)} with
     * new arrays of those shapes. Each epoch streams the file through a buffer of about 1 MiB, so memory stays
     * bounded whatever the file's size. A file whose size is not a whole number of records fails the epoch's first
     * {@code hasNext()} with an {@link java.io.UncheckedIOException} (cause: {@link CorruptDataException}) naming the
     * file, the truncated record's index and the byte sizes.
     *
     * @param file the file; opened by each epoch, not here
     * @param inputShape the shape of one sample's input
     * @param targetShape the shape of one sample's target ({@link Shape#scalar()} for a class index)
     * @return a data set whose cardinality is the number of whole records in the file
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a record would have no bytes or more than 2<sup>31</sup> - 9
     */
    public static Dataset fromBinaryRecords(Path file, Shape inputShape, Shape targetShape) {
        return new BinaryRecords(file, inputShape, targetShape);
    }

    /**
     * Writes the samples of {@code x} and {@code y} as binary records for {@link #fromBinaryRecords}: for each
     * sample, row i of x then row i of y, as float32 little-endian. The file is written to a temporary file in the
     * same directory and moved into place, so it appears whole or not at all (an existing file is replaced).
     *
     * @param file the file to write
     * @param x the inputs, shape (n, ...): the records' input shape is {@code x.shape().dropFirst()}
     * @param y the targets, shape (n) or (n, ...)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an array is a scalar or their numbers of samples differ
     * @throws IOException if the file cannot be written
     */
    public static void writeBinaryRecords(Path file, NDArray x, NDArray y) throws IOException {
        Objects.requireNonNull(file, "file");
        BinaryRecords.write(file, x, y);
    }

    /**
     * Writes examples as binary records for {@link #fromBinaryRecords}, one record per example (its input, then its
     * target), streaming: only a 1 MiB buffer is held, so an iterator that makes its examples on demand writes a file
     * of any size. Written to a temporary file and moved into place, as {@link #writeBinaryRecords(Path, NDArray,
     * NDArray)}.
     *
     * @param file the file to write
     * @param examples the records' examples, each with one input and one target and no weights, all of the same
     *     shapes
     * @throws NullPointerException if an argument or an example is null
     * @throws IllegalArgumentException if an example has other than one input and one target, has weights, or
     *     differs in shape from the first (nothing is written then)
     * @throws IOException if the file cannot be written
     */
    public static void writeBinaryRecords(Path file, Iterator<Example> examples) throws IOException {
        Objects.requireNonNull(file, "file");
        BinaryRecords.write(file, examples);
    }

    /**
     * The lines of a UTF-8 text file, each parsed into one element, read lazily (one line at a time, the file opened
     * by each epoch). A parser that throws, or returns null, fails the epoch with an
     * {@link IllegalArgumentException} naming the file, the line number (from 1) and the line's start; the parser's
     * exception is its cause. The cardinality is unknown.
     *
     * @param file the text file
     * @param parser turns one line into an element; may be called from a prefetch thread
     * @return a data set of unknown cardinality
     * @throws NullPointerException if an argument is null
     */
    public static Dataset fromLines(Path file, Function<String, Example> parser) {
        return new StreamSources.Lines(file, parser);
    }

    // ---------------------------------------------------------------- transformations

    /**
     * Applies {@code f} to each element, as {@code tf.data.Dataset.map}; keeps the cardinality and
     * {@link #batched()} (a function that changes the batch size does so at its own risk).
     *
     * @param f the function, not to return null; called lazily, once per element and epoch
     * @return the new data set
     * @throws NullPointerException if {@code f} is null
     */
    public Dataset map(UnaryOperator<Example> f) {
        return new Transforms.Map(this, f);
    }

    /**
     * The elements for which {@code p} holds; the cardinality becomes unknown.
     *
     * @param p the predicate; called lazily, once per element and epoch
     * @return the new data set
     * @throws NullPointerException if {@code p} is null
     */
    public Dataset filter(Predicate<Example> p) {
        return new Transforms.Filter(this, p);
    }

    /**
     * Shuffles through a buffer, as {@code tf.data.Dataset.shuffle}: the buffer is filled with the first
     * {@code bufferSize} elements, then each output is a uniform pick from the buffer, whose place the next upstream
     * element takes. A buffer at least as large as the data gives a uniform random permutation; a smaller one mixes
     * only locally (element k can come out no earlier than position k - bufferSize + 1) but still yields every
     * element exactly once. The draws come from a {@link nabla.tensor.Rng} seeded from {@code seed} and the epoch, so
     * every epoch is reproducible and successive epochs differ. Holds up to {@code bufferSize} elements in memory.
     *
     * @param bufferSize the number of elements to pick from, at least 1 (1: no shuffling)
     * @param seed the seed; the same seed gives the same orders
     * @return the new data set
     * @throws IllegalArgumentException if {@code bufferSize} is less than 1
     */
    public Dataset shuffle(int bufferSize, long seed) {
        return new Transforms.Shuffle(this, bufferSize, seed);
    }

    /**
     * Batches consecutive elements, keeping a last, smaller batch: as {@code batch(size, false)}.
     *
     * @param size the number of elements per batch, at least 1
     * @return the new, batched data set
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public Dataset batch(int size) {
        return batch(size, false);
    }

    /**
     * Batches consecutive elements, as {@code tf.data.Dataset.batch}: each array of the batch's elements (each input,
     * each target, the weights) is stacked along a new axis 0 into a new contiguous array, so samples of shape (28,
     * 28) give batches of shape (size, 28, 28) and scalar weights give shape (size). Directly on an array source, or
     * on a shuffle of one, the batches are gathered from the arrays' rows (one copy per batch and array), in the same
     * order. An element that differs from the batch's first in shape, or in its numbers of inputs and targets, or in
     * having weights, fails {@code next()} with an {@link IllegalArgumentException} naming both elements' indices in
     * the epoch and their shapes.
     *
     * @param size the number of elements per batch, at least 1
     * @param dropRemainder whether to drop a last batch of fewer than {@code size} elements
     * @return the new, batched data set; cardinality ceil(c / size), or floor(c / size) with {@code dropRemainder}
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public Dataset batch(int size, boolean dropRemainder) {
        return new Transforms.Batch(this, size, dropRemainder);
    }

    /**
     * The first {@code n} elements of each epoch (all when there are fewer); the upstream epoch is closed as soon as
     * the n-th is taken.
     *
     * @param n the number of elements, at least 0
     * @return the new data set; cardinality min(c, n), unknown when c is
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Dataset take(long n) {
        return new Transforms.Take(this, n);
    }

    /**
     * Produces elements ahead on a background thread, as {@code tf.data.Dataset.prefetch}: a daemon thread named
     * {@code nabla-prefetch-N} iterates this data set's epoch into a queue of up to {@code bufferSize} elements while
     * the consumer works. The sequence is the same as without prefetching. The thread starts on the epoch's first
     * {@code hasNext()}, ends after the last element, and is stopped (interrupted) and joined by the epoch's
     * {@code close()}. An exception in it reaches the consumer on {@code hasNext()} or {@code next()} as an
     * {@link IllegalStateException} whose cause is the original. The upstream's functions and sources then run on
     * that thread.
     *
     * @param bufferSize the number of elements to hold ready, at least 1
     * @return the new data set
     * @throws IllegalArgumentException if {@code bufferSize} is less than 1
     */
    public Dataset prefetch(int bufferSize) {
        return new Prefetch(this, bufferSize);
    }
}
