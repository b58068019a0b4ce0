package io.koopcredit.validation;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.stats.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Agreement of an analysis with an independent reference implementation of the paper (issue #9): the rank
 * correlation of the block log credits, and each block's fidelity against the reference's.
 */
public final class ReferenceAgreement {

    /**
     * Issue #9's acceptance criterion: every block's fidelity within 0.15 of the reference value, where
     * the reference value is at most {@link #FIDELITY_CHECKED_UP_TO} (above it the linearization is worse
     * than predicting zero in both, and the exact value says little).
     */
    public static final double FIDELITY_TOLERANCE = 0.15;

    /** Reference fidelities above this are not compared (see {@link #FIDELITY_TOLERANCE}). */
    public static final double FIDELITY_CHECKED_UP_TO = 1.2;

    private ReferenceAgreement() {
    }

    /**
     * One block of a reference run.
     *
     * @param name the block's name (as koopcredit names it)
     * @param logCredit the reference's log BC (mean over its seeds)
     * @param logCreditStd its standard deviation over the reference's seeds (0 for one seed)
     * @param fidelity the reference's median relative error on held-out inputs (mean over seeds)
     */
    public record ReferenceBlock(String name, double logCredit, double logCreditStd, double fidelity) {
        /** Validates the values. */
        public ReferenceBlock {
            Objects.requireNonNull(name, "name");
            if (!Double.isFinite(logCredit) || !(logCreditStd >= 0) || !(fidelity >= 0) || !Double.isFinite(fidelity)) {
                throw new IllegalArgumentException("reference block " + name + ": expected finite values, found "
                        + logCredit + " ± " + logCreditStd + ", fidelity " + fidelity);
            }
        }
    }

    /**
     * The reference's results for one model.
     *
     * @param model the model's short name (e.g. lenet5)
     * @param blocks its blocks, in order
     * @param requiredSpearman the smallest rank correlation of log credits that counts as agreement
     */
    public record Reference(String model, List<ReferenceBlock> blocks, double requiredSpearman) {
        /** Validates and copies. */
        public Reference {
            Objects.requireNonNull(model, "model");
            blocks = List.copyOf(blocks);
            if (blocks.size() < 2) {
                throw new IllegalArgumentException("reference " + model + ": expected at least two blocks to rank");
            }
            if (!(requiredSpearman >= -1 && requiredSpearman <= 1)) {
                throw new IllegalArgumentException("required Spearman must lie in [-1, 1], found " + requiredSpearman);
            }
        }
    }

    /**
     * One block compared.
     *
     * @param name the block's name
     * @param referenceLogCredit the reference's log BC
     * @param logCredit this analysis's log BC, or null if the block has none
     * @param referenceFidelity the reference's fidelity
     * @param fidelity this analysis's fidelity, or null if it could not be measured
     * @param fidelityChecked whether the fidelity falls under the criterion (reference ≤ 1.2)
     * @param fidelityAgrees whether it is within 0.15 of the reference (false when unchecked or missing)
     */
    public record BlockAgreement(String name, double referenceLogCredit, Double logCredit, double referenceFidelity,
                                 Double fidelity, boolean fidelityChecked, boolean fidelityAgrees) {
    }

    /**
     * The comparison of one analysis with one reference.
     *
     * @param model the model's short name
     * @param blocks per block, in order
     * @param spearman Spearman's ρ of the log credits (null if a block has no credit or the credits are tied)
     * @param requiredSpearman the threshold
     * @param agrees whether ρ reaches the threshold and every checked fidelity agrees
     */
    public record Result(String model, List<BlockAgreement> blocks, Double spearman, double requiredSpearman,
                         boolean agrees) {
        /** Copies the list. */
        public Result {
            blocks = List.copyOf(blocks);
        }
    }

    /**
     * @param reference the reference's results for the analysed model
     * @param analysis the analysis, of the same model with the same partition
     * @return the comparison
     * @throws IllegalArgumentException if the blocks do not match by name and order
     */
    public static Result compare(Reference reference, CreditResult analysis) {
        List<BlockResult> blocks = analysis.blocks();
        if (blocks.size() != reference.blocks().size()) {
            throw new IllegalArgumentException("reference " + reference.model() + " has " + reference.blocks().size()
                    + " blocks, the analysis " + blocks.size());
        }
        List<BlockAgreement> out = new ArrayList<>();
        double[] ours = new double[blocks.size()];
        double[] theirs = new double[blocks.size()];
        boolean allCredited = true;
        boolean fidelities = true;
        for (int i = 0; i < blocks.size(); i++) {
            BlockResult b = blocks.get(i);
            ReferenceBlock r = reference.blocks().get(i);
            if (!r.name().equals(b.name())) {
                throw new IllegalArgumentException("reference " + reference.model() + ": block " + i + " is "
                        + r.name() + ", the analysis's is " + b.name());
            }
            Double credit = b.credit() == null ? null : b.credit().logCredit();
            Double fidelity = b.fidelity() == null ? null : b.fidelity().median();
            boolean checked = r.fidelity() <= FIDELITY_CHECKED_UP_TO;
            boolean agrees = checked && fidelity != null && Math.abs(fidelity - r.fidelity()) <= FIDELITY_TOLERANCE;
            fidelities &= !checked || agrees;
            allCredited &= credit != null;
            ours[i] = credit == null ? Double.NaN : credit;
            theirs[i] = r.logCredit();
            out.add(new BlockAgreement(b.name(), r.logCredit(), credit, r.fidelity(), fidelity, checked, agrees));
        }
        OptionalDouble rho = allCredited ? Statistics.spearman(ours, theirs) : OptionalDouble.empty();
        Double spearman = rho.isPresent() ? rho.getAsDouble() : null;
        boolean agrees = spearman != null && spearman >= reference.requiredSpearman() && fidelities;
        return new Result(reference.model(), out, spearman, reference.requiredSpearman(), agrees);
    }
}
