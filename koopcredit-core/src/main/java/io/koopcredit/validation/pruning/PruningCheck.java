package io.koopcredit.validation.pruning;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.base.Seeds;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Layer;
import io.koopcredit.model.Network;
import io.koopcredit.stats.Statistics;
import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.RankingScope;
import io.koopcredit.validation.stats.HeldOutScore;
import io.koopcredit.validation.stats.ModifiedNetworks;
import io.koopcredit.validation.stats.SampleDamage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Credit-guided pruning: rank the convolution kernels, zero the lowest k% (without fine-tuning), and measure
 * the real network on the held-out samples, for each criterion ({@link Criterion}: kernel credit, the L1
 * norm of Li et al. 2017, mean feature-map activation, and random pruning as the floor).
 *
 * <p><b>Candidates</b> are the kernels a kernel credit ranks: the output channels of the convolutions whose
 * channels are their block's output channels ({@link Convolution#blockChannels()}); every criterion ranks
 * the same candidates, so that the curves compare orders, not kernel sets. A candidate without a kernel
 * credit (its block has no operator, or its rows of K_i are zero: the operator ignores that map) counts as
 * the lowest credit, as a zero volume would.
 *
 * <p><b>Scopes</b> ({@link RankingScope}): a global ranking prunes {@code round(k · n)} of the n
 * candidates; a per-layer ranking prunes {@code round(k · C)} of each convolution's C kernels. Ties are
 * broken by network order. The kernels pruned at a larger fraction include those pruned at a smaller one
 * (also for the random orders: each random pruning takes prefixes of one seeded permutation, globally from
 * {@code Seeds.generator(seed, PRUNING_STREAM, s)}, per convolution c from
 * {@code Seeds.generator(seed, PRUNING_STREAM + 1 + c, s)}).
 */
public final class PruningCheck {

    /** Offset of the random prunings' streams, apart from every other use of the seed. */
    public static final long PRUNING_STREAM = 1L << 43;

    private PruningCheck() {
    }

    /**
     * The convolutions whose kernels can be pruned by credit, checked before any work is done.
     *
     * @param network the network; not modified
     * @param partition its partition
     * @return the convolutions whose channels a kernel credit ranks, in network order
     * @throws InvalidOptionException ({@code pruning}) if there is none
     */
    public static List<Convolution> candidates(Network network, BlockPartition partition) {
        List<Convolution> all = network.convolutions(partition);
        List<Convolution> out = all.stream().filter(Convolution::blockChannels).toList();
        if (out.isEmpty()) {
            String found = all.isEmpty() ? "no convolution (layers: " + String.join(", ",
                    network.layers().stream().map(Layer::name).toList()) + ")"
                    : "none: " + String.join("; ", all.stream().map(c -> c.layer() + ": " + c.note()).toList());
            throw new InvalidOptionException("pruning", "expected a network with convolution kernels that a kernel"
                    + " credit ranks (a block ending in a convolution's channels), found " + found);
        }
        return out;
    }

    /** One candidate kernel with its rank values. */
    private record Candidate(int index, int conv, ConvKernel kernel, double credit, double l1, double activation) {
        double value(Criterion c) {
            return switch (c) {
                case CREDIT -> credit;
                case L1_NORM -> l1;
                case ACTIVATION -> activation;
                case RANDOM -> throw new IllegalArgumentException("random ranks by no value");
            };
        }
    }

    /** The kernels of one point of one curve (for random: one pruning). */
    private record Job(RankingScope scope, Criterion criterion, int fraction, int seed, List<ConvKernel> kernels) {
    }

