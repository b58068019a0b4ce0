package io.koopcredit.validation.pruning;

import io.koopcredit.base.InvalidOptionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the pruning check measures: the fractions of kernels pruned, and how many random prunings each
 * fraction is compared with.
 *
 * @param fractions fractions of the candidate kernels to zero, each in (0, 1), increasing
 * @param randomSeeds random prunings per fraction and scope (their mean and standard deviation are
 *     reported), at least {@link #MIN_RANDOM_SEEDS}
 */
public record PruningPlan(List<Double> fractions, int randomSeeds) {

    /** The fractions: 5% to 50%. */
    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.05, 0.1, 0.2, 0.3, 0.4, 0.5);

    /** Random prunings per fraction by default: five, as the issue asks (mean ± sd over 5 seeds). */
    public static final int DEFAULT_RANDOM_SEEDS = 5;

    /** Fewest random prunings: a standard deviation needs two. */
    public static final int MIN_RANDOM_SEEDS = 2;

    /** Most random prunings: each costs one pass over the held-out samples per fraction and scope. */
    public static final int MAX_RANDOM_SEEDS = 100;

    /**
     * Validates and copies.
     *
     * @param fractions the record's {@code fractions} (copied; not modified)
     * @param randomSeeds the record's {@code randomSeeds}
     */
    public PruningPlan {
        Objects.requireNonNull(fractions, "fractions");
        List<Double> out = new ArrayList<>();
        for (Double f : fractions) {
            if (f == null || !(f > 0 && f < 1)) {
                throw new InvalidOptionException("pruningFractions", "expected fractions in (0, 1), found " + f);
            }
            if (!out.isEmpty() && f <= out.get(out.size() - 1)) {
                throw new InvalidOptionException("pruningFractions", "expected increasing fractions, found "
                        + out.get(out.size() - 1) + " before " + f);
            }
            out.add(f);
        }
        if (out.isEmpty()) {
            throw new InvalidOptionException("pruningFractions", "expected at least one fraction, found none");
        }
        fractions = List.copyOf(out);
        if (randomSeeds < MIN_RANDOM_SEEDS || randomSeeds > MAX_RANDOM_SEEDS) {
            throw new InvalidOptionException("pruningSeeds", "expected " + MIN_RANDOM_SEEDS + ".." + MAX_RANDOM_SEEDS
                    + ", found " + randomSeeds);
        }
    }

    /** @return {@link #DEFAULT_FRACTIONS} and {@link #DEFAULT_RANDOM_SEEDS} */
    public static PruningPlan defaults() {
        return new PruningPlan(DEFAULT_FRACTIONS, DEFAULT_RANDOM_SEEDS);
    }
}
