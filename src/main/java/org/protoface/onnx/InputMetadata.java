package org.protoface.onnx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The input convention of an ONNX recogniser as ProtoFace writes it into {@code metadata_props}
 * and reads it back: pixels v in 0..255 become (v - mean[c]) / std[c], planes in
 * {@code colourOrder}, crops of {@code size} x {@code size}.
 *
 * <p>Keys: {@value #MEAN} and {@value #STD} (three comma-separated numbers, or one for all
 * channels), {@value #COLOUR_ORDER} ({@code RGB} or {@code BGR}), {@value #INPUT_SIZE} (pixels;
 * optional when the graph's input has fixed spatial dimensions). insightface's published
 * recognisers carry none of them; their convention is mean 127.5, std 127.5, RGB, 112.
 *
 * @param size        crop side in pixels, or 0 when the metadata does not say
 * @param mean        per-channel mean on the 0..255 scale, in the model's plane order
 * @param std         per-channel standard deviation on the 0..255 scale
 * @param colourOrder {@code "RGB"} or {@code "BGR"}
 */
public record InputMetadata(int size, double[] mean, double[] std, String colourOrder) {
    public static final String MEAN = "mean";
    public static final String STD = "std";
    public static final String COLOUR_ORDER = "colour_order";
    public static final String INPUT_SIZE = "input_size";
    public static final String EMBEDDING_SIZE = "embedding_size";

    public InputMetadata {
        if (mean.length != 3 || std.length != 3) throw new IllegalArgumentException("mean and std need 3 values each");
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The metadata entries, in the order they are written. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(MEAN, join(mean));
        p.put(STD, join(std));
        p.put(COLOUR_ORDER, colourOrder);
        if (size > 0) p.put(INPUT_SIZE, Integer.toString(size));
        return p;
    }

    /**
     * Reads the convention from a model's metadata.
     *
     * @param source the file, for messages
     * @return empty when the metadata has neither {@value #MEAN} nor {@value #STD}
     * @throws IllegalArgumentException naming the file and key when an entry is present but
     *                                  malformed, or only one of mean and std is given
     */
    public static Optional<InputMetadata> read(Map<String, String> props, String source) {
        boolean hasMean = props.containsKey(MEAN), hasStd = props.containsKey(STD);
        if (!hasMean && !hasStd) return Optional.empty();
        if (hasMean != hasStd) {
            throw new IllegalArgumentException(source + ": metadata has '" + (hasMean ? MEAN : STD) + "' but not '"
                    + (hasMean ? STD : MEAN) + "'; give both, or override with --input-mean and --input-std");
        }
        double[] mean = channels(props.get(MEAN), MEAN, source);
        double[] std = channels(props.get(STD), STD, source);
        String order = props.getOrDefault(COLOUR_ORDER, "RGB").trim().toUpperCase(Locale.ROOT);
        if (!order.equals("RGB") && !order.equals("BGR")) {
            throw new IllegalArgumentException(source + ": metadata '" + COLOUR_ORDER + "' is '" + props.get(COLOUR_ORDER)
                    + "'; expected RGB or BGR");
        }
        int size = 0;
        if (props.containsKey(INPUT_SIZE)) {
            try {
                size = Integer.parseInt(props.get(INPUT_SIZE).trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1) {
                throw new IllegalArgumentException(source + ": metadata '" + INPUT_SIZE + "' is '" + props.get(INPUT_SIZE)
                        + "'; expected a positive number of pixels");
            }
        }
        return Optional.of(new InputMetadata(size, mean, std, order));
    }

    /**
     * Parses "v" or "a,b,c" into three channel values.
     *
     * @throws IllegalArgumentException naming {@code what} and {@code source} for anything else
     */
    public static double[] channels(String text, String what, String source) {
        String[] parts = text.split(",");
        if (parts.length != 1 && parts.length != 3) {
            throw new IllegalArgumentException(source + ": " + what + " '" + text + "' needs 1 or 3 comma-separated numbers");
        }
        double[] v = new double[3];
        for (int c = 0; c < 3; c++) {
            String part = parts[parts.length == 1 ? 0 : c].trim();
            try {
                v[c] = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": " + what + " '" + text + "' is not a list of numbers");
            }
            if (!Double.isFinite(v[c])) throw new IllegalArgumentException(source + ": " + what + " '" + text + "' is not finite");
        }
        return v;
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) b.append(',');
            b.append(v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e15 ? Long.toString((long) v[i]) : Double.toString(v[i]));
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputMetadata m && m.size == size && Arrays.equals(m.mean, mean) && Arrays.equals(m.std, std)
                && m.colourOrder.equals(colourOrder);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * size + Arrays.hashCode(mean)) + Arrays.hashCode(std)) + colourOrder.hashCode();
    }
}
