package io.koopcredit.koopman;

import io.koopcredit.model.Block;
import io.koopcredit.model.Precision;

/**
 * The relative size of the rounding in a block's snapshots: a block evaluated with unit roundoff u
 * perturbs its output by about {@code δ = u·(1 + growth)} relative to the output's size, where 1 stands for
 * rounding the input to the evaluation format and {@code growth} for the block's operations
 * ({@link Block#roundingGrowth()}: Σ √k over its sums of k terms, the probabilistic rounding error bound
 * of Higham and Mary, 2019). Measured against float64 evaluations of the bundled models' blocks on real
 * inputs, the float32 rounding is 0.1 to 0.45 of this δ (a test checks it stays below and within a factor
 * of 100).
 */
public final class NoiseModel {
    private NoiseModel() {
    }

    /**
     * @param precision the format the block was evaluated in
     * @param block the block
     * @return δ, the relative perturbation of its outputs by rounding
     */
    public static double relative(Precision precision, Block block) {
        return precision.unitRoundoff() * (1 + block.roundingGrowth());
    }
}
