package io.koopcredit.credit;

import io.koopcredit.store.Stores;

/**
 * How an analysis used memory: its budget and plan, what went to disk, and the process's peak resident
 * set. Like the timings, it differs between machines and runs and is not part of the results.
 *
 * @param plan the plan made before the first ONNX Runtime run
 * @param memoryStoreBytes bytes of stores kept in RAM
 * @param spilledBytes bytes of stores written to spill files
 * @param peakRss the process's peak resident set so far (VmHWM), or -1 where it cannot be read
 */
public record MemoryUse(MemoryPlan plan, long memoryStoreBytes, long spilledBytes, long peakRss) {

    /**
     * @param plan the plan
     * @param stores the run's stores
     * @return what the run used
     */
    static MemoryUse of(MemoryPlan plan, Stores stores) {
        return new MemoryUse(plan, stores.memoryBytes(), stores.spilledBytes(), currentPeakRss());
    }

    /**
     * Resets the process's peak resident set (VmHWM) to its current resident set, so that a later
     * {@link #currentPeakRss} measures the peak of what runs in between (Linux: {@code 5} written to
     * {@code /proc/self/clear_refs}).
     *
     * @return whether the reset worked (false where the kernel does not offer it)
     */
    public static boolean resetPeakRss() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return the peak resident set size of this process so far (VmHWM of /proc/self/status), or -1 */
    public static long currentPeakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
