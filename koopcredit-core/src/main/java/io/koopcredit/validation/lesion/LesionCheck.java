package io.koopcredit.validation.lesion;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.KernelCredit;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.ResidualUnit;
import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.HeldOutScore;
import io.koopcredit.validation.stats.ModifiedNetworks;
import io.koopcredit.validation.stats.RankingScope;
import io.koopcredit.validation.stats.ResampledAgreement;
import io.koopcredit.validation.stats.SampleDamage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Lesion studies: does credit predict what matters when a part of the network is removed?
 *
 * <p><b>Unit lesions.</b> Every block that is one residual unit ({@link Network#residualUnit}) loses its
 * branch: the block computes what follows its joining Add on the shortcut alone ({@code ReLU(x)} for an
 * identity shortcut, {@code ReLU(proj(x))} for a projection), as in Veit et al. (2016, "Residual Networks
 * Behave Like Ensembles of Relatively Shallow Networks"). Its block credit predicts the damage.
 *
 * <p><b>Kernel lesions.</b> Every output channel of every convolution is zeroed (weights and bias), one at
 * a time. The kernel credit of channel c of a block ranks channel c of each convolution whose channels
 * are the block's output channels ({@link Convolution#blockChannels()}): the stem, the last convolution of
 * each residual branch and each projection; a convolution whose channels a later convolution of its block
 * mixes (the first convolution of a residual branch) has no kernel credit, is lesioned all the same, and
 * is left out of the agreement.
 *
 * <p>Damage is measured on the real network (ONNX Runtime) on the held-out samples: the drop in score and
 * the mean relative change of the outputs. Each criterion ({@link Criterion#ranked()}) is then compared
 * with each damage order over the same items by Spearman's ρ and Kendall's τ-b, for kernels both over all
 * of them and within each convolution (the mean of the within-convolution coefficients: layers differ in
 * map size and depth, and a criterion can order the layers without ordering the kernels of any one), with
 * bootstrap intervals over the held-out samples ({@link ResampledAgreement}; streams {@link #UNIT_STREAM} and
 * {@link #KERNEL_STREAM}). Lesions run in parallel; every number is independent of the thread count.
 */
public final class LesionCheck {

    /** Offset of the unit lesions' bootstrap streams, apart from the estimators', randomization's and stability's. */
    public static final long UNIT_STREAM = 1L << 42;

    /** Offset of the kernel lesions' bootstrap streams. */
    public static final long KERNEL_STREAM = UNIT_STREAM + 1;

    /** Samples per pass when the activation baselines are measured (bounds the memory of one pass). */
    static final int CHUNK = 256;

    private LesionCheck() {
    }

    /**
     * What to lesion.
     *
     * @param unitBlocks the blocks to lesion as units, or null for every block that is one residual unit
     * @param resamples bootstrap resamples of the held-out samples
     * @param seed the seed of the bootstrap
     */
    public record Plan(List<String> unitBlocks, int resamples, long seed) {
        /**
         * Validates and copies.
         *
         * @param unitBlocks the record's {@code unitBlocks} (copied; not modified)
         * @param resamples the record's {@code resamples}
         * @param seed the record's {@code seed}
         */
        public Plan {
            unitBlocks = unitBlocks == null ? null : List.copyOf(unitBlocks);
            if (resamples < 0) {
                throw new IllegalArgumentException("resamples must be >= 0, found " + resamples);
            }
        }
    }

    /**
     * The blocks a plan lesions as units, checked before any work is done.
     *
     * @param network the network; not modified
     * @param partition its partition
     * @param unitBlocks block names, or null for every residual unit
     * @return the units, in network order
     * @throws InputException if a named block is not a block of the partition or not a
     *     residual unit (the message says which and why)
     */
    public static List<ResidualUnit> units(Network network, BlockPartition partition, List<String> unitBlocks) {
        List<ResidualUnit> out = new ArrayList<>();
        if (unitBlocks == null) {
            for (Block b : partition.blocks()) {
                network.residualUnit(b).ifPresent(out::add);
            }
            return out;
        }
        List<String> names = partition.blocks().stream().map(Block::name).toList();
        for (String name : unitBlocks) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new InvalidOptionException("lesionBlocks", "expected blocks of the partition ("
                        + String.join(", ", names) + "), found '" + name + "'");
            }
            try {
                out.add(network.requireResidualUnit(partition.block(i)));
            } catch (InvalidOptionException e) {
                throw e;
            } catch (InputException e) {
                throw new InvalidOptionException("lesionBlocks", e.getMessage());
            }
        }
        out.sort((a, b) -> Integer.compare(a.blockIndex(), b.blockIndex()));
        return out;
    }

    /**
     * Runs the lesion studies.
     *
     * @param network the network the analysis ran on; not closed, not modified
     * @param base the analysis whose credits are checked; not modified
     * @param data the held-out samples, and the fitting samples of the activation baselines (all of them); not
     *     modified
     * @param plan what to lesion
     * @param pool where the lesioned networks run; not shut down
     * @param progress hears "lesions" after every lesion
     * @return the lesions and the agreements
     */
    public static LesionResult run(Network network, CreditResult base, AnalysisData data, Plan plan,
                                   ExecutorService pool, ProgressListener progress) {
        Objects.requireNonNull(base, "base");
        BlockPartition partition = base.partition();
        if (!network.partition(base.options().blocks()).equals(partition)) {
            throw new IllegalArgumentException("the network's partition differs from the analysis's");
        }
        List<ResidualUnit> units = units(network, partition, plan.unitBlocks());
        List<Convolution> convs = network.convolutions(partition);
        int held = data.holdoutCount();
        HeldOutScore reference = HeldOutScore.of(network.outputs(data.holdout(), held), held, data.holdoutLabels());

        double[] blockActivity = blockActivity(network, partition, data, units);
        List<double[]> mapActivity = convs.isEmpty() ? List.of() : network.featureMapActivity(data.fit(),
                data.fitCount());

        List<Function<Network, Network>> lesions = new ArrayList<>();
        for (ResidualUnit u : units) {
            Block b = partition.block(u.blockIndex());
            lesions.add(n -> n.withUnitLesion(b));
        }
        List<ConvKernel> kernels = new ArrayList<>();
        for (Convolution c : convs) {
            for (int ch = 0; ch < c.channels(); ch++) {
                ConvKernel k = new ConvKernel(c.layer(), ch);
                kernels.add(k);
                lesions.add(n -> n.withZeroedKernels(List.of(k)));
            }
        }
        AtomicInteger done = new AtomicInteger();
        int total = lesions.size();
        List<SampleDamage> damages = ModifiedNetworks.measure(network, reference, data.holdout(), lesions, pool,
                () -> progress.update("lesions", done.incrementAndGet(), total));

        List<UnitLesion> unitLesions = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            ResidualUnit unit = units.get(u);
            BlockResult b = base.blocks().get(unit.blockIndex());
            Importance importance = new Importance(b.credit() == null ? null : b.credit().logCredit(),
                    b.credit() == null ? "no block credit (" + b.status().name().toLowerCase(Locale.ROOT) + ": "
                            + b.reason() + ")" : null, unit.weightL1(), blockActivity[unit.blockIndex()]);
            unitLesions.add(new UnitLesion(unit.block(), unit.blockIndex(), unit.shortcut(), unit.branchLayers(),
                    importance, Damage.of(damages.get(u))));
        }
        List<KernelLesion> kernelLesions = new ArrayList<>();
        int k = 0;
        for (int c = 0; c < convs.size(); c++) {
            Convolution conv = convs.get(c);
            for (int ch = 0; ch < conv.channels(); ch++, k++) {
                Importance importance = kernelImportance(base, conv, ch, mapActivity.get(c)[ch]);
                kernelLesions.add(new KernelLesion(conv.layer(), ch, conv.block(), conv.blockIndex(), importance,
                        Damage.of(damages.get(units.size() + k))));
            }
        }

        List<LesionAgreement> agreements = new ArrayList<>();
        if (!units.isEmpty()) {
            agreements.addAll(agreements(LesionTarget.UNITS, RankingScope.GLOBAL,
                    unitLesions.stream().map(UnitLesion::importance).toList(), null,
                    damages.subList(0, units.size()), held, plan.resamples(), plan.seed(), UNIT_STREAM));
        }
        if (!kernels.isEmpty()) {
            List<Importance> importance = kernelLesions.stream().map(KernelLesion::importance).toList();
            List<SampleDamage> kernelDamages = damages.subList(units.size(), damages.size());
            int[] layers = new int[kernelLesions.size()];
            List<String> names = convs.stream().map(Convolution::layer).toList();
            for (int i = 0; i < layers.length; i++) {
                layers[i] = names.indexOf(kernelLesions.get(i).layer());
            }
            for (RankingScope scope : RankingScope.values()) {
                agreements.addAll(agreements(LesionTarget.KERNELS, scope, importance,
                        scope == RankingScope.GLOBAL ? null : layers, kernelDamages, held, plan.resamples(),
                        plan.seed(), KERNEL_STREAM));
            }
        }
        String unitsNote = units.isEmpty() ? "no block is one residual unit (blocks: " + String.join(", ",
                partition.blocks().stream().map(Block::name).toList()) + ")" : null;
        String kernelsNote = convs.isEmpty() ? "the network has no convolution" : null;
        return new LesionResult(reference.kind(), held, data.fitCount(), reference.baseline(), plan.resamples(),
                unitLesions, unitsNote, kernelLesions, kernelsNote, agreements);
    }

    /** @return the kernel credit of a convolution's channel (or why it has none) and its baselines */
    private static Importance kernelImportance(CreditResult base, Convolution conv, int channel, double activity) {
        double l1 = conv.channelL1().get(channel);
        if (!conv.blockChannels()) {
            return new Importance(null, "no kernel credit: " + conv.note(), l1, activity);
        }
        BlockResult b = base.blocks().get(conv.blockIndex());
        if (b.kernels().isEmpty()) {
            String why = b.credit() == null ? b.status().name().toLowerCase(Locale.ROOT) + ": " + b.reason()
                    : "the block has no kernel credits";
            return new Importance(null, "no kernel credit: block " + b.name() + " (" + why + ")", l1, activity);
        }
        KernelCredit kc = b.kernels().get(channel);
        return kc.logCredit() == null
                ? new Importance(null, "no kernel credit: the rows of K_i for this channel are zero", l1, activity)
                : new Importance(kc.logCredit(), null, l1, activity);
    }

    /**
     * @return per damage measure and ranked criterion, the agreement over the items with a credit and a defined
     *     damage (the same items for every criterion)
     */
    private static List<LesionAgreement> agreements(LesionTarget target, RankingScope scope, List<Importance> items,
                                                    int[] groups, List<SampleDamage> damages, int held,
                                                    int resamples, long seed, long stream) {
        List<LesionAgreement> out = new ArrayList<>();
        for (DamageMeasure measure : DamageMeasure.values()) {
            List<Integer> used = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).logCredit() != null && damages.get(i).damage(measure, null) != null) {
                    used.add(i);
                }
            }
            List<double[]> orderings = new ArrayList<>();
            for (Criterion c : Criterion.ranked()) {
                orderings.add(used.stream().mapToDouble(i -> items.get(i).value(c)).toArray());
            }
            int[] usedGroups = groups == null ? null : used.stream().mapToInt(i -> groups[i]).toArray();
            List<ResampledAgreement.Agreement> a = ResampledAgreement.of(orderings,
                    used.stream().map(damages::get).toList(), usedGroups, measure, held, resamples, seed, stream);
            for (int c = 0; c < orderings.size(); c++) {
                out.add(new LesionAgreement(target, measure, Criterion.ranked().get(c), scope, a.get(c).groups(),
                        items.size() - used.size(), a.get(c).correlation(), a.get(c).interval()));
            }
        }
        return out;
    }

    /**
     * @return per block, the mean absolute value of its output over the fitting samples (0 for blocks that are
     *     not lesioned; only the units' blocks are measured)
     */
    private static double[] blockActivity(Network network, BlockPartition partition, AnalysisData data,
                                          List<ResidualUnit> units) {
        double[] out = new double[partition.size()];
        if (units.isEmpty()) {
            return out;
        }
        int size = data.sampleSize();
        try (PartitionedNetwork pn = network.compile(partition)) {
            for (int from = 0; from < data.fitCount(); from += CHUNK) {
                int n = Math.min(CHUNK, data.fitCount() - from);
                BlockActivations a = pn.activations(Arrays.copyOfRange(data.fit(), from * size, (from + n) * size), n);
                for (ResidualUnit u : units) {
                    for (double v : a.output(u.blockIndex())) {
                        out[u.blockIndex()] += Math.abs(v);
                    }
                }
            }
        }
        for (ResidualUnit u : units) {
            out[u.blockIndex()] /= (double) data.fitCount() * partition.block(u.blockIndex()).nOut();
        }
        return out;
    }
}
