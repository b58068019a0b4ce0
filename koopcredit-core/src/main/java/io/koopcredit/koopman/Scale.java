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
     * @param nIn a block's input width
     * @param nOut its output width
     * @return true if nIn · nOut exceeds {@link #LARGE_BLOCK_VALUES}
     */
    public static boolean isLarge(int nIn, int nOut) {
        return (long) nIn * nOut > LARGE_BLOCK_VALUES;
    }
}
