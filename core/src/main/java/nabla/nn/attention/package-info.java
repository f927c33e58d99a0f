/**
 * Attention layers, as Keras': {@link nabla.nn.attention.Attention} (Luong's dot-product attention, Keras'
 * {@code layers.Attention}), {@link nabla.nn.attention.AdditiveAttention} (Bahdanau's additive attention) and
 * {@link nabla.nn.attention.MultiHeadAttention} (the Transformer's multi-head attention with Keras' weight layout).
 *
 * <p>Conventions: the layers take the inputs [query, value] or [query, value, key] (the key defaults to the value),
 * each (batch, steps, features), so they are used in a functional model ({@code Functional.call(layer, q, v)}) or
 * directly through their {@code attend} methods, not in a {@code Sequential}. Padding masks (from
 * {@code Embedding(maskZero)}) are honoured as Keras does: the value's (and key's) mask hides keys from every query,
 * and the query's mask is passed on as the output's mask. Options that Keras passes at call time
 * ({@code use_causal_mask}, {@code return_attention_scores}) are settings of the layer here, saved with it;
 * with {@code return_attention_scores} the layer has a second output, the attention weights. Shapes that do not fit
 * give an {@link java.lang.IllegalArgumentException} naming the layer and the shapes involved. Attention dropout
 * is not implemented: a nonzero {@code dropout} is refused with a clear message.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn} and the generic ops of {@code nabla.autograd}
 * (batched matrix products, softmax); {@code nabla.models.Functional} runs it.
 */
package nabla.nn.attention;
