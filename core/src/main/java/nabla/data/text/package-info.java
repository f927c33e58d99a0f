/**
 * Text preprocessing, as Keras' {@code keras.preprocessing.text} and {@code sequence}: a {@link nabla.data.text.Tokenizer}
 * (vocabulary by frequency, OOV token, sequences and bag-of-words matrices in binary / count / freq / tf-idf modes,
 * JSON in Keras' own layout so it can be saved beside a model), {@link nabla.data.text.Sequences#padSequences padding}
 * and one-hot encoding of token ids, and DSSM word hashing by {@link nabla.data.text.LetterTrigrams letter trigrams}.
 * Depends on {@code nabla.tensor} only. Text data sets (IMDB, Reuters-21578) live in {@code nabla.data}.
 */
package nabla.data.text;
