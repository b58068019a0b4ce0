package io.koopcredit.report.chart;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;

/** Placing and fitting text. */
final class Text {
    /** Appended to text cut to fit. */
    static final String ELLIPSIS = "...";

    private Text() {
    }

    /**
     * @param g where to draw; its font and colour are used
     * @param s the text
     * @param cx horizontal centre
     * @param baseline baseline y
     */
    static void centered(Graphics2D g, String s, double cx, double baseline) {
        g.drawString(s, (float) (cx - width(g, s) / 2), (float) baseline);
    }

    /**
     * @param g where to draw; its font and colour are used
     * @param s the text
     * @param right right edge
     * @param baseline baseline y
     */
    static void right(Graphics2D g, String s, double right, double baseline) {
        g.drawString(s, (float) (right - width(g, s)), (float) baseline);
    }

    /**
     * @param g where to draw; its font and colour are used
     * @param s the text
     * @param right right edge
     * @param cy vertical centre of the text's capitals
     */
    static void rightMiddle(Graphics2D g, String s, double right, double cy) {
        FontMetrics fm = g.getFontMetrics();
        right(g, s, right, cy + (fm.getAscent() - fm.getDescent()) / 2.0);
    }

    /**
     * Text reading bottom to top, centred on a point.
     *
     * @param g where to draw; its font and colour are used; its transform is restored
     * @param s the text
     * @param cx horizontal centre of the rotated text's box
     * @param cy vertical centre of the rotated text's box
     */
    static void vertical(Graphics2D g, String s, double cx, double cy) {
        AffineTransform saved = g.getTransform();
        try {
            g.translate(cx, cy);
            g.rotate(-Math.PI / 2);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(s, (float) (-width(g, s) / 2), (float) ((fm.getAscent() - fm.getDescent()) / 2.0));
        } finally {
            g.setTransform(saved);
        }
    }

    /**
     * Text reading bottom to top, its start at a point.
     *
     * @param g where to draw; its font and colour are used; its transform is restored
     * @param s the text
     * @param cx horizontal centre of the rotated text's box
     * @param bottom y of the text's start (its lowest point)
     */
    static void upwards(Graphics2D g, String s, double cx, double bottom) {
        AffineTransform saved = g.getTransform();
        try {
            g.translate(cx, bottom);
            g.rotate(-Math.PI / 2);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(s, 0f, (float) ((fm.getAscent() - fm.getDescent()) / 2.0));
        } finally {
            g.setTransform(saved);
        }
    }

    /**
     * @param g the context whose font measures
     * @param s the text
     * @return its advance width in pixels
     */
    static double width(Graphics2D g, String s) {
        return g.getFont().getStringBounds(s, g.getFontRenderContext()).getWidth();
    }

    /**
     * @param g the context whose font measures
     * @param font the font to measure with
     * @param s the text
     * @return its advance width in pixels in that font
     */
    static double width(Graphics2D g, Font font, String s) {
        return font.getStringBounds(s, g.getFontRenderContext()).getWidth();
    }

    /**
     * @param g the context whose font measures
     * @param s the text
     * @param max the width available
     * @return s, or its longest prefix that fits with {@value #ELLIPSIS} appended (possibly just the ellipsis)
     */
    static String fit(Graphics2D g, String s, double max) {
        if (width(g, s) <= max) {
            return s;
        }
        for (int n = s.length() - 1; n > 0; n--) {
            String t = s.substring(0, n) + ELLIPSIS;
            if (width(g, t) <= max) {
                return t;
            }
        }
        return ELLIPSIS;
    }
}
