package org.protoface.pipeline.detect.cascade;

import org.bytedeco.javacpp.Loader;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The cascade files that the {@code org.bytedeco:opencv} natives jar ships under
 * {@code org/bytedeco/opencv/<platform>/share/opencv4/}. OpenCV reads cascades from a file path,
 * so each is extracted once into JavaCPP's cache (the folder set by
 * {@code -Dorg.bytedeco.javacpp.cachedir}); nothing is downloaded.
 */
public final class CascadeFiles {
    /** OpenCV's improved LBP frontal face cascade: the default, about twice as fast as Haar. */
    public static final String LBP_FRONTAL_FACE = "lbpcascades/lbpcascade_frontalface_improved.xml";
    /** Viola-Jones Haar frontal face cascade (alt2 variant). */
    public static final String HAAR_FRONTAL_FACE = "haarcascades/haarcascade_frontalface_alt2.xml";
    /** Haar eye cascade, searched inside the upper part of each face box. */
    public static final String HAAR_EYE = "haarcascades/haarcascade_eye.xml";

    private CascadeFiles() {}

    /**
     * @param name a path under {@code share/opencv4/}, e.g. {@link #HAAR_EYE}
     * @return the extracted file
     * @throws UncheckedIOException naming the resource when the opencv natives jar for this
     *                              platform is not on the class path
     */
    public static File extract(String name) {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + name;
        try {
            File f = Loader.cacheResource(resource);
            if (f == null) throw new IOException("not on the class path");
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot extract OpenCV cascade " + resource + " (is the "
                    + "org.bytedeco:opencv jar for " + Loader.getPlatform() + " on the class path?): " + e.getMessage(), e));
        }
    }
}
