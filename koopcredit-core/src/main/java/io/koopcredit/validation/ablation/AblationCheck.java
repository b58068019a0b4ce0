package io.koopcredit.validation.ablation;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.validation.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

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
    public static final double DAMAGE_TIE_RELATIVE = 1e-6;

    /** Damages closer to each other than this are tied whatever their size (differences of zero damage). */
    public static final double DAMAGE_TIE_ABSOLUTE = 1e-12;

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
            Outputs reference = Outputs.of(held.output(m - 1), held.count(), d.holdoutLabels());
            List<BlockAblation> knockout = new ArrayList<>();
            List<BlockAblation> linearize = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                String name = partition.block(i).name();
                int nOut = partition.block(i).nOut();
                double[] mean = meanSample(fit.output(i), nOut, fit.count());
                double[] knocked = suffix(pn, i, repeat(mean, held.count()), held.count());
                knockout.add(reference.measure(name, i, AblationKind.KNOCKOUT, knocked));
                KoopmanOperator k = base.operators().get(i);
                if (k == null) {
                    linearize.add(new BlockAblation(name, i, AblationKind.LINEARIZE, null, null, null, 0,
                            "no operator K_i: " + base.blocks().get(i).reason()));
                    continue;
                }
                double[] linear = suffix(pn, i, linearize(k, fit, held, i), held.count());
                linearize.add(reference.measure(name, i, AblationKind.LINEARIZE, linear));
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
        double[] y = snapTies(damages.stream().mapToDouble(Double::doubleValue).toArray(),
                DAMAGE_TIE_RELATIVE, DAMAGE_TIE_ABSOLUTE);
        double max = damages.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = damages.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        // A negative damage (the ablation helped) with a positive maximum still gives a spread in [0, 1] after
        // clamping the minimum at 0: the spread is about how different the harms are.
        Double spread = max > 0 ? (max - Math.max(0, min)) / max : null;
        return new AblationAgreement(kind, measure, used, excluded, RankCorrelation.of(x, y), spread);
    }

    /** The unablated network's outputs on the held-out samples and what ablated outputs are measured against. */
    private record Outputs(double[] z, int count, int classes, int[] predictions, int[] labels, ScoreKind kind,
                           double baseline) {

        static Outputs of(double[] z, int count, int[] labels) {
            int classes = z.length / count;
            int[] predictions = new int[count];
            for (int j = 0; j < count; j++) {
                predictions[j] = Vectors.argmax(z, j * classes, classes);
            }
            ScoreKind kind = labels == null ? ScoreKind.AGREEMENT : ScoreKind.ACCURACY;
            int[] targets = labels == null ? predictions : labels;
            return new Outputs(z, count, classes, predictions, labels, kind, score(z, classes, count, targets));
        }

        /** @return the fraction of samples whose prediction is right (or agrees with the unablated one) */
        double score(double[] outputs) {
            return score(outputs, classes, count, labels == null ? predictions : labels);
        }

        private static double score(double[] outputs, int classes, int count, int[] targets) {
            int right = 0;
            for (int j = 0; j < count; j++) {
                right += Vectors.argmax(outputs, j * classes, classes) == targets[j] ? 1 : 0;
            }
            return (double) right / count;
        }

        BlockAblation measure(String block, int index, AblationKind ablation, double[] outputs) {
            double score = score(outputs);
            double sum = 0;
            int used = 0;
            boolean finite = true;
            double[] diff = new double[classes];
            for (int j = 0; j < count; j++) {
                double norm = Vectors.norm(z, j * classes, (j + 1) * classes);
                if (norm == 0) {
                    continue;
                }
                for (int c = 0; c < classes; c++) {
                    diff[c] = outputs[j * classes + c] - z[j * classes + c];
                }
                double change = Vectors.norm(diff) / norm;
                if (!Double.isFinite(change)) {
                    finite = false;
                    break;
                }
                sum += change;
                used++;
            }
            Double change = null;
            String note = null;
            if (!finite) {
                note = "the ablated network's outputs are not finite";
            } else if (used == 0) {
                note = "every unablated output is zero: no relative change";
            } else {
                change = sum / used;
            }
            return new BlockAblation(block, index, ablation, score, baseline - score, change, finite ? used : 0, note);
        }
    }

    /**
     * Makes values that differ only by rounding exactly equal, so that they count as ties: sorted, each
     * value joins the run of its predecessor when the two differ by at most
     * {@code max(absolute, relative · max(|a|, |b|))}, and every member of a run takes the run's first
     * (smallest) value.
     *
     * @param values finite values; not modified
     * @param relative relative tolerance, at least 0
     * @param absolute absolute tolerance, at least 0
     * @return the snapped values, in the input order
     */
    static double[] snapTies(double[] values, double relative, double absolute) {
                if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, found " + relative + " and " + absolute);
        }
        int n = values.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] out = values.clone();
        for (int k = 1; k < n; k++) {
            double previous = values[order[k - 1]];
            double current = values[order[k]];
            double tolerance = Math.max(absolute, relative * Math.max(Math.abs(previous), Math.abs(current)));
            if (current - previous <= tolerance) {
                out[order[k]] = out[order[k - 1]];
            }
        }
        return out;
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
