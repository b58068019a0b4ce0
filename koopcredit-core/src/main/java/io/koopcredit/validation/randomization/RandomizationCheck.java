package io.koopcredit.validation.randomization;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.Network;
import io.koopcredit.validation.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The randomization sanity check of Adebayo et al. (2018, "Sanity Checks for Saliency Maps"), for
 * credits: an explanation of what a network learned must change when the learned weights are destroyed.
 *
 * <p>Cascade: the weight-bearing layers (convolution and dense layers; pooling has nothing to learn) are
 * re-randomized from the top down: step 1 the last layer, step 2 the last two, …, step L all of them
 * ({@link Network#withRandomizedLayers}, weights N(0, σ²) at the original scale). At each step the credits
 * and feature-weight maps are recomputed with the same options and seed, so the random alignments are
 * the same draws as in the original analysis: a change is caused by the weights alone, not by noise.
 *
 * <p>Criteria, per step:
 * <ul>
 *   <li><b>credits</b>: every block holding a re-randomized layer and having an original credit must move:
 *       {@code |Δ log credit| ≥ }{@link #MIN_CHANGE_PER_DIRECTION}{@code  × rank} (a credit that
 *       disappears has moved). At the last step, where every weight-bearing layer is re-randomized, the
 *       credit ranking must also change: Spearman's ρ between original and re-randomized log credits at
 *       or above {@link #RANK_THRESHOLD} is "FAIL: credits insensitive to the weights". Otherwise PASS;
 *       UNDETERMINED when no re-randomized block had an original credit.</li>
 *   <li><b>maps</b>: the mean over classes of |Pearson r| between the original and re-randomized maps must
 *       stay below {@link #MAP_THRESHOLD}.</li>
 * </ul>
 * Blocks below the re-randomized layers are not judged: their inputs and functions are unchanged, so
 * their credits are expected to stay exactly the same (the credit of a block is local to it).
 */
public final class RandomizationCheck {

    /**
     * How much a re-randomized block's log credit must move, per direction in the volume (per singular
     * value in the credit): 0.01 nats, a 1% change of the mean scale per direction. With the random
     * alignments held fixed, an unchanged block reproduces its credit to rounding (far below this), while
     * weights of the same scale but no learned structure change the singular values by far more.
     */
    public static final double MIN_CHANGE_PER_DIRECTION = 0.01;

    /**
     * Spearman's ρ between the original and the fully re-randomized credits at or above which the ranking
     * counts as unchanged: 0.9, the threshold, where at most small swaps of neighbours remain.
     */
    public static final double RANK_THRESHOLD = 0.9;

    /**
     * Mean |Pearson r| between original and re-randomized feature-weight maps at or above which the maps
     * count as unchanged: 0.9, where the maps are the same picture up to faint noise.
     */
    public static final double MAP_THRESHOLD = 0.9;

    private RandomizationCheck() {
    }

    /**
     * @param network a network; not modified
     * @return its weight-bearing layers (CONV and DENSE layers that are credited), top first: the cascade
     */
    public static List<String> cascade(Network network) {
        List<String> out = new ArrayList<>();
        for (Layer l : network.layers()) {
            if (l.type() == LayerType.CONV || l.type() == LayerType.DENSE) {
                out.add(0, l.name());
            }
        }
        return out;
    }

    /**
     * Runs the cascade.
     *
     * @param network the original network; not modified, not closed
     * @param data fitting and held-out samples with at least the analysis's fitting samples (the first are
     *     used); not modified
     * @param options the analysis options
     * @param original the original credits and maps
     * @param steps which cascade steps to run
     * @param method how credits are assigned ({@link CreditMethod#KOOPMAN} for the real check)
     * @param progress hears each step's analysis, as stage {@code randomization k/L <stage>}
     * @return every step's changes and verdicts
     */
    public static RandomizationResult run(Network network, AnalysisData data, AnalysisOptions options,
                                          CreditSnapshot original, RandomizationSteps steps, CreditMethod method,
                                          ProgressListener progress) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(method, "method");
        AnalysisData d = data.firstFitSamples(options.samples());
        List<String> cascade = cascade(network);
        BlockPartition partition = network.partition(options.blocks());
        List<Integer> chosen = steps.steps(cascade.size());
        if (chosen.isEmpty()) {
            return new RandomizationResult(cascade, options.seed(), MIN_CHANGE_PER_DIRECTION, RANK_THRESHOLD,
                    MAP_THRESHOLD, List.of(), Verdict.UNDETERMINED, Verdict.UNDETERMINED,
                    "the network has no convolution or dense layer to re-randomize");
        }
        List<RandomizationStep> out = new ArrayList<>();
        for (int k : chosen) {
            List<String> layers = cascade.subList(0, k);
            String stage = "randomization " + k + "/" + cascade.size() + " ";
            CreditSnapshot after;
            try (Network random = network.withRandomizedLayers(layers, options.seed())) {
                after = method.assign(random, d, options, (s, done, total) -> progress.update(stage + s, done, total));
            }
            out.add(step(k, layers, k == cascade.size(), partition, original, after));
        }
        List<Verdict> credits = out.stream().map(RandomizationStep::credits).toList();
        List<Verdict> maps = out.stream().map(RandomizationStep::mapsVerdict).toList();
        return new RandomizationResult(cascade, options.seed(), MIN_CHANGE_PER_DIRECTION, RANK_THRESHOLD,
                MAP_THRESHOLD, out, Verdict.all(credits), Verdict.all(maps), null);
    }

    /**
     * Judges one step.
     *
     * @param k the step
     * @param layers the re-randomized layers; not modified
     * @param allLayers whether every weight-bearing layer is re-randomized
     * @param partition the block partition; not modified
     * @param original the original credits
     * @param after the credits after re-randomization
     * @return the step's changes and verdicts
     */
    static RandomizationStep step(int k, List<String> layers, boolean allLayers, BlockPartition partition,
                                  CreditSnapshot original, CreditSnapshot after) {
        if (!original.blocks().equals(after.blocks())) {
            throw new IllegalArgumentException("the re-randomized network has other blocks: " + after.blocks());
        }
        Set<String> chosen = new HashSet<>(layers);
        List<BlockCreditChange> changes = new ArrayList<>();
        List<String> unmoved = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < partition.size(); i++) {
            Block b = partition.block(i);
            boolean randomized = b.layers().stream().anyMatch(l -> chosen.contains(l.name()));
            Double o = original.logCredits().get(i);
            Double r = after.logCredits().get(i);
            Double change = o != null && r != null ? r - o : null;
            Double perDirection = change == null ? null : change / original.ranks().get(i);
            Boolean hasMoved = null;
            String note = null;
            if (randomized && o != null) {
                hasMoved = r == null || Math.abs(perDirection) >= MIN_CHANGE_PER_DIRECTION;
                (hasMoved ? moved : unmoved).add(b.name());
                note = r == null ? "the credit disappeared (no credit after re-randomization)" : null;
            } else if (randomized) {
                note = "not judged: no original credit";
            } else if (o == null || r == null) {
                note = "below the re-randomized layers; " + (o == null ? "no original credit" : "no credit after");
            }
            if (o != null && r != null) {
                x.add(o);
                y.add(r);
            }
            changes.add(new BlockCreditChange(b.name(), randomized, o, r, change, perDirection, hasMoved, note));
        }
        RankCorrelation ranking = RankCorrelation.of(x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
        List<String> reasons = new ArrayList<>();
        if (!unmoved.isEmpty()) {
            reasons.add("FAIL: credits insensitive to the weights: " + String.join(", ", unmoved) + " moved by less than "
                    + MIN_CHANGE_PER_DIRECTION + " nats per direction");
        }
        if (allLayers && ranking.spearman() != null && ranking.spearman() >= RANK_THRESHOLD) {
            reasons.add(String.format(Locale.ROOT, "FAIL: credits insensitive to the weights: the ranking survives "
                    + "re-randomizing every layer (Spearman rho %.3f >= %.1f)", ranking.spearman(), RANK_THRESHOLD));
        }
        Verdict verdict;
        if (!reasons.isEmpty()) {
            verdict = Verdict.FAIL;
        } else if (moved.isEmpty()) {
            verdict = Verdict.UNDETERMINED;
            reasons.add("no re-randomized block had an original credit to judge");
        } else {
            verdict = Verdict.PASS;
            reasons.add("moved: " + String.join(", ", moved) + (allLayers ? String.format(Locale.ROOT,
                    "; ranking changed (Spearman rho %s < %.1f)", ranking.spearman() == null ? "undefined"
                            : String.format(Locale.ROOT, "%.3f", ranking.spearman()), RANK_THRESHOLD) : ""));
        }
        MapSimilarity maps = null;
        String mapsNote = null;
        Verdict mapsVerdict;
        String mapsReason;
        if (original.featureWeights() == null || after.featureWeights() == null) {
            mapsNote = "no feature weights " + (original.featureWeights() == null ? "originally" : "after re-randomization")
                    + " (some block has no operator)";
            mapsVerdict = Verdict.UNDETERMINED;
            mapsReason = mapsNote;
        } else {
            maps = MapSimilarity.of(original.featureWeights(), after.featureWeights());
            if (maps.meanAbsPearson() == null) {
                mapsVerdict = Verdict.UNDETERMINED;
                mapsReason = "every map is constant: no correlation";
            } else if (maps.meanAbsPearson() >= MAP_THRESHOLD) {
                mapsVerdict = Verdict.FAIL;
                mapsReason = String.format(Locale.ROOT, "FAIL: maps insensitive to the weights: mean |r| %.3f >= %.1f",
                        maps.meanAbsPearson(), MAP_THRESHOLD);
            } else {
                mapsVerdict = Verdict.PASS;
                mapsReason = String.format(Locale.ROOT, "maps changed: mean |r| %.3f < %.1f", maps.meanAbsPearson(),
                        MAP_THRESHOLD);
            }
        }
        return new RandomizationStep(k, layers, allLayers, changes, ranking, maps, mapsNote, verdict, reasons,
                mapsVerdict, mapsReason);
    }
}
