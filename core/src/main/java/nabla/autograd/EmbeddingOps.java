package nabla.autograd;

import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Table lookup (embedding) as a differentiable primitive whose gradient is a scatter-add into the used rows, as
 * {@code torch.nn.functional.embedding} (dense gradient) or the lookup inside Keras' {@code Embedding}.
 */
public final class EmbeddingOps {
    private EmbeddingOps() {}

    /**
     * Rows of {@code table} (vocab, dim) picked by {@code ids} (validated by the caller to lie in [0, vocab)):
     * the output has shape {@code idsShape + (dim)}. The backward pass adds each output row's gradient into
     * the row it came from (repeated ids add up); rows no id used are left untouched.
     *
     * @param table the embedding matrix (vocab, dim)
     * @param ids the row of each position, in row-major order of {@code idsShape}; each in [0, vocab), which is
     *     not checked here (the {@code Embedding} layer checks it; here an id out of range typically fails with an
     *     {@link ArrayIndexOutOfBoundsException})
     * @param idsShape the shape of the ids, e.g. (batch, steps); its size must equal {@code ids.length}
     * @return the looked-up rows, shape {@code idsShape + (dim)}
     * @throws IllegalArgumentException when the table is not rank 2, or {@code ids} is shorter than
     *     {@code idsShape} needs
     */
    public static Tensor lookup(Tensor table, int[] ids, Shape idsShape) {
        if (table.rank() != 2)
            throw new IllegalArgumentException("embedding: table must be (vocab, dim), got " + table.shape());
        int dim = table.dim(1);
        NDArray tv = table.value().contiguous();
        float[] td = tv.data();
        int to = tv.offset();
        float[] out = new float[ids.length * dim];
        for (int i = 0; i < ids.length; i++) System.arraycopy(td, to + ids[i] * dim, out, i * dim, dim);
        int[] od = new int[idsShape.rank() + 1];
        for (int i = 0; i < idsShape.rank(); i++) od[i] = idsShape.dim(i);
        od[od.length - 1] = dim;
        return Tensor.fromOp(
                "embedding",
                NDArray.wrap(out, Shape.of(od)),
                g -> {
                    if (!table.requiresGrad()) return; // frozen after the forward pass (Tensor.requiresGrad(false))
                    NDArray gc = g.contiguous();
                    float[] gd = gc.data();
                    int go = gc.offset();
                    float[] acc = table.gradBuffer().data();
                    for (int i = 0; i < ids.length; i++) {
                        int base = ids[i] * dim, src = go + i * dim;
                        for (int j = 0; j < dim; j++) acc[base + j] += gd[src + j];
                    }
                },
                table);
    }
}
