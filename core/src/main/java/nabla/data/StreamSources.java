package nabla.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/** The data sets of unknown cardinality read from a source: {@link Dataset#fromGenerator} and {@link Dataset#fromLines}. */
final class StreamSources {
    private StreamSources() {}

    static final class Generator extends Dataset {
        private final Supplier<? extends Iterator<Example>> generator;

        Generator(Supplier<? extends Iterator<Example>> generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            return new Pull() {
                private Iterator<Example> it;

                @Override
                Example fetch() {
                    if (it == null) {
                        it = generator.get();
                        if (it == null)
                            throw new NullPointerException(
                                    "Dataset.fromGenerator: the generator returned null instead of an iterator for epoch "
                                            + epoch);
                    }
                    if (!it.hasNext()) return null;
                    Example e = it.next();
                    if (e == null)
                        throw new NullPointerException(
                                "Dataset.fromGenerator: element " + index + " of epoch " + epoch + " is null");
                    return e;
                }

                @Override
                void release() {
                    if (it instanceof AutoCloseable c) {
                        try {
                            c.close();
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    "Dataset.fromGenerator: closing the iterator of epoch " + epoch + " failed: " + e,
                                    e);
                        }
                    }
                }
            };
        }

        @Override
        public String toString() {
            return "fromGenerator(...)";
        }
    }

    static final class Lines extends Dataset {
        private static final int SHOWN_CHARS = 80;
        private final Path file;
        private final Function<String, Example> parser;

        Lines(Path file, Function<String, Example> parser) {
            this.file = Objects.requireNonNull(file, "file");
            this.parser = Objects.requireNonNull(parser, "parser");
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            return new Pull() {
                private BufferedReader reader;
                private long line; // 1-based number of the last line read

                @Override
                Example fetch() {
                    String text;
                    try {
                        if (reader == null) reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                        text = reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "Dataset.fromLines: cannot read %s after line %d: %s".formatted(file, line, e), e);
                    }
                    if (text == null) return null;
                    line++;
                    Example e;
                    try {
                        e = parser.apply(text);
                    } catch (RuntimeException ex) {
                        throw new IllegalArgumentException(
                                "Dataset.fromLines: %s line %d (\"%s\") does not parse: %s"
                                        .formatted(file, line, shown(text), ex.getMessage()),
                                ex);
                    }
                    if (e == null)
                        throw new IllegalArgumentException(
                                "Dataset.fromLines: %s line %d (\"%s\"): the parser returned null"
                                        .formatted(file, line, shown(text)));
                    return e;
                }

                @Override
                void release() {
                    if (reader == null) return;
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("Dataset.fromLines: cannot close " + file + ": " + e, e);
                    }
                }
            };
        }

        private static String shown(String text) {
            return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
        }

        @Override
        public String toString() {
            return "fromLines(" + file + ")";
        }
    }
}
