package io.koopcredit.report.chart;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rendered chart.
 *
 * @param kind what it shows
 * @param name file name without folder, prefix or extension, e.g. {@code layer-credit} or
 *     {@code kernel-credit-conv1}: lower-case letters, digits and dashes
 * @param block the block a kernel chart belongs to, else null
 * @param title a human-readable title (for captions)
 * @param alt a one-sentence description of the image (for the HTML alt text)
 * @param width pixels
 * @param height pixels
 * @param png the PNG bytes (owned: do not modify)
 * @param svg the same picture as an {@code <svg>} element for the page, with hover texts on bars and cells
 */
public record Chart(ChartKind kind, String name, String block, String title, String alt, int width, int height,
                    byte[] png, String svg) {

    /** Names safe in any file system and any URL, without escaping. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * Validates the fields.
     *
     * @param kind what it shows
     * @param name file name base: lower-case letters and digits joined by dashes
     * @param block the block of a kernel chart, else null
     * @param title a human-readable title
     * @param alt a description of the image
     * @param width pixels, at least 1
     * @param height pixels, at least 1
     * @param png the PNG bytes (kept, not copied)
     * @param svg the SVG element
     */
    public Chart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(alt, "alt");
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(svg, "svg");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("chart names are lower-case words joined by dashes, found " + name);
        }
        if ((kind == ChartKind.KERNEL_CREDIT) != (block != null)) {
            throw new IllegalArgumentException("a block is named exactly for kernel charts");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("chart size must be positive, found " + width + "x" + height);
        }
    }
}
