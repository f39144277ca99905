package org.protoface.data.io;

/**
 * How stored images become training tensors.
 *
 * @param imageSize side of the square output image; stored images of another size are resized
 * @param maxSide   largest accepted width or height read from the image header, checked before
 *                  any pixel is decompressed (a small file can claim a gigantic image)
 * @param maxPixels largest accepted width x height
 */
public record ImageOptions(int imageSize, int maxSide, long maxPixels) {
    public ImageOptions {
        if (imageSize < 1) throw new IllegalArgumentException("imageSize must be positive: " + imageSize);
        if (maxSide < imageSize) throw new IllegalArgumentException("maxSide " + maxSide + " < imageSize " + imageSize);
        if (maxPixels < (long) imageSize * imageSize) throw new IllegalArgumentException("maxPixels too small: " + maxPixels);
    }

    /** 112 x 112 output, headers up to 4096 per side and 4096 x 4096 pixels. */
    public static ImageOptions defaults() {
        return of(112);
    }

    /**
     * {@code imageSize} x {@code imageSize} pixel output, headers up to 4096 per side and 4096 x 4096 pixels.
     *
     * @throws IllegalArgumentException if {@code imageSize} is not in 1..4096
     */
    public static ImageOptions of(int imageSize) {
        return new ImageOptions(imageSize, 4096, 4096L * 4096L);
    }
}
