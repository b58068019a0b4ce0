package io.koopcredit.credit;

import java.util.List;

/**
 * Where the time of one analysis went, in wall-clock seconds. The only part of a result that differs
 * between two runs with the same options and seed.
 *
 * @param total the whole analysis
 * @param activations the passes of the full network over the fitting and held-out samples
 * @param estimation all trials of all blocks (elapsed, with the thread pool)
 * @param global sensitivity, feature weights and the product operator's fidelity
 * @param blocks per block
 * @param threads worker threads used
 * @param memory the memory budget, plan and use (null for results made without one)
 */
public record Timings(double total, double activations, double estimation, double global, List<BlockTimings> blocks,
                      int threads, MemoryUse memory) {
    /** Copies the list. */
    public Timings {
        blocks = List.copyOf(blocks);
    }
}
