package io.koopcredit.report;

import io.koopcredit.report.chart.Chart;
import java.util.List;

/** Writes rendered charts as PNG files of one section. */
final class ChartFiles {
    private ChartFiles() {
    }

    /**
     * @param dir where the files go; files are added
     * @param files the section's file names
     * @param charts the charts; not modified
     */
    static void write(StagedDirectory dir, SectionFiles files, List<Chart> charts) {
        for (Chart c : charts) {
            dir.writeBytes(files.png(c), c.png());
        }
    }
}
