package io.koopcredit.validation.ablation;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.HeldOutScore;
import io.koopcredit.validation.stats.RankCorrelation;
import io.koopcredit.validation.stats.SampleDamage;
import io.koopcredit.validation.stats.Ties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Ablation agreement: does the credit order match the damage each block does when it is taken away?
 *
 * <p>For each block i, on the held-out samples: (a) <b>knockout</b> replaces its output by the mean of its
 * real output over the fitting samples; (b) <b>linearize</b> replaces it by {@code K_i·x + b} with K_i
 * the analysis's mean operator (its linear part) and {@code b = mean over the fitting samples of
 * (f_i(x) − K_i·x)}. For an affine K_i with offset c this is the same map as using c plus the mean
 * residual of the affine map: {@code c + mean(f_i(x) − K_i·x − c) = mean(f_i(x) − K_i·x)}. Blocks i+1..m
 * of the real network then run on the ablated output. (The means and the offset are over the analysis's
 * fitting samples by default; a caller may pass more.) The damage is the drop in score (accuracy on the
 * labels, else agreement with the unablated predictions) and the mean relative change of the outputs.
 *
 * <p>Per ablation kind and damage measure, the block order by log credit is correlated with the damage
 * order (Spearman ρ, Kendall τ-b) over the blocks that have a credit; the others are listed as
 * excluded. For knockout, agreement means a positive correlation. Note that in a chain every block is
 * on the only path from input to output: when the rest of the network is linear, knocking out any block
 * maps every sample to the same output and all blocks do the same damage, whatever their credit.
 */
public final class AblationCheck {

    /**
     * Two output changes that differ by less than this relative amount are the same damage: a network run
     * in float32 reproduces a value to about 1e-7, and the chain's ties (see the class comment) differ by
     * rounding only.
     */
    public static final double DAMAGE_TIE_RELATIVE = Ties.DAMAGE_RELATIVE;

    /** Damages closer to each other than this are tied whatever their size (differences of zero damage). */
    public static final double DAMAGE_TIE_ABSOLUTE = Ties.DAMAGE_ABSOLUTE;

    /** The caveat of a knockout against one fitting sample. */
    public static final String ONE_SAMPLE = "one fitting sample: knocking out any block replaces its output by its value on "
            + "that sample, so every knockout gives the network's output on that sample and all knockouts tie";

    private AblationCheck() {
    }

