package org.protoface.pipeline.draw;

import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws what the pipeline found (Java2D): each photograph scaled to a common height, side by side,
 * with face boxes, landmarks (eyes red, nose and mouth blue) and an optional label per face
 * (e.g. "grace 0.82" or "unknown 0.21"), and the photograph's name and face count beneath.
 */
public final class DetectionPicture {
    private static final Color BOX = new Color(40, 220, 90), EYE = new Color(255, 40, 40), OTHER = new Color(60, 140, 255);
    private static final int CAPTION = 24, GAP = 8;

    /**
     * One photograph and what to draw on it.
     *
     * @param labels one per face (same order) or empty for no labels
     */
    public record Panel(String name, BufferedImage photo, List<DetectedFace> faces, List<String> labels) {}

    private DetectionPicture() {}

    /**
     * @param height height of each photograph in the picture, in pixels
     * @return an RGB picture of all panels side by side
     */
    public static BufferedImage draw(List<Panel> panels, int height) {
        if (panels.isEmpty()) throw new IllegalArgumentException("nothing to draw: no photographs");
        List<Integer> widths = new ArrayList<>();
        int total = GAP;
        for (Panel p : panels) {
            int w = (int) Math.round(p.photo().getWidth() * height / (double) p.photo().getHeight());
            widths.add(w);
            total += w + GAP;
        }
        BufferedImage out = new BufferedImage(total, height + CAPTION + 2 * GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            int x = GAP;
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(g, panels.get(i), x, GAP, widths.get(i), height);
                x += widths.get(i) + GAP;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawPanel(Graphics2D g, Panel p, int x0, int y0, int w, int h) {
        g.drawImage(p.photo(), x0, y0, w, h, null);
        double k = h / (double) p.photo().getHeight();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        for (int i = 0; i < p.faces().size(); i++) {
            DetectedFace f = p.faces().get(i);
            FaceBox b = f.box();
            int bx = (int) Math.round(x0 + b.x() * k), by = (int) Math.round(y0 + b.y() * k);
            int bw = (int) Math.round(b.width() * k), bh = (int) Math.round(b.height() * k);
            g.setStroke(new BasicStroke(2.5f));
            g.setColor(BOX);
            g.drawRect(bx, by, bw, bh);
            List<Point2> lm = f.landmarks();
            for (int j = 0; j < lm.size(); j++) {
                g.setColor(j < 2 ? EYE : OTHER);
                int px = (int) Math.round(x0 + lm.get(j).x() * k), py = (int) Math.round(y0 + lm.get(j).y() * k);
                g.fillOval(px - 3, py - 3, 7, 7);
            }
            if (i < p.labels().size()) label(g, p.labels().get(i), bx, by);
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        String caption = p.name() + ": " + (p.faces().isEmpty() ? "no face" : p.faces().size() == 1 ? "1 face" : p.faces().size() + " faces");
        g.drawString(caption, x0, y0 + h + CAPTION - 6);
    }

    private static void label(Graphics2D g, String text, int x, int y) {
        FontMetrics m = g.getFontMetrics();
        int tw = m.stringWidth(text) + 8, th = m.getHeight();
        int ty = Math.max(0, y - th - 2);
        g.setColor(BOX);
        g.fillRect(x - 1, ty, tw, th);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 3, ty + m.getAscent());
    }
}
