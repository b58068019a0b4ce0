package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.report.json.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code koopcredit agreement} on the bundled 81-wide network (seconds; LeNet-5 in float64 takes minutes and
 * belongs to EXPERIMENTS.md): both precisions agree with the bundled float64 reference, and the file says so.
 */
class AgreementCommandTest {
    @TempDir
    Path dir;

    @Test
    void theBundledMlpAgreesWithTheFloat64ReferenceInBothPrecisions() throws Exception {
        Path out = dir.resolve("agreement");
        CliRunner.Run r = CliRunner.run("agreement", "--models", "mlp81", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("auto: Spearman 1.000 (required >= 0.8)"), r.out());
        assertTrue(r.out().contains("every run agrees with the reference"), r.out());
        String text = Files.readString(out.resolve("agreement.json"));
        JsonSchemas.assertValid(JsonSchemas.Kind.AGREEMENT, text);
        JsonSchemas.assertSchemaOrder(JsonSchemas.Kind.AGREEMENT, text);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(2, json.path("runs").size());
        for (JsonNode run : json.path("runs")) {
            JsonNode a = run.path("agreement");
            assertTrue(a.path("agrees").asBoolean(), run.toString());
            assertTrue(a.path("spearman").asDouble() >= 0.8);
            assertEquals(4, a.path("blocks").size());
        }
    }

    @Test
    void aReferenceThatIsNotThereIsAUserError() {
        CliRunner.Run r = CliRunner.run("agreement", "--reference", dir.resolve("none.json").toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected a reference JSON file, found none"), r.err());
        assertTrue(Files.notExists(dir.resolve("o")));
    }
}
