package org.protoface.lab.gallery;

import org.protoface.data.synthetic.RenderedFace;
import org.protoface.data.synthetic.SyntheticDataset;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.FaceEmbeddings;
import org.protoface.pipeline.align.FaceAligner;
import org.protoface.pipeline.align.SimilarityTransform;
import org.protoface.pipeline.align.BilinearWarp;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Synthetic held-out faces as the model's input crops, rendered in parallel: aligned (warped from
 * their known five landmarks onto the ArcFace template at the model's size) or unaligned (the
 * whole photo resized to the model's size, as in training).
 */
final class SyntheticCrops {
    private SyntheticCrops() {}

    /** Embeds photos (identity, sample) of {@code data} in batches; rows in the order of the pairs. */
    static float[][] embed(SyntheticDataset data, List<int[]> photos, boolean aligned, EmbeddingModel model, boolean flip, ForkJoinPool pool)
            throws Exception {
        int s = model.input().size(), per = 3 * s * s, batch = 512;
        FaceAligner aligner = new FaceAligner(org.protoface.pipeline.align.AlignmentTemplate.arcface(s));
        float[][] out = new float[photos.size()][];
        for (int from = 0; from < photos.size(); from += batch) {
            int m = Math.min(batch, photos.size() - from), first = from;
            float[] chw = new float[m * per];
            pool.submit(() -> IntStream.range(0, m).parallel().forEach(i -> {
                int[] p = photos.get(first + i);
                float[] crop = crop(data.render(p[0], p[1]), aligned, aligner, s);
                System.arraycopy(crop, 0, chw, i * per, per);
            })).get();
            float[][] e = FaceEmbeddings.embed(model, chw, m, flip, 128);
            System.arraycopy(e, 0, out, from, m);
        }
        return out;
    }

    static float[] crop(RenderedFace face, boolean aligned, FaceAligner aligner, int s) {
        BufferedImage photo = image(face);
        if (aligned) {
            float[] lm = face.landmarks();
            List<Point2> points = new ArrayList<>();
            for (int k = 0; k < 10; k += 2) points.add(new Point2(lm[k], lm[k + 1]));
            return aligner.alignedChw(photo, new DetectedFace(new FaceBox(0, 0, face.size(), face.size()), 1, points));
        }
        double k = s / (double) face.size();
        return BilinearWarp.toStandardChw(photo, new SimilarityTransform(k, 0, 0.5 * k - 0.5, 0.5 * k - 0.5), s);
    }

    static BufferedImage image(RenderedFace f) {
        int n = f.size();
        int[] packed = new int[n * n];
        byte[] rgb = f.rgb();
        for (int i = 0; i < packed.length; i++) packed[i] = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, n, n, packed, 0, n);
        return img;
    }
}
