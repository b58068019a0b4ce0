package io.koopcredit.cli;

import io.koopcredit.credit.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A one-line progress bar on stderr, redrawn in place. Quiet unless enabled (the commands enable it when
 * stderr is a terminal, or with {@code --progress}).
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    /** Guards the lines that bars draw on. */
    private static final Object LINE = new Object();
    /**
     * The writers on which a bar has drawn without ending the line (guarded by {@link #LINE}). Kept per
     * writer, never globally: bars that share a stream share its line, a bar on another stream (a test's, a
     * report's) neither sees nor leaves an open line there. Weak keys: a finished command's writer can go.
     */
    private static final Map<PrintWriter, Boolean> OPEN_LINES = new WeakHashMap<>();
    /** Set when the JVM is being stopped: no bar draws any more. */
    private static boolean stopped;
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private String stage;
    private long stageStart;
    private int lastDrawn = -1;
    private long lastDrawnAt;
    /** Length of the last line drawn, to blank what a shorter one leaves. */
    private int lastLength;

    ProgressBar(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    @Override
    public void update(String stage, int done, int total) {
        update(stage, null, done, total);
    }

    /**
     * Draws {@code label stage [====    ] 45% 12/26 (item) 30s, ETA 37s}: the elapsed time and the estimate
     * of what remains are the stage's own (the remaining units at the stage's mean rate so far). A new stage
     * starts a new line. Redrawn when the bar grows, and at most once a second otherwise.
     */
    @Override
    public synchronized void update(String stage, String item, int done, int total) {
        if (!enabled || total <= 0) {
            return;
        }
        long now = System.nanoTime();
        boolean newStage = !stage.equals(this.stage);
        if (newStage) {
            this.stage = stage;
            stageStart = now;
            lastDrawn = -1;
        }
        int filled = (int) ((long) WIDTH * done / total);
        if (!newStage && filled == lastDrawn && done != total && now - lastDrawnAt < 1_000_000_000L) {
            return;
        }
        lastDrawn = filled;
        lastDrawnAt = now;
        double secs = (now - stageStart) * 1e-9;
        String eta = done > 0 && done < total ? String.format(Locale.ROOT, ", ETA %.0fs", secs * (total - done) / done)
                : "";
        synchronized (LINE) {
            if (stopped) {
                return;
            }
            if (newStage && OPEN_LINES.getOrDefault(err, false)) {
                err.println();
                lastLength = 0;
            }
            String line = String.format(Locale.ROOT, "%s %s [%s%s] %3d%% %d/%d%s %.0fs%s", label, stage,
                    "=".repeat(filled), " ".repeat(WIDTH - filled), (int) (100L * done / total), done, total,
                    item == null ? "" : " (" + item + ")", secs, eta);
            // Spaces over what a longer previous line left (no terminal escape codes: stderr may be a file).
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            OPEN_LINES.put(err, done != total);
            if (done == total) {
                err.println();
                lastLength = 0;
            }
            err.flush();
        }
    }

    /**
     * Stops every bar, for a message that must stand on its own line (the JVM is being stopped).
     *
     * @param err the stream the message goes to (not modified)
     * @return whether a bar's line was left open on {@code err} (the caller starts a new line first)
     */
    static boolean stopAll(PrintWriter err) {
        synchronized (LINE) {
            stopped = true;
            return OPEN_LINES.getOrDefault(err, false);
        }
    }
}
