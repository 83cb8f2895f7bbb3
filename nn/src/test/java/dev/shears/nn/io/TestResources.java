package dev.shears.nn.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures under src/test/resources, copied to temporary files for readers that take paths. */
public final class TestResources {

    private TestResources() {}

    /** A temporary copy of the class-path resource {@code name} (deleted on exit). */
    public static Path file(String name) throws IOException {
        try (InputStream in = TestResources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            Path p = Files.createTempFile("fixture", name.replace('/', '_'));
            Files.write(p, in.readAllBytes());
            p.toFile().deleteOnExit();
            return p;
        }
    }
}
