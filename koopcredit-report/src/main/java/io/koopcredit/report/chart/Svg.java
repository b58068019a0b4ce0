package io.koopcredit.report.chart;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;

/**
 * The vector twin of a chart, for inline SVG on the HTML page: the chart's own Java2D drawing replayed on
 * JFreeSVG's {@link SVGGraphics2D}, so the SVG and the PNG show the same picture, with two additions the
 * PNG cannot carry. Every bar is a group with an SVG {@code <title>} (the browser shows it on hover,
 * without scripts), and heat-map cells are written compactly by this class, one {@code <rect>} with a
 * {@code <title>} per cell, instead of JFreeSVG's styled rectangles (a 28 × 28 map has 784 cells).
 * Definitions get an id prefix derived from the chart's PNG bytes, so that charts on one page never
 * share an id unless they are the same picture, and the same chart always gives the same bytes.
 */
final class Svg {
    /** Where heat maps leave their cells while a chart is drawn on an SVG canvas. */
    private static final RenderingHints.Key CELLS = new RenderingHints.Key(0x6b63) {
        @Override
        public boolean isCompatibleValue(Object value) {
            return value instanceof CellLayer;
        }
    };

    private Svg() {
    }

    /**
     * @param width pixels
     * @param height pixels
     * @param png the raster rendering of the same drawing (names the definitions)
     * @param draw the chart's drawing
     * @return an {@code <svg>} element with a viewBox, width and height
     */
    static String render(int width, int height, byte[] png, Consumer<Graphics2D> draw) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("k" + digest(png));
        g.setGeomDoubleConverter(Svg::number);
        g.setTransformDoubleConverter(Svg::number);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        CellLayer cells = new CellLayer();
        g.setRenderingHint(CELLS, cells);
        g.setColor(ChartStyle.BACKGROUND);
        g.fillRect(0, 0, width, height);
        draw.accept(g);
        String svg = g.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null)
                .replace(" xmlns:jfreesvg='http://www.jfree.org/jfreesvg/svg'", "");
        return svg.substring(0, svg.length() - "</svg>".length()) + cells.markup() + "</svg>";
    }

    /**
     * Draws something with a hover text on an SVG canvas (a group with a title); on a raster canvas it
     * just draws.
     *
     * @param g where to draw
     * @param title the hover text (plain text; escaped)
     * @param draw the drawing
     */
    static void titled(Graphics2D g, String title, Runnable draw) {
        if (!(g instanceof SVGGraphics2D)) {
            draw.run();
            return;
        }
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of());
        g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, title);
        draw.run();
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
    }

    /**
     * @param g a canvas
     * @return where an SVG canvas collects heat-map cells, or null on a raster canvas
     */
    static CellLayer cells(Graphics2D g) {
        return g.getRenderingHint(CELLS) instanceof CellLayer c ? c : null;
    }

    /**
     * Heat-map cells of one chart, written after JFreeSVG's content: the colours as one embedded PNG per map
     * (one pixel per value, scaled up without smoothing, so it stays crisp at any zoom), and over it one
     * transparent square per value carrying the value as its title. This keeps a 28 × 28 map near 45 KB
     * instead of about 70 KB for coloured squares (and the PNG a paper uses is the same picture). Large maps
     * would make the page as large as the data (a 3 × 224 × 224 input: 150,528 values, about 8 MB of hover
     * squares per map), so a map of more than {@link #HOVER_VALUES} values has no hover squares, and one of
     * more than {@link #PAGE_VALUES} values is embedded at reduced resolution: each pixel the mean of an
     * f × f block of values, f the smallest whole number that brings the map within the limit. The PNG file
     * linked under the chart keeps every value.
     */
    static final class CellLayer {
        /** Values of a map up to which each carries a hover square: 64 × 64 (a 3 × 32 × 32 input has 3072). */
        static final int HOVER_VALUES = 1 << 12;
        /** Values of a map up to which its page image has one pixel per value: 128 × 128. */
        static final int PAGE_VALUES = 1 << 14;

        private final StringBuilder markup = new StringBuilder();

        /**
         * @param rows map rows
         * @param cols map columns
         * @return the block side f of the page image: 1 up to {@link #PAGE_VALUES} values, else the smallest
         *     f with ⌈rows/f⌉·⌈cols/f⌉ within it
         */
        static int reduction(int rows, int cols) {
            int f = 1;
            while ((long) ceilDiv(rows, f) * ceilDiv(cols, f) > PAGE_VALUES) {
                f++;
            }
            return f;
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }

        /**
         * @param grid the values; not modified
         * @param scale their colours
         * @param x left edge
         * @param y top edge
         * @param cellW pixels per value horizontally
         * @param cellH pixels per value vertically
         * @param label the hover text of a value
         */
        void add(ValueGrid grid, ColorScale scale, int x, int y, int cellW, int cellH, DoubleFunction<String> label) {
            int f = reduction(grid.rows(), grid.cols());
            int pr = ceilDiv(grid.rows(), f);
            int pc = ceilDiv(grid.cols(), f);
            BufferedImage colours = new BufferedImage(pc, pr, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < pr; r++) {
                for (int c = 0; c < pc; c++) {
                    colours.setRGB(c, r, scale.color(blockMean(grid, r * f, c * f, f)).getRGB());
                }
            }
            // The image spans the map: pc·f pixels of value width (a partial last block is stretched a little).
            markup.append("<g transform=\"translate(").append(x).append(' ').append(y).append(") scale(")
                    .append(Svg.number((double) cellW * grid.cols() / pc)).append(' ')
                    .append(Svg.number((double) cellH * grid.rows() / pr)).append(")\"><image width=\"").append(pc)
                    .append("\" height=\"").append(pr).append("\" preserveAspectRatio=\"none\""
                            + " style=\"image-rendering:pixelated\" href=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Png.encode(colours))).append("\"/>");
            if ((long) grid.rows() * grid.cols() > HOVER_VALUES) {
                markup.append("</g>");
                return;
            }
            markup.append("<g fill=\"#000\" fill-opacity=\"0\">");
            for (int r = 0; r < grid.rows(); r++) {
                markup.append("<g transform=\"translate(0 ").append(r).append(")\">");
                for (int c = 0; c < grid.cols(); c++) {
                    markup.append("<rect x=\"").append(c).append("\" width=\"1\" height=\"1\"><title>")
                            .append(escape(label.apply(grid.value(r, c)))).append("</title></rect>");
                }
                markup.append("</g>");
            }
            markup.append("</g></g>");
        }

        /** @return the mean of the values in the f × f block at (r0, c0), cut at the map's edges */
        private static double blockMean(ValueGrid grid, int r0, int c0, int f) {
            if (f == 1) {
                return grid.value(r0, c0);
            }
            double sum = 0;
            int n = 0;
            for (int r = r0; r < Math.min(grid.rows(), r0 + f); r++) {
                for (int c = c0; c < Math.min(grid.cols(), c0 + f); c++) {
                    sum += grid.value(r, c);
                    n++;
                }
            }
            return sum / n;
        }

        String markup() {
            return markup.toString();
        }
    }

    /**
     * @param s plain text
     * @return it escaped for XML text and attribute values
     */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /**
     * @param v a coordinate
     * @return it with at most two decimals and no trailing zeros ({@code 900}, {@code 12.5}, {@code 3.14}):
     *     a hundredth of a pixel is below what any screen shows
     */
    static String number(double v) {
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r) && Math.abs(r) < 1e15) {
            return Long.toString((long) r);
        }
        return java.math.BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
