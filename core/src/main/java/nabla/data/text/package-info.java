/**
 * Text preprocessing, as Keras' {@code keras.preprocessing.text} and {@code sequence}: a {@link nabla.data.text.Tokenizer}
 * (vocabulary by frequency, OOV token, sequences and bag-of-words matrices in binary / count / freq / tf-idf modes,
 * JSON in Keras' own layout so it can be saved beside a model), {@link nabla.data.text.Sequences#padSequences padding}
 * and one-hot encoding of token ids, and DSSM word hashing by {@link nabla.data.text.LetterTrigrams letter trigrams}.
 * Text data sets (IMDB, Reuters-21578) live in {@code nabla.data}, which uses this package.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Keras semantics.</b> Defaults, word numbering (1, 2, ... by decreasing count, 0 left for padding),
 *       {@code num_words} and OOV rules, padding and truncation sides and the matrix modes follow Keras;
 *       the one deliberate difference, HTML line breaks stripped before splitting, can be turned off
 *       ({@code Tokenizer.withStripHtmlBreaks(false)}).</li>
 *   <li><b>Shapes.</b> Token ids are {@code int[]} per text; model inputs are float arrays with the sample axis
 *       first: padded sequences (texts, maxlen), matrices and trigram bags (texts, columns), one-hot sequences
 *       (texts, length, n).</li>
 *   <li><b>Mutation.</b> Every array returned is new. A tokenizer's settings are immutable ({@code withX} returns a
 *       changed copy that keeps the vocabulary); {@link nabla.data.text.Tokenizer#fitOnTexts} is the one method
 *       that changes an object. {@link nabla.data.text.LetterTrigrams} is immutable.</li>
 *   <li><b>Errors.</b> Bad arguments (negative lengths, ids out of range, unknown mode names, malformed JSON)
 *       are {@link IllegalArgumentException}s naming the value; using a tokenizer before fitting it is an
 *       {@link IllegalStateException}.</li>
 *   <li><b>Determinism.</b> Nothing here is random: ties in word counts keep first-occurrence order, and trigram
 *       hashing is FNV-1a, the same on every JVM and run.</li>
 *   <li><b>Threads.</b> Do not fit a tokenizer while other threads use it; otherwise the classes can be shared.</li>
 * </ul>
 *
 * <p>Layering: part of the {@code nabla.data} layer; it uses only {@code nabla.tensor} and the internal JSON
 * helper ({@code nabla.internal}).
 */
package nabla.data.text;
