package io.koopcredit.credit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The worker threads and wall-clock timing shared by the analysis and the validation: a fixed pool of
 * named daemon threads (results never depend on their number, and a forgotten pool never keeps the JVM
 * alive), and seconds from {@link System#nanoTime()}.
 */
public final class Workers {
    private Workers() {
    }

    /**
     * @param threads worker threads, at least 1
     * @param name the threads' name (shown in thread dumps)
     * @return a new fixed pool; the caller shuts it down
     */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param startNanos a {@link System#nanoTime()} reading
     * @return the seconds elapsed since
     */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) * 1e-9;
    }
}
