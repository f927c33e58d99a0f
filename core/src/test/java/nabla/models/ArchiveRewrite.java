package nabla.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helper: copies of a model file with one entry changed, to check how loading reports bad files. */
final class ArchiveRewrite {
    private ArchiveRewrite() {}

    /** Copies the archive at {@code src} to {@code out}, transforming (or, for a null result, dropping) {@code entry}. */
    static Path rewrite(Path src, Path out, String entry, UnaryOperator<byte[]> change) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile());
                ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(entry)) b = change.apply(b);
                if (b == null) continue;
                zo.putNextEntry(new ZipEntry(e.getName()));
                zo.write(b);
                zo.closeEntry();
            }
        }
        return out;
    }
}
