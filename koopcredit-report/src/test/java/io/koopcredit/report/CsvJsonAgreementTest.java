package io.koopcredit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.KernelCredit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import io.koopcredit.report.json.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** credit.json, credits.csv and feature-weights.csv written for one result carry the same values, exactly. */
class CsvJsonAgreementTest {
    private static final Provenance PROVENANCE = new Provenance("koopcredit", "test", "none");

    @TempDir
    Path dir;

    @Test
    void convNetwork() throws IOException {
        check(ReportFixtures.conv());
    }

    @Test
    void blockWithoutCredit() throws IOException {
        check(ReportFixtures.dead());
    }

    private void check(CreditResult r) throws IOException {
        Reports.write(dir, r, PROVENANCE, EnumSet.of(ReportFormat.JSON, ReportFormat.CSV));
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, dir.resolve("credit.json"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("credit.json").toFile());
        List<List<String>> csv = ReportFiles.csv(ReportFiles.read(dir.resolve("credits.csv")));
        List<String> header = csv.get(0);
        assertEquals(List.of(CreditCsv.HEADER.split(",")), header);
        List<List<String>> blockRows = new ArrayList<>();
        List<List<String>> kernelRows = new ArrayList<>();
        for (List<String> row : csv.subList(1, csv.size())) {
            assertEquals(header.size(), row.size(), row.toString());
            (row.get(0).equals("block") ? blockRows : kernelRows).add(row);
        }
        JsonNode blocks = json.get("blocks");
        assertEquals(r.blocks().size(), blocks.size());
        assertEquals(blocks.size(), blockRows.size());
        int kernels = 0;
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            List<String> row = blockRows.get(i);
            BlockResult expected = r.blocks().get(i);
            assertEquals(b.get("name").asText(), cell(header, row, "block"));
            assertEquals(expected.name(), b.get("name").asText());
            assertEquals(b.get("kind").asText(), cell(header, row, "kind"));
            assertEquals(b.get("nIn").asInt(), Integer.parseInt(cell(header, row, "nIn")));
            assertEquals(b.get("nOut").asInt(), Integer.parseInt(cell(header, row, "nOut")));
            assertEquals(b.get("status").asText(), cell(header, row, "status"));
            assertEquals(expected.status().name().toLowerCase(Locale.ROOT), b.get("status").asText());
            same(b.get("logCredit"), cell(header, row, "logCredit"),
                    expected.credit() == null ? null : expected.credit().logCredit());
            same(b.get("logCreditPerDim"), cell(header, row, "logCreditPerDim"),
                    expected.credit() == null ? null : expected.credit().logCreditPerDim());
            assertEquals(b.get("rank").asInt(), Integer.parseInt(cell(header, row, "rank")));
            sameInt(b.get("creditRank"), cell(header, row, "creditRank"), expected.creditRank());
            same(b.get("logSensitivity"), cell(header, row, "logSensitivity"),
                    expected.sensitivity().logSensitivity());
            assertEquals(b.get("snapshotRank").asInt(), Integer.parseInt(cell(header, row, "snapshotRank")));
            same(b.get("snapshotCondition"), cell(header, row, "snapshotCondition"), expected.snapshotCondition());
            same(b.get("fidelity"), cell(header, row, "fidelity"),
                    expected.fidelity() == null ? null : expected.fidelity().median());
            same(b.get("fidelityP90"), cell(header, row, "fidelityP90"),
                    expected.fidelity() == null ? null : expected.fidelity().p90());
            JsonNode ks = b.get("kernels");
            assertEquals(expected.kernels().size(), ks.size());
            for (int k = 0; k < ks.size(); k++) {
                List<String> krow = kernelRows.get(kernels++);
                KernelCredit kc = expected.kernels().get(k);
                assertEquals(expected.name(), cell(header, krow, "block"));
                assertEquals(ks.get(k).get("channel").asInt(), Integer.parseInt(cell(header, krow, "channel")));
                assertEquals(kc.channel(), ks.get(k).get("channel").asInt());
                same(ks.get(k).get("logCredit"), cell(header, krow, "logCredit"), kc.logCredit());
                assertEquals(ks.get(k).get("rank").asInt(), Integer.parseInt(cell(header, krow, "rank")));
            }
        }
        assertEquals(kernels, kernelRows.size(), "every kernel row belongs to a JSON kernel");

        JsonNode fw = json.get("featureWeights");
        List<List<String>> weights = ReportFiles.csv(ReportFiles.read(dir.resolve("feature-weights.csv")));
        double[][] w = r.featureWeights().weights();
        assertEquals(w.length + 1, weights.size());
        assertEquals(w.length, fw.get("weights").size());
        for (int c = 0; c < w.length; c++) {
            List<String> row = weights.get(c + 1);
            assertEquals(Integer.toString(c), row.get(0));
            assertEquals(w[c].length + 1, row.size());
            for (int j = 0; j < w[c].length; j++) {
                double fromCsv = Double.parseDouble(row.get(j + 1));
                double fromJson = fw.get("weights").get(c).get(j).doubleValue();
                assertEquals(w[c][j], fromCsv, 0.0, "csv class " + c + " input " + j);
                assertEquals(w[c][j], fromJson, 0.0, "json class " + c + " input " + j);
            }
        }
        String all = ReportFiles.read(dir.resolve("credit.json")) + ReportFiles.read(dir.resolve("credits.csv"))
                + ReportFiles.read(dir.resolve("feature-weights.csv"));
        assertFalse(all.contains("NaN") || all.contains("Infinity"), "non-finite numbers never reach the output");
    }

    private static String cell(List<String> header, List<String> row, String column) {
        int i = header.indexOf(column);
        assertTrue(i >= 0, "column " + column);
        return row.get(i);
    }

    /** JSON value, CSV cell and the result's value agree exactly; null is JSON null and an empty cell. */
    private static void same(JsonNode json, String csv, Double expected) {
        if (expected == null) {
            assertTrue(json.isNull(), "json null");
            assertEquals("", csv, "empty csv cell");
            return;
        }
        assertEquals(expected, json.doubleValue(), 0.0);
        assertEquals(expected, Double.parseDouble(csv), 0.0);
    }

    private static void sameInt(JsonNode json, String csv, Integer expected) {
        if (expected == null) {
            assertTrue(json.isNull());
            assertEquals("", csv);
            return;
        }
        assertEquals(expected.intValue(), json.asInt());
        assertEquals(expected.intValue(), Integer.parseInt(csv));
    }
}
