package io.koopcredit.report.validation;

import static io.koopcredit.report.JsonFields.integer;
import static io.koopcredit.report.JsonFields.ints;
import static io.koopcredit.report.JsonFields.number;
import static io.koopcredit.report.JsonFields.numbers;
import static io.koopcredit.report.JsonFields.options;
import static io.koopcredit.report.JsonFields.string;
import static io.koopcredit.report.JsonFields.strings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.report.Provenance;
import io.koopcredit.validation.AblationAgreement;
import io.koopcredit.validation.AblationCheck;
import io.koopcredit.validation.AblationResult;
import io.koopcredit.validation.BlockAblation;
import io.koopcredit.validation.BlockCreditChange;
import io.koopcredit.validation.BlockStability;
import io.koopcredit.validation.BootstrapInterval;
import io.koopcredit.validation.ExcludedBlock;
import io.koopcredit.validation.MapSimilarity;
import io.koopcredit.validation.RandomizationResult;
import io.koopcredit.validation.RandomizationStep;
import io.koopcredit.validation.RandomizationSteps;
import io.koopcredit.validation.RankCorrelation;
import io.koopcredit.validation.SamplePoint;
import io.koopcredit.validation.SampleSweep;
import io.koopcredit.validation.SeedStability;
import io.koopcredit.validation.StabilityResult;
import io.koopcredit.validation.TrialPoint;
import io.koopcredit.validation.TrialSweep;
import io.koopcredit.validation.ValidationOptions;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.ValidationTimings;
import io.koopcredit.validation.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code validation.json}. Fields appear in the fixed order below and numbers in Java's shortest
 * round-trip form, so the same validation gives the same bytes; only {@code timings} differs between runs.
 * Values that are undefined are {@code null}, next to a {@code note} or {@code reason} saying why; no
 * number is ever NaN or infinite. Log credits are natural logarithms.
 *
 * <pre>
 * {
 *   "tool", "version", "schema": 1,
 *   "model": {"path", "sha256"},
 *   "data": where the samples came from,
 *   "options": the analysis options {"estimator", "samples", "holdout", "trials", "seed", "rank",
 *       "alignment", "steps" ("2d" or a number), "affine", "blocks", "keepSoftmax", "shortcutCycles",
 *       "creditTolerance", "preprocessing"} (the same object as in credit.json),
 *   "validation": {"quick", "seeds", "trialSweep": [T...], "sampleSweep": [N...], "bootstrapResamples",
 *       "randomizationSteps": "cascade" | "first-and-last", "ablationSamples": N | null (the analysis's N)},
 *   "credits": [{"block", "status": "ok" | "degenerate" | "failed", "logCredit", "rank", "creditRank"}],
 *   "ablation": {
 *     "scoreKind": "accuracy" | "agreement", "samples", "fitSamples", "baselineScore", "note",
 *     "tieTolerance": {"relative", "absolute"},
 *     "blocks": [{"block", "index",
 *       "knockout": {"score", "scoreDrop", "outputChange", "changeSamples", "note"},
 *       "linearize": {the same}}],
 *     "agreements": [{"kind": "knockout" | "linearize", "measure": "scoreDrop" | "outputChange",
 *       "direction": what a positive coefficient means, "blocks": [names], "excluded": [{"block", "reason"}],
 *       "items", "spearman", "kendall", "note", "damageSpread"}]
 *   },
 *   "randomization": {
 *     "credits": "pass" | "fail" | "undetermined", "maps": the same,
 *     "criteria": {"minChangePerDirection", "rankThreshold", "mapThreshold"},
 *     "seed", "cascade": [layers, top first], "note",
 *     "steps": [{"step", "layers": [...], "allLayers", "credits", "creditReasons": [...],
 *       "ranking": {"items", "spearman", "kendall", "note"},
 *       "blocks": [{"block", "randomized", "original", "randomizedCredit", "change", "changePerDirection",
 *         "moved", "note"}],
 *       "maps": {"classes", "pearson": [per class], "meanPearson", "meanAbsPearson", "meanSpearmanAbs"} | null,
 *       "mapsNote", "mapsVerdict", "mapsReason"}]
 *   },
 *   "stability": {
 *     "seeds": {"seeds": [...], "trials", "pairs", "definedPairs", "meanPairwiseTau", "minPairwiseTau",
 *       "bootstrapResamples", "reproductionError",
 *       "blocks": [{"block", "perSeed": [...], "seedsWithCredit", "mean", "std", "pooled",
 *         "bootstrap": {"resamples", "withCredit", "level", "lower", "median", "upper", "estimate",
 *           "coversEstimate"} | null, "note"}]} | null,
 *     "seedsNote",
 *     "trials": {"threshold", "trialsNeeded", "note",
 *       "pooledVsReference": {"items", "spearman", "kendall", "note"},
 *       "points": [{"trials", "tauPerSeed": [...], "meanTau",
 *       "minTau", "meanLogCredits": [per block]}]} | null,
 *     "samples": {"analysisSamples", "points": [{"samples", "reused", "logCredits": [...], "items",
 *       "spearman", "kendall", "note"}]} | null,
 *     "samplesNote"
 *   },
 *   "timings": {"total", "analysis", "ablation", "randomization", "seeds", "samples", "threads"}
 * }
 * </pre>
 */
public final class ValidationJson {
    /** Bumped whenever a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    /** The file name the command writes. */
    public static final String FILE_NAME = "validation.json";

    private ValidationJson() {
    }

    /**
     * @param result the validation
     * @param provenance tool, version, preprocessing
     * @return the JSON text, ending in a newline
     */
    public static String toJson(ValidationResult result, Provenance provenance) {
        StringWriter w = new StringWriter();
        write(result, provenance, w);
        return w.toString();
    }

    /**
     * @param result the validation
     * @param provenance tool, version, preprocessing
     * @param out where the JSON goes; not closed
     */
    public static void write(ValidationResult result, Provenance provenance, Writer out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            CreditResult a = result.analysis();
            g.writeStartObject();
            g.writeStringField("tool", provenance.tool());
            g.writeStringField("version", provenance.version());
            g.writeNumberField("schema", SCHEMA_VERSION);
            g.writeObjectFieldStart("model");
            g.writeStringField("path", a.model().path().toString());
            g.writeStringField("sha256", a.model().sha256());
            g.writeEndObject();
            g.writeStringField("data", a.data());
            options(g, a.options(), provenance);
            validation(g, result.options());
            credits(g, a);
            ablation(g, result.ablation());
            randomization(g, result.randomization());
            stability(g, result.stability());
            timings(g, result.timings());
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private static void validation(JsonGenerator g, ValidationOptions v) throws IOException {
        g.writeObjectFieldStart("validation");
        g.writeBooleanField("quick", v.quick());
        g.writeNumberField("seeds", v.seeds());
        ints(g, "trialSweep", v.trialSweep());
        ints(g, "sampleSweep", v.sampleSweep());
        g.writeNumberField("bootstrapResamples", v.bootstrapResamples());
        g.writeStringField("randomizationSteps", v.randomizationSteps() == RandomizationSteps.CASCADE ? "cascade"
                : "first-and-last");
        integer(g, "ablationSamples", v.ablationSamples());
        g.writeEndObject();
    }

    private static void credits(JsonGenerator g, CreditResult a) throws IOException {
        g.writeArrayFieldStart("credits");
        for (BlockResult b : a.blocks()) {
            g.writeStartObject();
            g.writeStringField("block", b.name());
            g.writeStringField("status", b.status().name().toLowerCase(Locale.ROOT));
            number(g, "logCredit", b.credit() == null ? null : b.credit().logCredit());
            g.writeNumberField("rank", b.credit() == null ? 0 : b.credit().rank());
            integer(g, "creditRank", b.creditRank());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void ablation(JsonGenerator g, AblationResult r) throws IOException {
        g.writeObjectFieldStart("ablation");
        g.writeStringField("scoreKind", r.scoreKind().spec());
        g.writeNumberField("samples", r.samples());
        g.writeNumberField("fitSamples", r.fitSamples());
        g.writeNumberField("baselineScore", r.baselineScore());
        string(g, "note", r.note());
        g.writeObjectFieldStart("tieTolerance");
        g.writeNumberField("relative", AblationCheck.DAMAGE_TIE_RELATIVE);
        g.writeNumberField("absolute", AblationCheck.DAMAGE_TIE_ABSOLUTE);
        g.writeEndObject();
        g.writeArrayFieldStart("blocks");
        for (int i = 0; i < r.knockout().size(); i++) {
            g.writeStartObject();
            g.writeStringField("block", r.knockout().get(i).block());
            g.writeNumberField("index", r.knockout().get(i).index());
            ablationEntry(g, "knockout", r.knockout().get(i));
            ablationEntry(g, "linearize", r.linearize().get(i));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("agreements");
        for (AblationAgreement a : r.agreements()) {
            g.writeStartObject();
            g.writeStringField("kind", a.kind().spec());
            g.writeStringField("measure", a.measure().spec());
            g.writeStringField("direction", a.kind().direction());
            strings(g, "blocks", a.blocks());
            g.writeArrayFieldStart("excluded");
            for (ExcludedBlock e : a.excluded()) {
                g.writeStartObject();
                g.writeStringField("block", e.block());
                g.writeStringField("reason", e.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            correlationFields(g, a.correlation());
            number(g, "damageSpread", a.damageSpread());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void ablationEntry(JsonGenerator g, String field, BlockAblation b) throws IOException {
        g.writeObjectFieldStart(field);
        number(g, "score", b.score());
        number(g, "scoreDrop", b.scoreDrop());
        number(g, "outputChange", b.outputChange());
        g.writeNumberField("changeSamples", b.changeSamples());
        string(g, "note", b.note());
        g.writeEndObject();
    }

    private static void randomization(JsonGenerator g, RandomizationResult r) throws IOException {
        g.writeObjectFieldStart("randomization");
        g.writeStringField("credits", verdict(r.credits()));
        g.writeStringField("maps", verdict(r.maps()));
        g.writeObjectFieldStart("criteria");
        g.writeNumberField("minChangePerDirection", r.minChangePerDirection());
        g.writeNumberField("rankThreshold", r.rankThreshold());
        g.writeNumberField("mapThreshold", r.mapThreshold());
        g.writeEndObject();
        g.writeNumberField("seed", r.seed());
        strings(g, "cascade", r.cascade());
        string(g, "note", r.note());
        g.writeArrayFieldStart("steps");
        for (RandomizationStep s : r.steps()) {
            g.writeStartObject();
            g.writeNumberField("step", s.step());
            strings(g, "layers", s.layers());
            g.writeBooleanField("allLayers", s.allLayers());
            g.writeStringField("credits", verdict(s.credits()));
            strings(g, "creditReasons", s.creditReasons());
            g.writeObjectFieldStart("ranking");
            correlationFields(g, s.ranking());
            g.writeEndObject();
            g.writeArrayFieldStart("blocks");
            for (BlockCreditChange c : s.blocks()) {
                g.writeStartObject();
                g.writeStringField("block", c.block());
                g.writeBooleanField("randomized", c.randomized());
                number(g, "original", c.original());
                number(g, "randomizedCredit", c.randomizedCredit());
                number(g, "change", c.change());
                number(g, "changePerDirection", c.changePerDirection());
                if (c.moved() == null) {
                    g.writeNullField("moved");
                } else {
                    g.writeBooleanField("moved", c.moved());
                }
                string(g, "note", c.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            maps(g, s.maps());
            string(g, "mapsNote", s.mapsNote());
            g.writeStringField("mapsVerdict", verdict(s.mapsVerdict()));
            g.writeStringField("mapsReason", s.mapsReason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void maps(JsonGenerator g, MapSimilarity m) throws IOException {
        if (m == null) {
            g.writeNullField("maps");
            return;
        }
        g.writeObjectFieldStart("maps");
        g.writeNumberField("classes", m.classes());
        numbers(g, "pearson", m.pearson());
        number(g, "meanPearson", m.meanPearson());
        number(g, "meanAbsPearson", m.meanAbsPearson());
        number(g, "meanSpearmanAbs", m.meanSpearmanAbs());
        g.writeEndObject();
    }

    private static void stability(JsonGenerator g, StabilityResult r) throws IOException {
        g.writeObjectFieldStart("stability");
        SeedStability s = r.seeds();
        if (s == null) {
            g.writeNullField("seeds");
        } else {
            g.writeObjectFieldStart("seeds");
            g.writeArrayFieldStart("seeds");
            for (long seed : s.seeds()) {
                g.writeNumber(seed);
            }
            g.writeEndArray();
            g.writeNumberField("trials", s.trials());
            g.writeNumberField("pairs", s.pairs());
            g.writeNumberField("definedPairs", s.definedPairs());
            number(g, "meanPairwiseTau", s.meanPairwiseTau());
            number(g, "minPairwiseTau", s.minPairwiseTau());
            g.writeNumberField("bootstrapResamples", s.bootstrapResamplesRequested());
            number(g, "reproductionError", s.reproductionError());
            g.writeArrayFieldStart("blocks");
            for (BlockStability b : s.blocks()) {
                g.writeStartObject();
                g.writeStringField("block", b.block());
                numbers(g, "perSeed", b.perSeed());
                g.writeNumberField("seedsWithCredit", b.seedsWithCredit());
                number(g, "mean", b.mean());
                number(g, "std", b.std());
                number(g, "pooled", b.pooled());
                bootstrap(g, b.bootstrap());
                string(g, "note", b.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        string(g, "seedsNote", r.seedsNote());
        TrialSweep t = r.trials();
        if (t == null) {
            g.writeNullField("trials");
        } else {
            g.writeObjectFieldStart("trials");
            g.writeNumberField("threshold", t.threshold());
            integer(g, "trialsNeeded", t.trialsNeeded());
            g.writeStringField("note", t.note());
            g.writeObjectFieldStart("pooledVsReference");
            correlationFields(g, t.pooledVsReference());
            g.writeEndObject();
            g.writeArrayFieldStart("points");
            for (TrialPoint p : t.points()) {
                g.writeStartObject();
                g.writeNumberField("trials", p.trials());
                numbers(g, "tauPerSeed", p.tauPerSeed());
                number(g, "meanTau", p.meanTau());
                number(g, "minTau", p.minTau());
                numbers(g, "meanLogCredits", p.meanLogCredits());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        SampleSweep n = r.samples();
        if (n == null) {
            g.writeNullField("samples");
        } else {
            g.writeObjectFieldStart("samples");
            g.writeNumberField("analysisSamples", n.analysisSamples());
            g.writeArrayFieldStart("points");
            for (SamplePoint p : n.points()) {
                g.writeStartObject();
                g.writeNumberField("samples", p.samples());
                g.writeBooleanField("reused", p.reused());
                numbers(g, "logCredits", p.logCredits());
                correlationFields(g, p.vsAnalysis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        string(g, "samplesNote", r.samplesNote());
        g.writeEndObject();
    }

    private static void bootstrap(JsonGenerator g, BootstrapInterval b) throws IOException {
        if (b == null) {
            g.writeNullField("bootstrap");
            return;
        }
        g.writeObjectFieldStart("bootstrap");
        g.writeNumberField("resamples", b.resamples());
        g.writeNumberField("withCredit", b.withCredit());
        g.writeNumberField("level", b.level());
        g.writeNumberField("lower", b.lower());
        g.writeNumberField("median", b.median());
        g.writeNumberField("upper", b.upper());
        number(g, "estimate", b.estimate());
        g.writeBooleanField("coversEstimate", b.coversEstimate());
        g.writeEndObject();
    }

    private static void timings(JsonGenerator g, ValidationTimings t) throws IOException {
        g.writeObjectFieldStart("timings");
        g.writeNumberField("total", t.total());
        g.writeNumberField("analysis", t.analysis());
        g.writeNumberField("ablation", t.ablation());
        g.writeNumberField("randomization", t.randomization());
        g.writeNumberField("seeds", t.seeds());
        g.writeNumberField("samples", t.samples());
        g.writeNumberField("threads", t.threads());
        g.writeEndObject();
    }

    private static void correlationFields(JsonGenerator g, RankCorrelation c) throws IOException {
        g.writeNumberField("items", c.items());
        number(g, "spearman", c.spearman());
        number(g, "kendall", c.kendall());
        string(g, "note", c.note());
    }

    private static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }







}
