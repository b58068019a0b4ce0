package io.koopcredit.report;

import io.koopcredit.report.chart.Numbers;

/** Table cells: numbers right-aligned, missing values as a muted "n/a". */
final class Cells {
    private Cells() {
    }

    /**
     * @param h where the cell goes
     * @param v a number or null
     */
    static void number(Html h, Double v) {
        if (v == null) {
            missing(h);
        } else {
            h.element("td", Numbers.format(v), "class", "num");
        }
    }

    /**
     * @param h where the cell goes
     * @param text preformatted number text
     */
    static void number(Html h, String text) {
        h.element("td", text, "class", "num");
    }

    /** @param h where the cell goes */
    static void missing(Html h) {
        h.open("td", "class", "num").element("span", Numbers.MISSING, "class", "na").close("td");
    }

    /**
     * @param h where the cell goes
     * @param text plain text (escaped)
     */
    static void text(Html h, String text) {
        h.element("td", text);
    }

    /**
     * A column heading.
     *
     * @param name the heading
     * @param numeric whether the column holds numbers (right-aligned)
     * @param help a tooltip explaining the column, or null
     */
    record Column(String name, boolean numeric, String help) {
        /**
         * Validates the heading.
         *
         * @param name the heading
         * @param numeric whether the column holds numbers
         * @param help a tooltip, or null
         */
        Column {
            java.util.Objects.requireNonNull(name, "name");
        }
    }

    /**
     * @param name heading
     * @param help tooltip or null
     * @return a numeric column
     */
    static Column num(String name, String help) {
        return new Column(name, true, help);
    }

    /**
     * @param name heading
     * @param help tooltip or null
     * @return a text column
     */
    static Column txt(String name, String help) {
        return new Column(name, false, help);
    }

    /**
     * @param h where the header row goes
     * @param columns the columns
     */
    static void header(Html h, Column... columns) {
        h.open("thead").open("tr");
        for (Column c : columns) {
            h.element("th", c.name(), "class", c.numeric() ? "num" : null, "title", c.help(), "scope", "col");
        }
        h.close("tr").close("thead").nl();
    }
}