    /**
     * Runs the pruning check.
     *
     * @param network the network the analysis ran on; not closed, not modified
     * @param base the analysis whose kernel credits rank the kernels; not modified
     * @param data the held-out samples, and the fitting samples of the activation criterion (all of them);
     *     not modified
     * @param plan the fractions and the number of random prunings
     * @param pool where the pruned networks run; not shut down
     * @param progress hears "pruning" after every pruned network
     * @return the curves
     * @throws InvalidOptionException if the network has no candidate kernels
     */
    public static PruningResult run(Network network, CreditResult base, AnalysisData data, PruningPlan plan,
                                    ExecutorService pool, ProgressListener progress) {
        Objects.requireNonNull(plan, "plan");
        BlockPartition partition = base.partition();
        List<Convolution> convs = candidates(network, partition);
        List<String> excluded = network.convolutions(partition).stream().filter(c -> !c.blockChannels())
                .map(c -> c.layer() + ": " + c.note()).toList();
        List<double[]> activity = network.featureMapActivity(data.fit(), data.fitCount());
        List<Candidate> candidates = new ArrayList<>();
        int withoutCredit = 0;
        for (int c = 0; c < convs.size(); c++) {
            Convolution conv = convs.get(c);
            BlockResult block = base.blocks().get(conv.blockIndex());
            for (int ch = 0; ch < conv.channels(); ch++) {
                Double credit = block.kernels().isEmpty() ? null : block.kernels().get(ch).logCredit();
                withoutCredit += credit == null ? 1 : 0;
                candidates.add(new Candidate(candidates.size(), c, new ConvKernel(conv.layer(), ch),
                        credit == null ? Double.NEGATIVE_INFINITY : credit, conv.channelL1().get(ch),
                        activity.get(conv.index())[ch]));
            }
        }
        List<Job> jobs = jobs(candidates, convs, plan, base.options().seed());
        int held = data.holdoutCount();
        HeldOutScore reference = HeldOutScore.of(network.outputs(data.holdout(), held), held, data.holdoutLabels());
        List<Function<Network, Network>> modifications = new ArrayList<>();
        jobs.forEach(j -> modifications.add(n -> n.withZeroedKernels(j.kernels())));
        AtomicInteger done = new AtomicInteger();
        List<SampleDamage> damages = ModifiedNetworks.measure(network, reference, data.holdout(), modifications, pool,
                () -> progress.update("pruning", done.incrementAndGet(), jobs.size()));

        List<PruningCurve> curves = new ArrayList<>();
        for (RankingScope scope : RankingScope.values()) {
            for (Criterion criterion : Criterion.values()) {
                List<PruningPoint> points = new ArrayList<>();
                for (int f = 0; f < plan.fractions().size(); f++) {
                    List<Integer> at = new ArrayList<>();
                    for (int j = 0; j < jobs.size(); j++) {
                        Job job = jobs.get(j);
                        if (job.scope() == scope && job.criterion() == criterion && job.fraction() == f) {
                            at.add(j);
                        }
                    }
                    points.add(point(plan.fractions().get(f), jobs.get(at.get(0)).kernels().size(),
                            at.stream().map(damages::get).toList(), criterion == Criterion.RANDOM));
                }
                curves.add(new PruningCurve(scope, criterion, points));
            }
        }
        return new PruningResult(reference.kind(), held, data.fitCount(), reference.baseline(),
                convs.stream().map(Convolution::layer).toList(), candidates.size(), withoutCredit, excluded,
                plan.randomSeeds(), curves);
    }

    /** @return one point from the prunings of one fraction (one for a ranked criterion, one per seed for random) */
    private static PruningPoint point(double fraction, int pruned, List<SampleDamage> prunings, boolean random) {
        double[] scores = prunings.stream().mapToDouble(d -> d.score(null)).toArray();
        double[] drops = prunings.stream().mapToDouble(d -> d.scoreDrop(null)).toArray();
        List<Double> changes = prunings.stream().map(d -> d.outputChange(null)).toList();
        Double change = changes.contains(null) ? null
                : Statistics.mean(changes.stream().mapToDouble(Double::doubleValue).toArray());
        if (!random) {
            return new PruningPoint(fraction, pruned, scores[0], null, drops[0], change, List.of());
        }
        double mean = Statistics.mean(scores);
        double ss = 0;
        for (double s : scores) {
            ss += (s - mean) * (s - mean);
        }
        double sd = Math.sqrt(ss / (scores.length - 1));
        return new PruningPoint(fraction, pruned, mean, sd, Statistics.mean(drops), change,
                Arrays.stream(scores).boxed().toList());
    }

    /** @return every pruned network to measure: per scope, ranked criteria then random seeds, per fraction */
    private static List<Job> jobs(List<Candidate> candidates, List<Convolution> convs, PruningPlan plan, long seed) {
        List<Job> out = new ArrayList<>();
        for (RankingScope scope : RankingScope.values()) {
            for (Criterion criterion : Criterion.values()) {
                int seeds = criterion == Criterion.RANDOM ? plan.randomSeeds() : 1;
                for (int s = 0; s < seeds; s++) {
                    List<List<Candidate>> orders = orders(candidates, convs, scope, criterion, seed, s);
                    for (int f = 0; f < plan.fractions().size(); f++) {
                        double fraction = plan.fractions().get(f);
                        List<ConvKernel> kernels = new ArrayList<>();
                        for (List<Candidate> order : orders) {
                            long k = Math.round(fraction * order.size());
                            order.subList(0, (int) k).forEach(c -> kernels.add(c.kernel()));
                        }
                        out.add(new Job(scope, criterion, f, s, kernels));
                    }
                }
            }
        }
        return out;
    }

    /**
     * @return the candidates in pruning order (first pruned first): one list for the global scope, one per
     *     convolution for the per-layer scope
     */
    private static List<List<Candidate>> orders(List<Candidate> candidates, List<Convolution> convs,
                                                RankingScope scope, Criterion criterion, long seed, int s) {
        List<List<Candidate>> groups = new ArrayList<>();
        if (scope == RankingScope.GLOBAL) {
            groups.add(new ArrayList<>(candidates));
        } else {
            for (int c = 0; c < convs.size(); c++) {
                final int conv = c;
                groups.add(new ArrayList<>(candidates.stream().filter(k -> k.conv() == conv).toList()));
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            List<Candidate> group = groups.get(g);
            if (criterion == Criterion.RANDOM) {
                long stream = scope == RankingScope.GLOBAL ? PRUNING_STREAM : PRUNING_STREAM + 1 + g;
                shuffle(group, Seeds.generator(seed, stream, s));
            } else {
                group.sort(Comparator.comparingDouble((Candidate k) -> k.value(criterion))
                        .thenComparingInt(Candidate::index));
            }
        }
        return groups;
    }

    /** Fisher–Yates with the given generator. */
    private static void shuffle(List<Candidate> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Candidate t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
