package nabla.cli;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.conv.Conv2D;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * "Seeing what a CNN learns": the first Conv2D layer's filters and the feature maps of one image, as PNG grids
 * written with {@code javax.imageio}.
 *
 * <p>Each tile is stretched to the full grey (or colour) range by its own minimum and maximum, so that weak and
 * strong filters are equally visible (a constant tile is black); tiles are enlarged with nearest-neighbour pixels
 * to at least {@link #MIN_TILE} pixels and separated by white lines. Filters of a layer with 3 input channels are
 * shown in colour (one tile per filter); with 1 input channel, one grey tile per filter; otherwise one grey tile
 * per (input channel, filter), a row per input channel.
 */
final class CnnImages {
    /** Smallest side of a tile on screen, in pixels. */
    static final int MIN_TILE = 48;

    private static final int GAP = 2;

    private CnnImages() {}

    /** A single tile: {@code values} holds h·w·channels floats in (row, column, channel) order. */
    record Tile(int height, int width, int channels, float[] values) {}

    /**
     * Writes input.png, filters-LAYER.png for the first Conv2D layer and maps-NN-LAYER.png for the first
     * {@code maxLayers} layers whose output is an image (height, width, channels), stopping at the first that is not;
     * layers whose output equals their input in evaluation (Dropout, GaussianNoise) are skipped. {@code image} is one
     * sample (h, w, c) in the model's input shape. Returns the files written.
     */
    static List<Path> visualize(Sequential model, NDArray image, Path outDir, int maxLayers) throws IOException {
        Shape in = model.inputShape();
        if (in == null || !in.equals(image.shape()))
            throw new IllegalArgumentException("visualize: model '" + model.name() + "' expects one image of shape "
                    + in + ", got " + image.shape());
        Conv2D first = null;
        for (Layer l : model.layers())
            if (l instanceof Conv2D c) {
                first = c;
                break;
            }
        if (first == null)
            throw new UserError("visualize: model '" + model.name()
                    + "' has no Conv2D layer; train a CNN (e.g. nabla train mnist-cnn --save FILE)");
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        written.add(write(
                grid(
                        List.of(new Tile(
                                in.dim(0),
                                in.dim(1),
                                in.dim(2),
                                image.contiguous().toArray())),
                        1,
                        false),
                outDir.resolve("input.png")));
        written.add(write(filters(kernel(first)), outDir.resolve("filters-" + first.name() + ".png")));
        Tensor x = Tensor.of(image.reshape(image.shape().prepend(1).dims()));
        int saved = 0;
        try (var g = NoGrad.enter()) {
            for (Layer l : model.layers()) {
                if (saved >= maxLayers) break;
                Tensor before = x;
                x = l.apply(x, false);
                if (x.shape().rank() != 4) break;
                if (x.shape().equals(before.shape())
                        && Arrays.equals(
                                x.value().contiguous().toArray(),
                                before.value().contiguous().toArray()))
                    continue; // an identity in evaluation (Dropout, GaussianNoise): nothing new to see
                NDArray maps = x.value()
                        .reshape(x.shape().dim(1), x.shape().dim(2), x.shape().dim(3));
                saved++;
                written.add(
                        write(featureMaps(maps), outDir.resolve(String.format("maps-%02d-%s.png", saved, l.name()))));
            }
        }
        return written;
    }

    /** The kernel (kh, kw, in, filters) of a built convolution layer. */
    static NDArray kernel(Conv2D conv) {
        for (Parameter p : conv.parameters()) if (p.name().equals("kernel")) return p.value();
        throw new IllegalStateException(conv.describe() + " has no kernel; build it first");
    }

    /** A grid of the filters of a kernel (kh, kw, in, filters); see the class comment for the layout. */
    static BufferedImage filters(NDArray kernel) {
        int kh = kernel.dim(0), kw = kernel.dim(1), cin = kernel.dim(2), cout = kernel.dim(3);
        float[] k = kernel.contiguous().toArray();
        List<Tile> tiles = new ArrayList<>();
        if (cin == 1 || cin == 3) {
            for (int f = 0; f < cout; f++) {
                float[] v = new float[kh * kw * cin];
                for (int p = 0; p < kh * kw; p++)
                    for (int c = 0; c < cin; c++) v[p * cin + c] = k[(p * cin + c) * cout + f];
                tiles.add(new Tile(kh, kw, cin, v));
            }
            return grid(tiles, columns(cout), true);
        }
        for (int c = 0; c < cin; c++)
            for (int f = 0; f < cout; f++) {
                float[] v = new float[kh * kw];
                for (int p = 0; p < kh * kw; p++) v[p] = k[(p * cin + c) * cout + f];
                tiles.add(new Tile(kh, kw, 1, v));
            }
        return grid(tiles, cout, true);
    }

    /** A grid of the channels of one feature map (h, w, c), one grey tile per channel. */
    static BufferedImage featureMaps(NDArray maps) {
        int h = maps.dim(0), w = maps.dim(1), c = maps.dim(2);
        float[] m = maps.contiguous().toArray();
        List<Tile> tiles = new ArrayList<>(c);
        for (int ch = 0; ch < c; ch++) {
            float[] v = new float[h * w];
            for (int p = 0; p < h * w; p++) v[p] = m[p * c + ch];
            tiles.add(new Tile(h, w, 1, v));
        }
        return grid(tiles, columns(c), true);
    }

    /** Columns of a near-square grid of n tiles. */
    static int columns(int n) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(n)));
    }

    /**
     * Tiles in a grid of {@code cols} columns; each is stretched by its own range when {@code stretch}, else clipped
     * to [0, 1] (and stretched only if its values leave that range). Tiles of one grid share their size.
     */
    static BufferedImage grid(List<Tile> tiles, int cols, boolean stretch) {
        Tile t0 = tiles.getFirst();
        int scale = Math.max(1, (int) Math.ceil((double) MIN_TILE / Math.min(t0.height(), t0.width())));
        int th = t0.height() * scale, tw = t0.width() * scale;
        int rows = (tiles.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(
                cols * tw + (cols + 1) * GAP, rows * th + (rows + 1) * GAP, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, 0xFFFFFF);
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float v : t.values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (!stretch && lo >= 0 && hi <= 1) {
                lo = 0;
                hi = 1;
            }
            float range = hi > lo ? hi - lo : Float.POSITIVE_INFINITY; // a constant tile maps to black
            int ox = GAP + (i % cols) * (tw + GAP), oy = GAP + (i / cols) * (th + GAP);
            for (int r = 0; r < t.height(); r++)
                for (int c = 0; c < t.width(); c++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = t.values()[(r * t.width() + c) * t.channels() + (t.channels() == 3 ? ch : 0)];
                        int b = Math.clamp(Math.round(255 * (v - lo) / range), 0, 255);
                        rgb = (rgb << 8) | b;
                    }
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++) img.setRGB(ox + c * scale + dx, oy + r * scale + dy, rgb);
                }
        }
        return img;
    }

    /**
     * An image file as one sample (h, w, c) with values in [0, 1]: scaled (bilinear) to h×w, as grey (luminance,
     * ITU-R 601) for c = 1 or RGB for c = 3.
     */
    static NDArray readImage(Path file, int h, int w, int c) throws IOException {
        if (c != 1 && c != 3)
            throw new UserError("visualize: images can be read for 1 or 3 input channels, the model has " + c);
        BufferedImage src = ImageIO.read(file.toFile());
        if (src == null)
            throw new IOException(file + ": not an image javax.imageio can read (use PNG, JPEG, BMP or GIF)");
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        float[] v = new float[h * w * c];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int rgb = scaled.getRGB(x, y);
                float r = ((rgb >> 16) & 255) / 255f, gr = ((rgb >> 8) & 255) / 255f, b = (rgb & 255) / 255f;
                int at = (y * w + x) * c;
                if (c == 1) v[at] = 0.299f * r + 0.587f * gr + 0.114f * b;
                else {
                    v[at] = r;
                    v[at + 1] = gr;
                    v[at + 2] = b;
                }
            }
        return NDArray.of(v, h, w, c);
    }

    static Path write(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer in this JDK for " + file);
        return file;
    }
}
