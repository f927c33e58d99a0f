/**
 * (Not exported.) Helpers shared by several packages of the module that are not part of the public API; today
 * {@link nabla.internal.Json}: JSON text to and from plain Java values (maps, lists, strings, numbers, booleans,
 * null) on Jackson's streaming parser, the module's one third-party dependency.
 *
 * <p><b>Contract.</b> Parsing is strict: duplicate keys, trailing content and malformed text are a
 * {@link nabla.internal.Json.SyntaxException}, and Jackson's read limits bound the nesting depth and the lengths of
 * numbers and strings (the text comes from files: model files, safetensors headers, tokenizer assets). Numbers read back exactly (integers as {@code Long}, others as {@code BigDecimal}), so a saved float
 * reloads bit for bit; objects keep their key order. Writing refuses values that are not JSON with an
 * {@link java.lang.IllegalArgumentException}. Stateless and thread-safe.
 *
 * <p><b>Layers.</b> The bottom of the module, beside {@code nabla.kernels}: it depends on nothing else in Nabla, and
 * {@code nabla.io} and {@code nabla.data.text} use it. Not exported: it may change without notice.
 */
package nabla.internal;
