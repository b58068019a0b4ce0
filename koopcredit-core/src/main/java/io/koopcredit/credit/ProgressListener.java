package io.koopcredit.credit;

/** Hears how far an analysis has got; called from worker threads, so implementations synchronise. */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * Called with {@code done = 0} when a stage starts, then after every unit.
     *
     * @param stage what is running, e.g. {@code trials} or a block name
     * @param done units finished so far
     * @param total units in this stage
     */
    void update(String stage, int done, int total);

    /**
     * The same, naming the unit that has just finished (a block, a boundary); listeners that do not show it
     * hear {@link #update(String, int, int)}.
     *
     * @param stage what is running, e.g. {@code trials}
     * @param item the unit just finished, e.g. {@code block conv1, trial 3}
     * @param done units finished so far
     * @param total units in this stage
     */
    default void update(String stage, String item, int done, int total) {
        update(stage, done, total);
    }
}
