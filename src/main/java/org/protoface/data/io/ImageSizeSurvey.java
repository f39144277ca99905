package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes a dataset's stored images actually have, read from the headers of an evenly spread
 * sample (every image of a small set), so the log says what was found and how it will be decoded:
 * the decode size is the encoder's, not an assumption about the files. Non-square images are
 * counted and warned about once: they are stretched, and face loaders expect aligned square crops.
 *
 * @param checked    images whose header was read
 * @param total      images in the dataset
 * @param sizes      "W x H" -> images of that size among those checked, most frequent first
 * @param nonSquare  checked images whose width differs from their height
 * @param example    one non-square image's source and size, or null
 * @param unreadable checked images whose header could not be read (they fail again, and are counted, when loaded)
 */
public record ImageSizeSurvey(long checked, long total, Map<String, Long> sizes, long nonSquare, String example,
                              long unreadable) {
    private static final Logger LOG = LoggerFactory.getLogger(ImageSizeSurvey.class);
    /** Sets up to this size are checked completely; larger ones through an evenly spread sample of it. */
    public static final int SAMPLE = 2000;

    /** Reads the headers of up to {@link #SAMPLE} images of {@code set}, spread over all identities. */
    public static ImageSizeSurvey of(EncodedFaceSet set) {
        long total = set.totalImages();
        long step = Math.max(1, (total + SAMPLE - 1) / SAMPLE);
        Map<String, Long> counts = new TreeMap<>();
        long checked = 0, nonSquare = 0, unreadable = 0;
        String example = null;
        long position = 0;
        for (int id = 0; id < set.identityCount(); id++) {
            int n = set.imageCount(id);
            // the positions position .. position + n - 1 belong to this identity; take those that are multiples of step
            long first = (position + step - 1) / step * step;
            for (long p = first; p < position + n; p += step) {
                int index = (int) (p - position);
                checked++;
                try {
                    int[] size = set.decoder().checkHeader(set.encodedImage(id, index), set.imageSource(id, index));
                    counts.merge(size[0] + " x " + size[1], 1L, Long::sum);
                    if (size[0] != size[1]) {
                        nonSquare++;
                        if (example == null) example = set.imageSource(id, index) + " (" + size[0] + " x " + size[1] + ")";
                    }
                } catch (CorruptRecordException e) {
                    unreadable++;
                }
            }
            position += n;
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> bySize = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : sorted) bySize.put(e.getKey(), e.getValue());
        return new ImageSizeSurvey(checked, total, bySize, nonSquare, example, unreadable);
    }

    /** "all 40 images: 64 x 64 (40)" or "a sample of 2,000 of 5,179,510 images: 112 x 112 (1,998), 120 x 100 (2)". */
    public String sizesLine() {
        StringBuilder s = new StringBuilder(checked == total ? String.format(Locale.ROOT, "all %,d images: ", total)
                : String.format(Locale.ROOT, "a sample of %,d of %,d images: ", checked, total));
        int shown = 0;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            if (shown++ == 5) {
                s.append(", ... (").append(sizes.size()).append(" sizes)");
                break;
            }
            s.append(shown > 1 ? ", " : "").append(e.getKey()).append(String.format(Locale.ROOT, " (%,d)", e.getValue()));
        }
        if (unreadable > 0) s.append(String.format(Locale.ROOT, "; %,d unreadable", unreadable));
        return s.toString();
    }

    /**
     * Logs the sizes found and how they are decoded; warns once about non-square images and tells
     * the decoder not to warn again.
     */
    public void log(EncodedFaceSet set, String source) {
        int side = set.imageSize();
        LOG.info("{}: sizes of {}; decoded at {} x {}", source, sizesLine(), side, side);
        if (nonSquare > 0) {
            LOG.warn(String.format(Locale.ROOT, "%s: %,d of %,d images checked are not square (e.g. %s); they are stretched to "
                    + "%d x %d. Face encoders are trained on aligned square crops: align and crop the faces first "
                    + "(see README, Data)", source, nonSquare, checked, example, side, side));
            set.decoder().nonSquareReported();
        }
    }
}
