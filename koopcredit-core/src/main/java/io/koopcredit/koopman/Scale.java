package io.koopcredit.koopman;

/**
 * When a block is large: the one size threshold behind the scalable formulations and the structured
 * alignment. It depends on the block's widths alone, so the same model gets the same computation on every
 * machine and under every memory budget.
 */
public final class Scale {
    private Scale() {
    }

    /**
     * A block is large when a dense nOut × nIn matrix of it (its operator K_i, or the alignment B) would
     * hold more than 2²⁴ values (128 MiB of doubles; B and A = B⁺ together 256 MiB, per trial). Every
     * block of the bundled models is below it (the largest, LeNet-5's pool1, has 4704 × 1176 = 5.5·10⁶);
     * the first block of CIFAR-style ResNet-20 (3072 → 16384, 5·10⁷) is above it.
     */
    public static final long LARGE_BLOCK_VALUES = 1L << 24;

    /**
     * Distinct states per trajectory that the faithful estimator's scalable form plans for at most (measured on
     * ResNet-20 with N = 1: 14 to 613); {@code credit.MemoryModel} plans with it.
     */
    public static final int PLANNED_STATES = 1024;

    /**
     * Whether a faithful trial's snapshots are large: its planned snapshot matrix, {@code width} rows and
     * N·min(steps + 1, {@link #PLANNED_STATES}) columns, exceeds {@link #LARGE_BLOCK_VALUES}. Under the scalable
     * formulation such a trial keeps its states in column stores (RAM or spill files) and fits its DMD from their
     * tall-and-skinny QR ({@link StoredDmd}); a smaller one keeps the SVD of the snapshot matrix on the heap
     * ({@link Dmd}), as the dense formulation does. A function of the block and the options alone. (The two
     * DMDs are both backward stable but differ in their last bits, and ill-conditioned snapshots amplify that:
     * on resnet14-fashion's stem the log credit moved by 3.6·10⁻⁶ relative; README "Scale".)
     *
     * @param width the aligned state's width (the block's nIn)
     * @param samples N
     * @param steps embedding steps per trajectory
     * @return true if the snapshot matrix is planned above {@link #LARGE_BLOCK_VALUES} values
     */
    public static boolean largeSnapshots(int width, int samples, int steps) {
        return (long) width * samples * Math.min(steps + 1L, PLANNED_STATES) > LARGE_BLOCK_VALUES;
    }

    /**
     * @param nIn a block's input width
     * @param nOut its output width
     * @return true if nIn · nOut exceeds {@link #LARGE_BLOCK_VALUES}
     */
    public static boolean isLarge(int nIn, int nOut) {
        return (long) nIn * nOut > LARGE_BLOCK_VALUES;
    }
}
