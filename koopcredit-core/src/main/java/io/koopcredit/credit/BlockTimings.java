package io.koopcredit.credit;

/**
 * Wall-clock seconds spent on one block, summed over trials (trials may run in parallel, so the sum can
 * exceed the elapsed time).
 *
 * @param name the block's name
 * @param embedding producing snapshots: block evaluations and alignment products
 * @param dmd DMD and the decomposition K_i = B·K̃
 * @param credit averaging the trials, credit and kernel credits
 * @param fidelity held-out fidelity
 */
public record BlockTimings(String name, double embedding, double dmd, double credit, double fidelity) {
}
