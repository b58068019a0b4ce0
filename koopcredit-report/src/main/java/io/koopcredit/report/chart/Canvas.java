package io.koopcredit.report.chart;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;

/**
 * Where charts are drawn: a white RGB image with a graphics context set up for antialiased, reproducible
 * drawing, and {@link #render} which draws a chart once as a PNG and once as SVG from the same code.
 */
final class Canvas {
    private Canvas() {
    }

    /**
     * A chart drawn both ways.
     *
     * @param width pixels
     * @param height pixels
     * @param png the PNG bytes
     * @param svg the {@code <svg>} element
     */
    record Rendered(int width, int height, byte[] png, String svg) {
    }

    /**
     * @param width pixels, at least 1
     * @param height pixels, at least 1
     * @param draw the drawing, run once on an image and once on an SVG canvas; must not depend on anything
     *     but its inputs
     * @return both renderings
     */
    static Rendered render(int width, int height, Consumer<Graphics2D> draw) {
        BufferedImage img = image(width, height);
        Graphics2D g = graphics(img);
        try {
            draw.accept(g);
        } finally {
            g.dispose();
        }
        byte[] png = Png.encode(img);
        return new Rendered(width, height, png, Svg.render(width, height, png, draw));
    }

    /**
     * @param width pixels, at least 1
     * @param height pixels, at least 1
     * @return a new opaque image filled with the background colour
     */
    static BufferedImage image(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, found " + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(ChartStyle.BACKGROUND);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Greyscale text antialiasing rather than LCD subpixel rendering: it looks right at any zoom and does
     * not depend on a display's subpixel order.
     *
     * @param img the image to draw on; its graphics context is created here and must be disposed by the caller
     * @return a context with antialiasing for shapes and text
     */
    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }
}