    /**
     * Runs both ablations of every block.
     *
     * @param network the network the analysis ran on; not closed here
     * @param base the analysis whose credits and operators are checked; not modified
     * @param data the analysis's data, with at least {@code reference} fitting samples (the first ones are
     *     used) and the analysis's held-out samples; not modified
     * @param averaged how many fitting samples the knockout means and the linearization offsets average
     *     over: the analysis's N for the definition above; more give averages over more inputs when the
     *     analysis fits on one sample
     * @return the damages and the agreements
     */
    public static AblationResult run(Network network, CreditResult base, AnalysisData data, int averaged) {
        Objects.requireNonNull(base, "base");
        AnalysisData d = data.firstFitSamples(averaged);
        BlockPartition partition = base.partition();
        int m = partition.size();
        try (PartitionedNetwork pn = CreditAnalysis.compile(network, network.partition(base.options().blocks()),
                base.options())) {
            if (!pn.partition().equals(partition)) {
                throw new IllegalArgumentException("the network's partition differs from the analysis's");
            }
            BlockActivations fit = pn.activations(d.fit(), d.fitCount());
            BlockActivations held = pn.activations(d.holdout(), d.holdoutCount());
            HeldOutScore reference = HeldOutScore.of(held.output(m - 1), held.count(), d.holdoutLabels());
            List<BlockAblation> knockout = new ArrayList<>();
            List<BlockAblation> linearize = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                String name = partition.block(i).name();
                int nOut = partition.block(i).nOut();
                double[] mean = meanSample(fit.output(i), nOut, fit.count());
                double[] knocked = suffix(pn, i, repeat(mean, held.count()), held.count());
                knockout.add(measure(reference, name, i, AblationKind.KNOCKOUT, knocked));
                KoopmanOperator k = base.operators().get(i);
                if (k == null) {
                    linearize.add(new BlockAblation(name, i, AblationKind.LINEARIZE, null, null, null, 0,
                            base.blocks().get(i).reason() == null
                                    ? "K_i is not kept: a large block's operator is known by its singular values"
                                    : "no operator K_i: " + base.blocks().get(i).reason()));
                    continue;
                }
                double[] linear = suffix(pn, i, linearize(k, fit, held, i), held.count());
                linearize.add(measure(reference, name, i, AblationKind.LINEARIZE, linear));
            }
            List<AblationAgreement> agreements = new ArrayList<>();
            for (AblationKind kind : AblationKind.values()) {
                List<BlockAblation> entries = kind == AblationKind.KNOCKOUT ? knockout : linearize;
                for (DamageMeasure measure : DamageMeasure.values()) {
                    agreements.add(agreement(base.blocks(), entries, kind, measure));
                }
            }
            String note = fit.count() == 1 ? ONE_SAMPLE : null;
            return new AblationResult(reference.kind(), held.count(), fit.count(), reference.baseline(), knockout,
                    linearize, agreements, note);
        }
    }

    /** The ablated outputs of block i: {@code L·x + mean over the fit of (f_i(x) − L·x)}, L = K_i's linear part. */
    private static double[] linearize(KoopmanOperator k, BlockActivations fit, BlockActivations held, int i) {
        KoopmanOperator linear = k.linearPart();
        int nOut = linear.nOut();
        double[] fitted = linear.apply(fit.input(i), fit.count());
        double[] residual = fit.output(i).clone();
        for (int v = 0; v < residual.length; v++) {
            residual[v] -= fitted[v];
        }
        double[] offset = meanSample(residual, nOut, fit.count());
        double[] y = linear.apply(held.input(i), held.count());
        for (int j = 0; j < held.count(); j++) {
            for (int v = 0; v < nOut; v++) {
                y[j * nOut + v] += offset[v];
            }
        }
        return y;
    }

    /** Runs the real blocks after block i on its (ablated) output. */
    private static double[] suffix(PartitionedNetwork pn, int i, double[] output, int count) {
        double[] y = output;
        for (int j = i + 1; j < pn.partition().size(); j++) {
            y = pn.block(j).apply(y, count);
        }
        return y;
    }

    private static AblationAgreement agreement(List<BlockResult> blocks, List<BlockAblation> entries,
                                               AblationKind kind, DamageMeasure measure) {
        List<String> used = new ArrayList<>();
        List<ExcludedBlock> excluded = new ArrayList<>();
        List<Double> credits = new ArrayList<>();
        List<Double> damages = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            BlockResult b = blocks.get(i);
            Double damage = entries.get(i).damage(measure);
            if (b.credit() == null) {
                excluded.add(new ExcludedBlock(b.name(), "no credit (" + b.status().name().toLowerCase(Locale.ROOT)
                        + ": " + b.reason() + ")"));
            } else if (damage == null) {
                excluded.add(new ExcludedBlock(b.name(), "no " + measure.spec() + ": " + entries.get(i).note()));
            } else {
                used.add(b.name());
                credits.add(b.credit().logCredit());
                damages.add(damage);
            }
        }
        double[] x = credits.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = Ties.snap(damages.stream().mapToDouble(Double::doubleValue).toArray(),
                DAMAGE_TIE_RELATIVE, DAMAGE_TIE_ABSOLUTE);
        double max = damages.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = damages.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        // A negative damage (the ablation helped) with a positive maximum still gives a spread in [0, 1] after
        // clamping the minimum at 0: the spread is about how different the harms are.
        Double spread = max > 0 ? (max - Math.max(0, min)) / max : null;
        return new AblationAgreement(kind, measure, used, excluded, RankCorrelation.of(x, y), spread);
    }

    /**
     * @return the ablation's damages on the held-out samples, with a note for what is missing
     */
    private static BlockAblation measure(HeldOutScore reference, String block, int index, AblationKind ablation,
                                         double[] outputs) {
        SampleDamage d = reference.damage(outputs);
        Double change = d.outputChange(null);
        String note = null;
        if (!d.finite()) {
            note = "the ablated network's outputs are not finite";
        } else if (change == null) {
            note = "every unablated output is zero: no relative change";
        }
        return new BlockAblation(block, index, ablation, d.score(null), d.scoreDrop(null), change,
                d.finite() ? d.changeSamples() : 0, note);
    }

    /**
     * @param values {@code count * width} values; not modified
     * @param width values per sample
     * @param count samples
     * @return the mean sample
     */
    private static double[] meanSample(double[] values, int width, int count) {
        double[] mean = new double[width];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < width; i++) {
                mean[i] += values[j * width + i];
            }
        }
        for (int i = 0; i < width; i++) {
            mean[i] /= count;
        }
        return mean;
    }

    /**
     * @param sample one sample; not modified
     * @param count copies
     * @return the sample repeated {@code count} times
     */
    private static double[] repeat(double[] sample, int count) {
        double[] out = new double[sample.length * count];
        for (int j = 0; j < count; j++) {
            System.arraycopy(sample, 0, out, j * sample.length, sample.length);
        }
        return out;
    }
}
