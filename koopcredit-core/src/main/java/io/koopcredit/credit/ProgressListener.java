package io.koopcredit.credit;

/** Hears how far an analysis has got; called from worker threads, so implementations synchronise. */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage what is running, e.g. {@code trials} or a block name
     * @param done units finished so far
     * @param total units in this stage
     */
    void update(String stage, int done, int total);
}
