package io.koopcredit.report.chart;

import java.awt.Color;
import java.awt.Font;

/**
 * Colours, fonts and spacing shared by every chart, so that all images of a report look alike. Fonts are
 * the logical {@link Font#SANS_SERIF}, which every JDK maps to an installed face.
 */
final class ChartStyle {
    /** Page colour of every image. */
    static final Color BACKGROUND = Color.WHITE;
    /** Titles, labels and values. */
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    /** Subtitles, notes and tick labels: readable but quieter than the data. */
    static final Color MUTED = new Color(0x5f, 0x63, 0x68);
    /** Grid lines: just visible, never competing with bars. */
    static final Color GRID = new Color(0xe6, 0xe8, 0xeb);
    /** Axis lines and the zero line. */
    static final Color AXIS = new Color(0x44, 0x47, 0x4d);
    /** Bars with a positive value (and neutral single-sign bars). */
    static final Color POSITIVE = new Color(0x2f, 0x6b, 0x9a);
    /** Bars with a negative value: a different hue, so the sign reads without looking at the axis. */
    static final Color NEGATIVE = new Color(0xd9, 0x8c, 0x3f);
    /** Values that must not be trusted (fidelity above 1). */
    static final Color WARNING = new Color(0xc0, 0x39, 0x2b);
    /** Frames around heat maps. */
    static final Color FRAME = new Color(0x9a, 0x9e, 0xa5);

    /** Chart titles. */
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 19);
    /** One line under the title saying how to read the chart. */
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Axis titles and category labels. */
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Emphasised labels (credit ranks, warnings). */
    static final Font LABEL_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    /** Tick labels and value labels. */
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Value labels when the slots are narrow. */
    static final Font TINY = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    /** Space between the image border and any content, in pixels. */
    static final int MARGIN = 16;
    /** Baseline of the title, from the top. */
    static final int TITLE_BASELINE = 28;
    /** Baseline of the subtitle, from the top. */
    static final int SUBTITLE_BASELINE = 48;

    private ChartStyle() {
    }
}
