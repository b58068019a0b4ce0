package io.koopcredit.report.validation;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.json.OptionsView;
import io.koopcredit.validation.ValidationOptions;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.ValidationTimings;
import io.koopcredit.validation.ablation.AblationAgreement;
import io.koopcredit.validation.ablation.AblationCheck;
import io.koopcredit.validation.ablation.AblationResult;
import io.koopcredit.validation.ablation.BlockAblation;
import io.koopcredit.validation.ablation.ExcludedBlock;
import io.koopcredit.validation.lesion.Damage;
import io.koopcredit.validation.lesion.Importance;
import io.koopcredit.validation.lesion.KernelLesion;
import io.koopcredit.validation.lesion.LesionAgreement;
import io.koopcredit.validation.lesion.LesionResult;
import io.koopcredit.validation.lesion.UnitLesion;
import io.koopcredit.validation.pruning.PruningCurve;
import io.koopcredit.validation.pruning.PruningPoint;
import io.koopcredit.validation.pruning.PruningResult;
import io.koopcredit.validation.randomization.BlockCreditChange;
import io.koopcredit.validation.randomization.MapSimilarity;
import io.koopcredit.validation.randomization.RandomizationResult;
import io.koopcredit.validation.randomization.RandomizationStep;
import io.koopcredit.validation.randomization.RandomizationSteps;
import io.koopcredit.validation.randomization.Verdict;
import io.koopcredit.validation.stability.BlockStability;
import io.koopcredit.validation.stability.BootstrapInterval;
import io.koopcredit.validation.stability.SamplePoint;
import io.koopcredit.validation.stability.SampleSweep;
import io.koopcredit.validation.stability.SeedStability;
import io.koopcredit.validation.stability.StabilityResult;
import io.koopcredit.validation.stability.TrialPoint;
import io.koopcredit.validation.stability.TrialSweep;
import io.koopcredit.validation.stats.CorrelationInterval;
import io.koopcredit.validation.stats.RankCorrelation;
import io.koopcredit.validation.stats.Ties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code validation.json} holds (schema: {@code docs/schema/validation.schema.json}): one record per
 * JSON object, components in the order the fields appear, each filled by its one factory. Values that are
 * undefined are null next to a {@code note} or {@code reason} saying why; log credits are natural logs.
 *
 * @param tool the tool's name
 * @param version version and commit
 * @param schema {@link #SCHEMA_VERSION}
 * @param model the model file
 * @param data where the samples came from
 * @param options the analysis options (the object of credit.json)
 * @param validation the validation's own options
 * @param credits the analysis's credits
 * @param ablation ablation agreement
 * @param randomization randomization sanity check
 * @param stability seeds, trials, bootstrap and N
 * @param lesions the lesion studies, or null
 * @param lesionsNote why lesions is null, or null
 * @param pruning the pruning check, or null
 * @param pruningNote why pruning is null, or null
 * @param timings wall-clock seconds (differ between runs)
 */
public record ValidationView(String tool, String version, int schema, ModelView model, String data,
                             OptionsView options, OptionsOfValidation validation, List<CreditView> credits,
                             AblationView ablation, RandomizationView randomization, StabilityView stability,
                             LesionsView lesions, String lesionsNote, PruningView pruning, String pruningNote,
                             TimingsView timings) {

    /** Bumped whenever a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * @param r the validation; not modified
     * @param p tool, version, preprocessing
     * @return the view
     */
    public static ValidationView of(ValidationResult r, Provenance p) {
        CreditResult a = r.analysis();
        return new ValidationView(p.tool(), p.version(), SCHEMA_VERSION,
                new ModelView(a.model().path().toString(), a.model().sha256()), a.data(),
                OptionsView.of(a.options(), p.preprocessing()), OptionsOfValidation.of(r.options()),
                a.blocks().stream().map(CreditView::of).toList(), AblationView.of(r.ablation()),
                RandomizationView.of(r.randomization()), StabilityView.of(r.stability()), LesionsView.of(r.lesions()),
                r.lesionsNote(), PruningView.of(r.pruning()), r.pruningNote(), TimingsView.of(r.timings()));
    }

    /**
     * @param path the model file
     * @param sha256 its hash
     */
    public record ModelView(String path, String sha256) {
    }

    /**
     * @param quick reduced run
     * @param seeds seeds compared
     * @param trialSweep T swept
     * @param sampleSweep N swept
     * @param bootstrapResamples resamples asked for
     * @param randomizationSteps {@code cascade} or {@code first-and-last}
     * @param ablationSamples fitting samples of the ablation statistics, or null for the analysis's N
     * @param lesions whether the lesion studies run
     * @param lesionBlocks the blocks lesioned as units, or null for every residual unit
     * @param pruningFractions the pruning fractions, or null without pruning
     * @param pruningSeeds random prunings per point, or null without pruning
     */
    public record OptionsOfValidation(boolean quick, int seeds, List<Integer> trialSweep, List<Integer> sampleSweep,
                                      int bootstrapResamples, String randomizationSteps, Integer ablationSamples,
                                      boolean lesions, List<String> lesionBlocks, List<Double> pruningFractions,
                                      Integer pruningSeeds) {
        static OptionsOfValidation of(ValidationOptions v) {
            return new OptionsOfValidation(v.quick(), v.seeds(), v.trialSweep(), v.sampleSweep(),
                    v.bootstrapResamples(),
                    v.randomizationSteps() == RandomizationSteps.CASCADE ? "cascade" : "first-and-last",
                    v.ablationSamples(), v.lesions(), v.lesionBlocks(),
                    v.pruning() == null ? null : v.pruning().fractions(),
                    v.pruning() == null ? null : v.pruning().randomSeeds());
        }
    }

    /**
     * @param block name
     * @param status ok, degenerate or failed
     * @param logCredit log credit, or null
     * @param rank singular values in it
     * @param creditRank 1 = most credit, or null
     */
    public record CreditView(String block, String status, Double logCredit, int rank, Integer creditRank) {
        static CreditView of(BlockResult b) {
            return new CreditView(b.name(), b.status().name().toLowerCase(Locale.ROOT),
                    b.credit() == null ? null : b.credit().logCredit(), b.credit() == null ? 0 : b.credit().rank(),
                    b.creditRank());
        }
    }

    /**
     * @param scoreKind accuracy or agreement
     * @param samples held-out samples
     * @param fitSamples samples of the ablation statistics
     * @param baselineScore the unablated score
     * @param note a caution, or null
     * @param tieTolerance damages closer than this tie
     * @param blocks per block, knockout and linearization
     * @param agreements rank agreement of credit with each damage
     */
    public record AblationView(String scoreKind, int samples, int fitSamples, double baselineScore, String note,
                               TieTolerance tieTolerance, List<AblationBlockView> blocks,
                               List<AgreementView> agreements) {
        static AblationView of(AblationResult r) {
            List<AblationBlockView> blocks = new ArrayList<>();
            for (int i = 0; i < r.knockout().size(); i++) {
                BlockAblation k = r.knockout().get(i);
                blocks.add(new AblationBlockView(k.block(), k.index(), DamageView.of(k),
                        DamageView.of(r.linearize().get(i))));
            }
            return new AblationView(r.scoreKind().spec(), r.samples(), r.fitSamples(), r.baselineScore(), r.note(),
                    new TieTolerance(AblationCheck.DAMAGE_TIE_RELATIVE, AblationCheck.DAMAGE_TIE_ABSOLUTE), blocks,
                    r.agreements().stream().map(AgreementView::of).toList());
        }
    }

    /**
     * @param relative relative tolerance
     * @param absolute absolute tolerance
     */
    public record TieTolerance(double relative, double absolute) {
    }

    /**
     * @param block name
     * @param index block index
     * @param knockout output replaced by its mean
     * @param linearize block replaced by its linearization
     */
    public record AblationBlockView(String block, int index, DamageView knockout, DamageView linearize) {
    }

    /**
     * @param score the score with the block ablated, or null
     * @param scoreDrop baseline minus it, or null
     * @param outputChange relative change of the logits, or null
     * @param changeSamples samples in it
     * @param note why a value is missing, or null
     */
    public record DamageView(Double score, Double scoreDrop, Double outputChange, int changeSamples, String note) {
        static DamageView of(BlockAblation b) {
            return new DamageView(b.score(), b.scoreDrop(), b.outputChange(), b.changeSamples(), b.note());
        }

        static DamageView of(Damage d) {
            return new DamageView(d.score(), d.scoreDrop(), d.outputChange(), d.changeSamples(), d.note());
        }
    }

    /**
     * @param kind knockout or linearize
     * @param measure scoreDrop or outputChange
     * @param direction what a positive coefficient means
     * @param blocks blocks compared
     * @param excluded blocks left out, with the reason
     * @param items items compared
     * @param spearman ρ, or null
     * @param kendall τ-b, or null
     * @param note why undefined, or null
     * @param damageSpread how far apart the damages are, or null
     */
    public record AgreementView(String kind, String measure, String direction, List<String> blocks,
                                List<ExcludedView> excluded, int items, Double spearman, Double kendall, String note,
                                Double damageSpread) {
        static AgreementView of(AblationAgreement a) {
            RankCorrelation c = a.correlation();
            return new AgreementView(a.kind().spec(), a.measure().spec(), a.kind().direction(), a.blocks(),
                    a.excluded().stream().map(ExcludedView::of).toList(), c.items(), c.spearman(), c.kendall(), c.note(), a.damageSpread());
        }
    }

    /**
     * @param credits pass, fail or undetermined
     * @param maps the same for the feature maps
     * @param criteria the thresholds
     * @param seed seed of the re-randomized weights
     * @param cascade layers, top first
     * @param note why there are no steps, or null
     * @param steps one per cascade step
     */
    public record RandomizationView(String credits, String maps, Criteria criteria, long seed, List<String> cascade,
                                    String note, List<StepView> steps) {
        static RandomizationView of(RandomizationResult r) {
            return new RandomizationView(verdict(r.credits()), verdict(r.maps()),
                    new Criteria(r.minChangePerDirection(), r.rankThreshold(), r.mapThreshold()), r.seed(),
                    r.cascade(), r.note(), r.steps().stream().map(StepView::of).toList());
        }
    }

    /**
     * @param minChangePerDirection a block moved if its credit changed at least this much per direction
     * @param rankThreshold ρ at or above it: the ranking survived
     * @param mapThreshold mean |r| at or above it: the maps survived
     */
    public record Criteria(double minChangePerDirection, double rankThreshold, double mapThreshold) {
    }

    /**
     * @param step from 1
     * @param layers re-randomized so far
     * @param allLayers whether every layer is
     * @param credits verdict of the step
     * @param creditReasons why
     * @param ranking rank agreement with the original credits
     * @param blocks per block
     * @param maps feature-map similarity, or null
     * @param mapsNote why maps is null, or null
     * @param mapsVerdict verdict on the maps
     * @param mapsReason why
     */
    public record StepView(int step, List<String> layers, boolean allLayers, String credits,
                           List<String> creditReasons, CorrelationView ranking, List<BlockChangeView> blocks,
                           MapsView maps, String mapsNote, String mapsVerdict, String mapsReason) {
        static StepView of(RandomizationStep s) {
            return new StepView(s.step(), s.layers(), s.allLayers(), verdict(s.credits()), s.creditReasons(),
                    CorrelationView.of(s.ranking()), s.blocks().stream().map(BlockChangeView::of).toList(), MapsView.of(s.maps()), s.mapsNote(), verdict(s.mapsVerdict()),
                    s.mapsReason());
        }
    }

    /**
     * @param classes classes compared
     * @param pearson r per class (null where undefined)
     * @param meanPearson mean r, or null
     * @param meanAbsPearson mean |r|, or null
     * @param meanSpearmanAbs mean ρ of |w|, or null
     */
    public record MapsView(int classes, List<Double> pearson, Double meanPearson, Double meanAbsPearson,
                           Double meanSpearmanAbs) {
        static MapsView of(MapSimilarity m) {
            return m == null ? null : new MapsView(m.classes(), m.pearson(), m.meanPearson(), m.meanAbsPearson(),
                    m.meanSpearmanAbs());
        }
    }

    /**
     * @param seeds across seeds, or null
     * @param seedsNote why seeds is null, or null
     * @param trials across T, or null
     * @param samples across N, or null
     * @param samplesNote why samples is null, or null
     */
    public record StabilityView(SeedsView seeds, String seedsNote, TrialsView trials, SamplesView samples,
                                String samplesNote) {
        static StabilityView of(StabilityResult r) {
            return new StabilityView(SeedsView.of(r.seeds()), r.seedsNote(), TrialsView.of(r.trials()),
                    SamplesView.of(r.samples()), r.samplesNote());
        }
    }

    /**
     * @param seeds the seeds
     * @param trials T per seed
     * @param pairs seed pairs
     * @param definedPairs pairs with a defined τ
     * @param meanPairwiseTau mean τ, or null
     * @param minPairwiseTau min τ, or null
     * @param bootstrapResamples resamples asked for
     * @param reproductionError how far the first seed is from the analysis, or null
     * @param blocks per block
     */
    public record SeedsView(List<Long> seeds, int trials, int pairs, int definedPairs, Double meanPairwiseTau,
                            Double minPairwiseTau, int bootstrapResamples, Double reproductionError,
                            List<BlockStabilityView> blocks) {
        static SeedsView of(SeedStability s) {
            return s == null ? null : new SeedsView(s.seeds(), s.trials(), s.pairs(), s.definedPairs(),
                    s.meanPairwiseTau(), s.minPairwiseTau(), s.bootstrapResamplesRequested(), s.reproductionError(),
                    s.blocks().stream().map(BlockStabilityView::of).toList());
        }
    }

    /**
     * @param block name
     * @param perSeed log credit per seed (null where none)
     * @param seedsWithCredit seeds with a credit
     * @param mean their mean, or null
     * @param std their standard deviation, or null
     * @param pooled credit of all trials pooled, or null
     * @param bootstrap percentile interval over trials, or null
     * @param note why a value is missing, or null
     */
    public record BlockStabilityView(String block, List<Double> perSeed, int seedsWithCredit, Double mean, Double std,
                                     Double pooled, BootstrapView bootstrap, String note) {
        static BlockStabilityView of(BlockStability b) {
            return new BlockStabilityView(b.block(), b.perSeed(), b.seedsWithCredit(), b.mean(), b.std(), b.pooled(),
                    BootstrapView.of(b.bootstrap()), b.note());
        }
    }

    /**
     * @param threshold τ needed for a stable ranking
     * @param trialsNeeded smallest such T, or null
     * @param note what trialsNeeded means here
     * @param pooledVsReference all trials pooled against the reference ranking
     * @param points one per T
     */
    public record TrialsView(double threshold, Integer trialsNeeded, String note, CorrelationView pooledVsReference,
                             List<TrialPointView> points) {
        static TrialsView of(TrialSweep t) {
            return t == null ? null : new TrialsView(t.threshold(), t.trialsNeeded(), t.note(),
                    CorrelationView.of(t.pooledVsReference()), t.points().stream().map(TrialPointView::of).toList());
        }
    }

    /**
     * @param analysisSamples the analysis's N
     * @param points one per N
     */
    public record SamplesView(int analysisSamples, List<SamplePointView> points) {
        static SamplesView of(SampleSweep n) {
            return n == null ? null : new SamplesView(n.analysisSamples(),
                    n.points().stream().map(SamplePointView::of).toList());
        }
    }

    /**
     * @param samples N
     * @param reused whether the analysis's own run was reused
     * @param logCredits per block (null where none)
     * @param items items compared
     * @param spearman ρ against the analysis, or null
     * @param kendall τ-b against it, or null
     * @param note why undefined, or null
     */
    public record SamplePointView(int samples, boolean reused, List<Double> logCredits, int items, Double spearman,
                                  Double kendall, String note) {
        static SamplePointView of(SamplePoint p) {
            RankCorrelation c = p.vsAnalysis();
            return new SamplePointView(p.samples(), p.reused(), p.logCredits(), c.items(), c.spearman(), c.kendall(),
                    c.note());
        }
    }

    /**
     * @param total seconds
     * @param analysis the analysis
     * @param ablation ablation
     * @param randomization randomization
     * @param seeds seeds, T and bootstrap
     * @param samples N sweep
     * @param lesions lesion studies
     * @param pruning pruning check
     * @param threads worker threads
     */
    public record TimingsView(double total, double analysis, double ablation, double randomization, double seeds,
                              double samples, double lesions, double pruning, int threads) {
        static TimingsView of(ValidationTimings t) {
            return new TimingsView(t.total(), t.analysis(), t.ablation(), t.randomization(), t.seeds(), t.samples(),
                    t.lesions(), t.pruning(), t.threads());
        }
    }

    /**
     * @param block name
     * @param reason why it is left out
     */
    public record ExcludedView(String block, String reason) {
        static ExcludedView of(ExcludedBlock e) {
            return new ExcludedView(e.block(), e.reason());
        }
    }

    /**
     * @param items items compared
     * @param spearman ρ, or null
     * @param kendall τ-b, or null
     * @param note why undefined, or null
     */
    public record CorrelationView(int items, Double spearman, Double kendall, String note) {
        static CorrelationView of(RankCorrelation c) {
            return new CorrelationView(c.items(), c.spearman(), c.kendall(), c.note());
        }
    }

    /**
     * @param block name
     * @param randomized whether its weights are re-randomized at this step
     * @param original its original log credit, or null
     * @param randomizedCredit its log credit now, or null
     * @param change the difference, or null
     * @param changePerDirection per singular value, or null
     * @param moved whether it moved enough, or null
     * @param note why a value is missing, or null
     */
    public record BlockChangeView(String block, boolean randomized, Double original, Double randomizedCredit,
                                  Double change, Double changePerDirection, Boolean moved, String note) {
        static BlockChangeView of(BlockCreditChange c) {
            return new BlockChangeView(c.block(), c.randomized(), c.original(), c.randomizedCredit(), c.change(),
                    c.changePerDirection(), c.moved(), c.note());
        }
    }

    /**
     * @param resamples resamples drawn
     * @param withCredit resamples with a credit
     * @param level confidence level
     * @param lower lower percentile
     * @param median median
     * @param upper upper percentile
     * @param estimate the credit of all trials, or null
     * @param coversEstimate whether the interval holds it
     */
    public record BootstrapView(int resamples, int withCredit, double level, double lower, double median, double upper,
                                Double estimate, boolean coversEstimate) {
        static BootstrapView of(BootstrapInterval b) {
            return b == null ? null : new BootstrapView(b.resamples(), b.withCredit(), b.level(), b.lower(), b.median(),
                    b.upper(), b.estimate(), b.coversEstimate());
        }
    }

    /**
     * @param trials T
     * @param tauPerSeed τ against the reference per seed (null where undefined)
     * @param meanTau their mean, or null
     * @param minTau their minimum, or null
     * @param meanLogCredits per block, mean over seeds (null where none)
     */
    public record TrialPointView(int trials, List<Double> tauPerSeed, Double meanTau, Double minTau,
                                 List<Double> meanLogCredits) {
        static TrialPointView of(TrialPoint p) {
            return new TrialPointView(p.trials(), p.tauPerSeed(), p.meanTau(), p.minTau(), p.meanLogCredits());
        }
    }

    /**
     * @param scoreKind accuracy or agreement
     * @param samples held-out samples
     * @param fitSamples fitting samples of the activation baselines
     * @param baselineScore the intact score
     * @param bootstrapResamples resamples of the held-out samples behind the intervals
     * @param tieTolerance damages closer than this tie
     * @param units per lesioned unit
     * @param unitsNote why there are none, or null
     * @param kernels per kernel
     * @param kernelsNote why there are none, or null
     * @param agreements per target, measure and criterion
     */
    public record LesionsView(String scoreKind, int samples, int fitSamples, double baselineScore,
                              int bootstrapResamples, TieTolerance tieTolerance, List<UnitLesionView> units,
                              String unitsNote, List<KernelLesionView> kernels, String kernelsNote,
                              List<LesionAgreementView> agreements) {
        static LesionsView of(LesionResult r) {
            return r == null ? null : new LesionsView(r.scoreKind().spec(), r.samples(), r.fitSamples(),
                    r.baselineScore(), r.resamples(), new TieTolerance(Ties.DAMAGE_RELATIVE, Ties.DAMAGE_ABSOLUTE),
                    r.units().stream().map(UnitLesionView::of).toList(), r.unitsNote(),
                    r.kernels().stream().map(KernelLesionView::of).toList(), r.kernelsNote(),
                    r.agreements().stream().map(LesionAgreementView::of).toList());
        }
    }

    /**
     * @param block name
     * @param index block index
     * @param shortcut identity or projection (layers)
     * @param branchLayers the removed branch's layers
     * @param importance credit and baselines
     * @param damage what the lesion did
     */
    public record UnitLesionView(String block, int index, String shortcut, List<String> branchLayers,
                                 ImportanceView importance, DamageView damage) {
        static UnitLesionView of(UnitLesion u) {
            return new UnitLesionView(u.block(), u.blockIndex(), u.shortcut(), u.branchLayers(),
                    ImportanceView.of(u.importance()), DamageView.of(u.damage()));
        }
    }

    /**
     * @param layer the convolution's layer
     * @param channel output channel
     * @param block the block holding it
     * @param blockIndex its index
     * @param importance credit and baselines
     * @param damage what the lesion did
     */
    public record KernelLesionView(String layer, int channel, String block, int blockIndex, ImportanceView importance,
                                   DamageView damage) {
        static KernelLesionView of(KernelLesion k) {
            return new KernelLesionView(k.layer(), k.channel(), k.block(), k.blockIndex(),
                    ImportanceView.of(k.importance()), DamageView.of(k.damage()));
        }
    }

    /**
     * @param logCredit block or kernel log credit, or null
     * @param creditNote why it is null, or null
     * @param l1Norm L1 norm of the weights
     * @param activation mean absolute activation on the fitting samples
     */
    public record ImportanceView(Double logCredit, String creditNote, double l1Norm, double activation) {
        static ImportanceView of(Importance i) {
            return new ImportanceView(i.logCredit(), i.creditNote(), i.weightL1(), i.activation());
        }
    }

    /**
     * @param target units or kernels
     * @param measure scoreDrop or outputChange
     * @param criterion credit, l1Norm or activation
     * @param scope global, or perLayer (the mean of the within-convolution coefficients)
     * @param groups convolutions averaged (1 for global)
     * @param items items compared
     * @param excluded lesions left out
     * @param spearman ρ, or null
     * @param kendall τ-b, or null
     * @param note why undefined, or null
     * @param interval bootstrap intervals over the held-out samples
     */
    public record LesionAgreementView(String target, String measure, String criterion, String scope, int groups,
                                      int items, int excluded, Double spearman, Double kendall, String note,
                                      IntervalView interval) {
        static LesionAgreementView of(LesionAgreement a) {
            RankCorrelation c = a.correlation();
            return new LesionAgreementView(a.target().spec(), a.measure().spec(), a.criterion().spec(),
                    a.scope().spec(), a.groups(), c.items(), a.excluded(), c.spearman(), c.kendall(), c.note(),
                    IntervalView.of(a.interval()));
        }
    }

    /**
     * @param resamples resamples drawn
     * @param defined resamples with a defined agreement
     * @param level confidence level
     * @param spearmanLower lower bound of ρ, or null
     * @param spearmanUpper upper bound of ρ, or null
     * @param kendallLower lower bound of τ-b, or null
     * @param kendallUpper upper bound of τ-b, or null
     * @param note why there are no bounds, or null
     */
    public record IntervalView(int resamples, int defined, double level, Double spearmanLower, Double spearmanUpper,
                               Double kendallLower, Double kendallUpper, String note) {
        static IntervalView of(CorrelationInterval i) {
            return new IntervalView(i.resamples(), i.defined(), i.level(), i.spearmanLower(), i.spearmanUpper(),
                    i.kendallLower(), i.kendallUpper(), i.note());
        }
    }

    /**
     * @param scoreKind accuracy or agreement
     * @param samples held-out samples
     * @param fitSamples fitting samples of the activation criterion
     * @param baselineScore the unpruned score
     * @param layers convolutions whose kernels are candidates
     * @param candidates candidate kernels
     * @param withoutCredit candidates without a kernel credit (ranked lowest by credit)
     * @param excluded convolutions that are not candidates, with the reason
     * @param randomSeeds random prunings per point
     * @param curves per scope and criterion
     */
    public record PruningView(String scoreKind, int samples, int fitSamples, double baselineScore, List<String> layers,
                              int candidates, int withoutCredit, List<String> excluded, int randomSeeds,
                              List<CurveView> curves) {
        static PruningView of(PruningResult r) {
            return r == null ? null : new PruningView(r.scoreKind().spec(), r.samples(), r.fitSamples(),
                    r.baselineScore(), r.layers(), r.candidates(), r.withoutCredit(), r.excluded(), r.randomSeeds(),
                    r.curves().stream().map(CurveView::of).toList());
        }
    }

    /**
     * @param scope global or perLayer
     * @param criterion credit, l1Norm, activation or random
     * @param points one per fraction
     */
    public record CurveView(String scope, String criterion, List<PointView> points) {
        static CurveView of(PruningCurve c) {
            return new CurveView(c.scope().spec(), c.criterion().spec(), c.points().stream().map(PointView::of).toList());
        }
    }

    /**
     * @param fraction fraction asked for
     * @param pruned kernels zeroed
     * @param score score of the pruned network (mean over random prunings)
     * @param scoreSd standard deviation over random prunings, or null
     * @param scoreDrop intact score minus score
     * @param outputChange mean relative output change, or null
     * @param seedScores each random pruning's score (empty otherwise)
     */
    public record PointView(double fraction, int pruned, double score, Double scoreSd, double scoreDrop,
                            Double outputChange, List<Double> seedScores) {
        static PointView of(PruningPoint p) {
            return new PointView(p.fraction(), p.pruned(), p.score(), p.scoreSd(), p.scoreDrop(), p.outputChange(),
                    p.seedScores());
        }
    }

    private static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }
}
