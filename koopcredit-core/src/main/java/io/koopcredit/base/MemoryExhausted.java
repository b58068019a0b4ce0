package io.koopcredit.base;

/**
 * An {@link OutOfMemoryError} that says what was running when the heap ran out (for example "estimating
 * block conv1, trial 3 of 10"), so that the command line can tell the user in one line instead of a stack
 * trace. The original error is its cause.
 */
public final class MemoryExhausted extends OutOfMemoryError {
    private static final long serialVersionUID = 1L;

    /** What was running, e.g. {@code estimating block conv1 (trial 3 of 10)}. */
    private final String activity;

    private MemoryExhausted(String activity, OutOfMemoryError cause) {
        super(activity + ": " + cause.getMessage());
        this.activity = activity;
        initCause(cause);
    }

    /**
     * @param activity what was running, e.g. {@code estimating block conv1 (trial 3 of 10)}
     * @param cause the error the JVM threw
     * @return the error to throw: {@code cause} itself if it already names an activity (the innermost one
     *     is the most precise), else a new error naming {@code activity}
     */
    public static OutOfMemoryError during(String activity, OutOfMemoryError cause) {
        return cause instanceof MemoryExhausted ? cause : new MemoryExhausted(activity, cause);
    }

    /** @return what was running when the heap ran out */
    public String activity() {
        return activity;
    }
}
