package io.koopcredit.store;

import io.koopcredit.base.InvalidOptionException;

/**
 * The {@code memory} option: how much memory a run may use (see {@link MemoryBudget}).
 *
 * @param bytes the budget in bytes, at least {@link MemoryBudget#MINIMUM}
 * @param byDefault true when it is the default share of the physical memory rather than the user's value
 */
public record MemoryLimit(long bytes, boolean byDefault) {

    /** Validates the size. */
    public MemoryLimit {
        if (bytes < MemoryBudget.MINIMUM) {
            throw new InvalidOptionException("memory", "expected at least " + MemorySize.format(MemoryBudget.MINIMUM)
                    + " (the JVM's own overhead is " + MemorySize.format(MemoryBudget.JVM_OVERHEAD) + " and a model needs"
                    + " room beside it), found " + MemorySize.format(bytes));
        }
    }

    /** @return {@link MemoryBudget#DEFAULT_SHARE} of this machine's physical memory */
    public static MemoryLimit defaults() {
        return new MemoryLimit(Math.max(MemoryBudget.MINIMUM, MemoryBudget.defaultBytes()), true);
    }

    /**
     * @param bytes the budget
     * @return the user's limit
     */
    public static MemoryLimit of(long bytes) {
        return new MemoryLimit(bytes, false);
    }

    /**
     * @param text e.g. {@code 4g}
     * @return the user's limit
     * @throws InvalidOptionException for a text that is not a size, or a size below the minimum
     */
    public static MemoryLimit parse(String text) {
        long bytes = MemorySize.parse("memory", text);
        if (bytes < MemoryBudget.MINIMUM) {
            throw new InvalidOptionException("memory", text, "expected at least " + MemorySize.format(MemoryBudget.MINIMUM)
                    + " (the JVM's own overhead is " + MemorySize.format(MemoryBudget.JVM_OVERHEAD) + " and a model needs"
                    + " room beside it), found " + MemorySize.format(bytes), null);
        }
        return of(bytes);
    }

    /** @return a fresh budget of this size for one run in this JVM */
    public MemoryBudget budget() {
        return MemoryBudget.of(this);
    }

    /** @return e.g. {@code 4.0 GiB} or {@code 11.7 GiB (default: half the physical memory)} */
    public String describe() {
        return MemorySize.format(bytes) + (byDefault ? " (default: " + (int) (100 * MemoryBudget.DEFAULT_SHARE)
                + "% of the physical memory)" : "");
    }
}
