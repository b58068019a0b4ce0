package io.koopcredit.report.chart;

/**
 * Placement of equally sized panels in rows and columns, centred in an image at least
 * {@link #MIN_WIDTH} wide (room for the title and the legend).
 *
 * @param panelWidth width of one panel
 * @param panelHeight height of one panel, captions included
 * @param count panels
 * @param columns panels per row
 */
record MapGrid(int panelWidth, int panelHeight, int count, int columns) {
    /** Narrowest image: the title, subtitle and legend need this much. */
    static final int MIN_WIDTH = 720;
    /** Space between panels. */
    static final int GAP = 20;
    /** Top of the first row: under the title and subtitle. */
    static final int TOP = 66;

    /**
     * Validates the numbers; more columns than panels become one row.
     *
     * @param panelWidth width of one panel, at least 1
     * @param panelHeight height of one panel, at least 1
     * @param count panels, at least 1
     * @param columns panels per row, at least 1
     */
    MapGrid {
        if (panelWidth < 1 || panelHeight < 1 || count < 1 || columns < 1) {
            throw new IllegalArgumentException("invalid panel grid " + panelWidth + "x" + panelHeight + ", " + count
                    + " panels in " + columns + " columns");
        }
        columns = Math.min(columns, count);
    }

    /** @return rows of panels */
    int rows() {
        return (count + columns - 1) / columns;
    }

    /** @return the image width */
    int width() {
        return Math.max(MIN_WIDTH, 2 * ChartStyle.MARGIN + columns * panelWidth + (columns - 1) * GAP);
    }

    /** @return y just below the last row of panels */
    int bottom() {
        return TOP + rows() * panelHeight + (rows() - 1) * GAP;
    }

    /** @return the image height, with room for a colour legend under the panels */
    int height() {
        return bottom() + GAP + ColorLegend.HEIGHT + ChartStyle.MARGIN;
    }

    /**
     * @param i panel index
     * @return its left edge
     */
    int x(int i) {
        int used = columns * panelWidth + (columns - 1) * GAP;
        return (width() - used) / 2 + (i % columns) * (panelWidth + GAP);
    }

    /**
     * @param i panel index
     * @return its top edge
     */
    int y(int i) {
        return TOP + (i / columns) * (panelHeight + GAP);
    }
}
