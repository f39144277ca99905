package org.protoface.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The real photographs in src/test/resources/photos (see ATTRIBUTION.md there). */
public final class TestPhotos {
    public static final String GRACE_HOPPER = "grace_hopper_512x512.jpg", ASTRONAUT = "astronaut.png", COFFEE = "coffee.png";

    private TestPhotos() {}

    public static BufferedImage load(String name) {
        try (InputStream in = TestPhotos.class.getResourceAsStream("/photos/" + name)) {
            if (in == null) throw new IllegalStateException("test photo " + name + " missing from src/test/resources/photos");
            BufferedImage raw = ImageIO.read(in);
            BufferedImage rgb = new BufferedImage(raw.getWidth(), raw.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(raw, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path path(String name) {
        try {
            return Path.of(TestPhotos.class.getResource("/photos/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
