package io.koopcredit.koopman;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import java.util.Locale;

/**
 * The distribution of the alignment matrix B. The paper (Theorem 4) requires only full rank; the choice
 * decides the dynamics of the aligned block, so it is an option.
 */
public enum AlignmentDistribution {
    /**
     * Independent standard normal entries. With A = B⁺ the aligned block contracts: on LeNet-5 its iteration
     * reaches a fixed point within about 10 to 15 steps. B and A are dense nOut × nIn matrices.
     */
    GAUSSIAN("gaussian"),
    /**
     * Orthonormal rows (L2S) or columns (S2L): the Q factor of a Gaussian matrix, so A = B⁺ = Bᵀ. Preserves
     * norms in the alignment; dense blocks then tend to expand, and their states can grow without bound.
     */
    ORTHONORMAL("orthonormal"),
    /**
     * B = s·Q (S2L) or s·Qᵀ (L2S) with Q an n × m matrix of orthonormal columns made of random plane
     * rotations and a random choice of coordinates ({@link RandomRotations}; n = max(nIn, nOut),
     * m = min(nIn, nOut)), and s = √n, the root mean square of a standard Gaussian n × m matrix's singular
     * values (its squared Frobenius norm is n·m in expectation). A = B⁺ = Qᵀ/s (S2L) or Q/s (L2S). Neither is
     * formed: both are applied in O(n log n) per vector and stored in O(n log n), which is what makes the
     * faithful estimator possible on blocks whose dense B would not fit.
     */
    STRUCTURED("structured"),
    /**
     * {@link #STRUCTURED} for a model with a large block ({@link Scale#isLarge}, a dense B of more than 2²⁴
     * values), {@link #GAUSSIAN} otherwise: a property of the model alone ({@link #forModel}). The default.
     */
    AUTO("auto");

    private final String spec;

    AlignmentDistribution(String spec) {
        this.spec = spec;
    }

    /** @return the CLI name */
    public String spec() {
        return spec;
    }

    /**
     * Resolves {@link #AUTO} for a model: {@link #STRUCTURED} when some block of the partition is large
     * ({@link Scale#isLarge}), else {@link #GAUSSIAN}. Every block of the model gets the same distribution, so
     * the credits the ranking compares come from one kind of alignment. The other values stay themselves.
     *
     * @param partition the model's blocks
     * @return the distribution every block of this model is aligned with
     */
    public AlignmentDistribution forModel(BlockPartition partition) {
        if (this != AUTO) {
            return this;
        }
        for (Block b : partition.blocks()) {
            if (Scale.isLarge(b.nIn(), b.nOut())) {
                return STRUCTURED;
            }
        }
        return GAUSSIAN;
    }

    /**
     * Resolves {@link #AUTO} for a block fitted on its own, which then stands for its model: {@link #STRUCTURED}
     * when it is large. An analysis resolves {@link #AUTO} for the whole model first ({@link #forModel}).
     *
     * @param nIn the block's input width
     * @param nOut its output width
     * @return the distribution to draw from
     */
    public AlignmentDistribution forBlock(int nIn, int nOut) {
        if (this != AUTO) {
            return this;
        }
        return Scale.isLarge(nIn, nOut) ? STRUCTURED : GAUSSIAN;
    }

    /**
     * @param text {@code gaussian}, {@code orthonormal}, {@code structured} or {@code auto}
     * @return the distribution
     */
    public static AlignmentDistribution parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (AlignmentDistribution d : values()) {
            if (d.spec.equals(t)) {
                return d;
            }
        }
        throw new InvalidOptionException("alignment", text, "expected gaussian, orthonormal, structured or auto",
                null);
    }
}
