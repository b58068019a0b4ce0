package io.koopcredit.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.json.JsonSchemas;
import io.koopcredit.report.validation.ValidationJson;
import io.koopcredit.validation.ablation.AblationCheck;
import io.koopcredit.validation.randomization.Verdict;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole validation on a planted chain: determinism, independence of threads, the JSON's shape. */
class ValidatorTest {

    private static final Provenance PROVENANCE = new Provenance("koopcredit", "test", "none");
    private static final int HELD = 20;

    private static AnalysisOptions faithful(int threads) {
        return AnalysisOptions.of(Estimator.faithful().samples(1).trials(3)).withHoldout(HELD).withSeed(11)
                .withThreads(threads);
    }

    private static ValidationOptions options(AnalysisOptions a) {
        return ValidationOptions.defaults(a).withSeeds(2).withSampleSweep(List.of(1, 2)).withBootstrapResamples(20);
    }

    private static JsonNode withoutTimings(String json) throws Exception {
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(json);
        assertNotNull(tree.remove("timings"), "timings are there, and separate");
        return tree;
    }

    @Test
    void sameSeedSameJsonWhateverTheThreadCount() throws Exception {
        AnalysisData data = Planted.data(2, HELD, 5, Planted.MIXED_CLASSES);
        List<String> stages = new ArrayList<>();
        ValidationResult one = Validator.run(Planted.mixed(), data, faithful(1), options(faithful(1)),
                (stage, done, total) -> stages.add(stage));
        ValidationResult again = Validator.run(Planted.mixed(), data, faithful(1), options(faithful(1)),
                ProgressListener.NONE);
        ValidationResult two = Validator.run(Planted.mixed(), data, faithful(2), options(faithful(2)),
                ProgressListener.NONE);
        String a = ValidationJson.toJson(one, PROVENANCE);
        JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, a);
        assertEquals(withoutTimings(a), withoutTimings(ValidationJson.toJson(again, PROVENANCE)));
        assertEquals(withoutTimings(a), withoutTimings(ValidationJson.toJson(two, PROVENANCE)));
        assertNotEquals(a, ValidationJson.toJson(two, PROVENANCE), "only the timings (and thread count) differ");
        for (String prefix : List.of("analysis ", "randomization 1/3 ", "seeds", "bootstrap", "N=2 ")) {
            assertTrue(stages.stream().anyMatch(s -> s.startsWith(prefix)), prefix + " in " + stages);
        }
        // Another seed gives another validation.
        AnalysisOptions other = faithful(1).withSeed(12);
        String b = ValidationJson.toJson(Validator.run(Planted.mixed(), data, other, options(other),
                ProgressListener.NONE), PROVENANCE);
        assertNotEquals(withoutTimings(a), withoutTimings(b));
    }

    @Test
    void theJsonHasTheDocumentedFieldsInOrder() throws Exception {
        AnalysisData data = Planted.data(2, HELD, 5, Planted.MIXED_CLASSES);
        ValidationResult r = Validator.run(Planted.mixed(), data, faithful(2), options(faithful(2)),
                ProgressListener.NONE);
        String json = ValidationJson.toJson(r, PROVENANCE);
        JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, json);
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(List.of("tool", "version", "schema", "model", "data", "options", "validation", "credits",
                "ablation", "randomization", "stability", "lesions", "lesionsNote", "pruning", "pruningNote", "timings"),
                names(root));
        // The planted chain has neither residual units nor convolutions: the lesion studies ran and say so.
        assertEquals("no block is one residual unit (blocks: square, dense, readout)",
                root.get("lesions").get("unitsNote").asText());
        assertEquals("the network has no convolution", root.get("lesions").get("kernelsNote").asText());
        assertEquals(Validator.NOT_ASKED_PRUNING, root.get("pruningNote").asText());
        assertEquals(List.of("scoreKind", "samples", "fitSamples", "baselineScore", "note", "tieTolerance", "blocks",
                "agreements"), names(root.get("ablation")));
        assertEquals(AblationCheck.ONE_SAMPLE, root.get("ablation").get("note").asText());
        assertEquals(List.of("credits", "maps", "criteria", "seed", "cascade", "note", "steps"),
                names(root.get("randomization")));
        assertEquals(List.of("seeds", "seedsNote", "trials", "samples", "samplesNote"), names(root.get("stability")));
        assertEquals(4, root.get("ablation").get("agreements").size(), "2 kinds x 2 measures");
        assertEquals("accuracy", root.get("ablation").get("scoreKind").asText());
        assertEquals(3, root.get("randomization").get("steps").size(), "the cascade over 3 dense layers");
        assertEquals(List.of(1, 2, 3), ints(root.get("validation").get("trialSweep")));
        JsonNode seeds = root.get("stability").get("seeds");
        assertEquals(0.0, seeds.get("reproductionError").asDouble(), 0.0);
        assertEquals(2, seeds.get("seeds").size());
        assertTrue(root.get("stability").get("seedsNote").isNull());
        assertEquals(2, root.get("stability").get("samples").get("points").size());
        assertFalse(json.contains("NaN") || json.contains("Infinity"), "no non-finite number");
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void theOneStepEstimatorSkipsSeedsAndSaysWhy() throws Exception {
        AnalysisOptions a = Planted.oneStep(20, HELD);
        ValidationOptions v = ValidationOptions.quick(a);
        assertEquals(List.of(), v.sampleSweep());
        ValidationResult r = Validator.run(Planted.linearChain(), Planted.data(20, HELD, Planted.WIDTH, false), a, v,
                ProgressListener.NONE);
        assertNull(r.stability().seeds());
        assertNull(r.stability().trials());
        assertTrue(r.stability().seedsNote().contains("deterministic"));
        assertEquals("skipped (quick validation)", r.stability().samplesNote());
        // The planted chain's only weight-bearing layer is the readout: one step, and it moves.
        assertEquals(List.of("readout"), r.randomization().cascade());
        assertEquals(Verdict.PASS, r.randomization().credits());
        String json = ValidationJson.toJson(r, PROVENANCE);
        JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, json);
        JsonNode root = new ObjectMapper().readTree(json);
        assertTrue(root.get("stability").get("seeds").isNull());
        assertEquals("agreement", root.get("ablation").get("scoreKind").asText());
    }

    @Test
    void tooFewFittingSamplesIsAUserError() {
        AnalysisOptions a = faithful(1);
        InputException e = assertThrows(InputException.class, () -> Validator.run(Planted.mixed(),
                Planted.data(1, HELD, 5, false), a, options(a).withSampleSweep(List.of(1, 4)), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("expected at least 4 fitting samples") && e.getMessage().contains("found 1"),
                e.getMessage());
        InputException seeds = assertThrows(InputException.class, () -> options(a).withSeeds(1));
        assertEquals("seeds: expected 2..100, found 1", seeds.getMessage());
        assertThrows(InputException.class, () -> options(a).withSampleSweep(List.of(4, 2)));
        InputException ablation = assertThrows(InputException.class, () -> Validator.run(Planted.mixed(),
                Planted.data(2, HELD, 5, false), a, options(a).withAblationSamples(3), ProgressListener.NONE));
        assertTrue(ablation.getMessage().contains("expected at least 3 fitting samples"), ablation.getMessage());
    }

    @Test
    void defaultSweepsFollowTheEstimator() {
        assertEquals(List.of(1, 2, 4), ValidationOptions.defaults(AnalysisOptions.defaults()).sampleSweep());
        assertEquals(List.of(1, 2, 5, 10), ValidationOptions.defaults(AnalysisOptions.defaults()).trialSweep());
        assertEquals(List.of(500, 1000, 2000), ValidationOptions.defaults(AnalysisOptions.forEstimator(
                io.koopcredit.koopman.EstimatorKind.ONE_STEP)).sampleSweep());
        assertEquals(List.of(1, 2, 5, 10, 20, 25), ValidationOptions.trialSweep(25));
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
