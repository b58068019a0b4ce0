package io.koopcredit.report.chart;

import java.awt.Graphics2D;

/** The title and how-to-read line at the top of every chart. */
final class Header {
    private Header() {
    }

    /**
     * @param g where to draw; font and colour are changed
     * @param width the image width
     * @param title the title
     * @param subtitle the line under it, or null
     */
    static void draw(Graphics2D g, int width, String title, String subtitle) {
        g.setFont(ChartStyle.TITLE);
        g.setColor(ChartStyle.TEXT);
        g.drawString(Text.fit(g, title, width - 2 * ChartStyle.MARGIN), ChartStyle.MARGIN, ChartStyle.TITLE_BASELINE);
        if (subtitle != null) {
            g.setFont(ChartStyle.SUBTITLE);
            g.setColor(ChartStyle.MUTED);
            g.drawString(Text.fit(g, subtitle, width - 2 * ChartStyle.MARGIN), ChartStyle.MARGIN,
                    ChartStyle.SUBTITLE_BASELINE);
        }
    }
}
