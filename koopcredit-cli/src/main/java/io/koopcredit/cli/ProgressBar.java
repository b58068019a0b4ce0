package io.koopcredit.cli;

import io.koopcredit.credit.ProgressListener;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn in place. Quiet unless enabled (the commands enable it when
 * stderr is a terminal, or with {@code --progress}).
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    /** Guards the terminal line that every bar draws on. */
    private static final Object LINE = new Object();
    /** Whether a bar has drawn on the current line without ending it. */
    private static boolean lineOpen;
    /** Set when the JVM is being stopped: no bar draws any more. */
    private static boolean stopped;
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private int lastDrawn = -1;

    ProgressBar(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    @Override
    public synchronized void update(String stage, int done, int total) {
        if (!enabled || total <= 0) {
            return;
        }
        int filled = (int) ((long) WIDTH * done / total);
        if (filled == lastDrawn && done != total) {
            return;
        }
        lastDrawn = filled;
        double secs = (System.nanoTime() - start) * 1e-9;
        synchronized (LINE) {
            if (stopped) {
                return;
            }
            err.printf("\r%s %s [%s%s] %d/%d %.0fs", label, stage, "=".repeat(filled), " ".repeat(WIDTH - filled),
                    done, total, secs);
            lineOpen = done != total;
            if (done == total) {
                err.println();
            }
            err.flush();
        }
    }

    /**
     * Stops every bar, for a message that must stand on its own line (the JVM is being stopped).
     *
     * @return whether a bar's line was left open (the caller starts a new line first)
     */
    static boolean stopAll() {
        synchronized (LINE) {
            stopped = true;
            return lineOpen;
        }
    }
}
