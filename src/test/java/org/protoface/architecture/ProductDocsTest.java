package org.protoface.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's documentation does not point into the lab either: a Javadoc link is a dependency
 * in prose (ArchUnit sees only compiled classes, so this reads the sources). Product docs name a
 * lab command ({@code protoface bench render}) instead of its classes. {@code app} is the
 * composition root and may name both.
 */
class ProductDocsTest {
    private static final Pattern LAB_REFERENCE = Pattern.compile("org\\.protoface\\.lab\\.");

    @Test
    void productSourcesNeverNameALabClass() throws IOException {
        Path root = Path.of("src/main/java/org/protoface");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(root.resolve("lab")) && !p.startsWith(root.resolve("app")))
                    .filter(p -> {
                        try {
                            return LAB_REFERENCE.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        }
        assertThat(offenders).as("product files that name a lab class").isEmpty();
    }
}
