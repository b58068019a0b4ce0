package io.koopcredit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a written report in headless Chromium from disk (no server) and checks the screenshot: the page
 * is not blank, and the charts' bar colours, which the page's own stylesheet never uses, appear in solid
 * areas, so the PNG files were found and drawn. Skipped where Chromium is not installed, except in CI
 * (the environment variable CI set, as .ci/run does after installing Chromium): there a missing browser is
 * a failure, not a silent skip.
 */
class ChromiumRenderTest {
    /** Debian's Chromium; the system property koopcredit.chromium points elsewhere (to test the CI rule). */
    private static final Path CHROMIUM = Path.of(System.getProperty("koopcredit.chromium", "/usr/bin/chromium"));
    /** Longest wait for Chromium; a screenshot normally takes a few seconds. */
    private static final long TIMEOUT_SECONDS = 60;
    /** Tall enough to hold the first charts of the page. */
    private static final String WINDOW = "1280,4000";
    /** Bar colours of the charts (ChartStyle.POSITIVE and NEGATIVE), absent from the page's CSS. */
    private static final List<Color> BAR_COLOURS = List.of(new Color(0x2f6b9a), new Color(0xd98c3f));
    /** Pixels of a bar colour that prove a chart was drawn: more than any anti-aliased edge could give. */
    private static final int MIN_BAR_PIXELS = 400;

    @TempDir
    Path dir;

    @Test
    void thePageRendersWithItsCharts() throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(CHROMIUM);
        if (!installed && inCi()) {
            fail("CI is set (CI=" + System.getenv("CI") + ") but Chromium is not installed at " + CHROMIUM
                    + ": .ci/run installs Debian's chromium package before the tests");
        }
        assumeTrue(installed, "Chromium is not installed at " + CHROMIUM);
        Path report = dir.resolve("report");
        Reports.write(report, ReportFixtures.conv(), new Provenance("koopcredit", "test", "none"),
                EnumSet.allOf(ReportFormat.class));
        Path shot = dir.resolve("shot.png");
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=" + WINDOW, "--virtual-time-budget=5000", "--screenshot=" + shot,
                report.resolve("index.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(done, "Chromium finished within " + TIMEOUT_SECONDS + " s");
        assertEquals(0, p.exitValue(), () -> "Chromium failed: " + ReportFiles.read(log));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "the screenshot decodes");
        assertTrue(distinctColours(img) > 50, "the page is not blank");
        int bars = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (isBarColour(img.getRGB(x, y))) {
                    bars++;
                }
            }
        }
        assertTrue(bars >= MIN_BAR_PIXELS, "chart bars visible in the screenshot: " + bars + " pixels");
    }

    /** @return true when the environment variable CI is set to anything but empty, 0 or false */
    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equals("0") && !ci.equalsIgnoreCase("false");
    }

    private static boolean isBarColour(int rgb) {
        Color c = new Color(rgb);
        for (Color b : BAR_COLOURS) {
            if (Math.abs(c.getRed() - b.getRed()) <= 3 && Math.abs(c.getGreen() - b.getGreen()) <= 3
                    && Math.abs(c.getBlue() - b.getBlue()) <= 3) {
                return true;
            }
        }
        return false;
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
