package io.koopcredit.report;

import java.util.StringJoiner;

/**
 * Rows of the CSV files: cells joined by commas, RFC 4180 quoting where a cell holds a comma, quote or line
 * break (layer names are free text), empty cells for undefined values, numbers in Java's shortest
 * round-trip form (their {@code toString}), one line feed per row.
 */
public final class Csv {
    private Csv() {
    }

    /**
     * @param s a cell's text
     * @return it, quoted if needed
     */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * @param cells the cells; null for an empty cell
     * @return one row, ending in a line feed
     */
    public static String row(Object... cells) {
        StringJoiner j = new StringJoiner(",", "", "\n");
        for (Object c : cells) {
            j.add(c == null ? "" : quote(c.toString()));
        }
        return j.toString();
    }
}
