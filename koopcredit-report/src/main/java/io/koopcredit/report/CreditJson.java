package io.koopcredit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockTimings;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.EmbeddingSummary;
import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.credit.KernelCredit;
import io.koopcredit.model.Layer;
import io.koopcredit.model.TensorShape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes {@code credit.json} (schema in README, "credit.json"). Fields appear in a fixed order and numbers
 * in Java's round-trip form (Double.toString), so the same result gives the same bytes; only the {@code timings}
 * object differs between runs.
 */
public final class CreditJson {
    /** Bumped whenever a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    private CreditJson() {
    }

    /**
     * @param result the analysis
     * @param provenance tool, version, preprocessing
     * @return the JSON text, ending in a newline
     */
    public static String toJson(CreditResult result, Provenance provenance) {
        StringWriter w = new StringWriter();
        write(result, provenance, w);
        return w.toString();
    }

    /**
     * @param result the analysis
     * @param provenance tool, version, preprocessing
     * @param out where the JSON goes; not closed
     */
    public static void write(CreditResult result, Provenance provenance, Writer out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("tool", provenance.tool());
            g.writeStringField("version", provenance.version());
            g.writeNumberField("schema", SCHEMA_VERSION);
            g.writeObjectFieldStart("model");
            g.writeStringField("path", result.model().path().toString());
            g.writeStringField("sha256", result.model().sha256());
            g.writeStringField("producer", result.model().producer());
            g.writeNumberField("opset", result.model().opset());
            shape(g, "inputShape", result.model().inputShape());
            shape(g, "outputShape", result.model().outputShape());
            g.writeEndObject();
            g.writeStringField("data", result.data());
            JsonFields.options(g, result.options(), provenance);
            g.writeArrayFieldStart("blocks");
            for (BlockResult b : result.blocks()) {
                block(g, b);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("excluded");
            for (Layer l : result.partition().excluded()) {
                g.writeStartObject();
                g.writeStringField("name", l.name());
                JsonFields.strings(g, "ops", l.ops());
                g.writeEndObject();
            }
            g.writeEndArray();
            global(g, result.global());
            JsonFields.string(g, "globalNote", result.globalNote());
            g.writeArrayFieldStart("examples");
            for (io.koopcredit.credit.Example e : result.examples()) {
                g.writeStartObject();
                g.writeNumberField("index", e.index());
                JsonFields.integer(g, "label", e.label());
                g.writeNumberField("networkPrediction", e.networkPrediction());
                JsonFields.integer(g, "operatorPrediction", e.operatorPrediction());
                g.writeEndObject();
            }
            g.writeEndArray();
            featureWeights(g, result.featureWeights(), result.templates());
            timings(g, result);
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private static void block(JsonGenerator g, BlockResult b) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", b.name());
        g.writeStringField("kind", b.block().kind().name());
        g.writeNumberField("nIn", b.block().nIn());
        g.writeNumberField("nOut", b.block().nOut());
        shape(g, "inputShape", b.block().inputShape());
        shape(g, "outputShape", b.block().outputShape());
        JsonFields.strings(g, "layers", b.block().layers().stream().map(Layer::name).toList());
        JsonFields.strings(g, "ops", b.block().ops());
        g.writeNumberField("params", b.block().params());
        g.writeStringField("status", b.status().name().toLowerCase(java.util.Locale.ROOT));
        JsonFields.string(g, "reason", b.reason());
        g.writeNumberField("steps", b.steps());
        g.writeNumberField("trials", b.trials());
        JsonFields.number(g, "logCredit", b.credit() == null ? null : b.credit().logCredit());
        JsonFields.number(g, "logCreditPerDim", b.credit() == null ? null : b.credit().logCreditPerDim());
        g.writeNumberField("rank", b.credit() == null ? 0 : b.credit().rank());
        JsonFields.integer(g, "creditRank", b.creditRank());
        JsonFields.number(g, "logSensitivity", b.sensitivity().logSensitivity());
        JsonFields.string(g, "sensitivityNote", b.sensitivity().note());
        g.writeNumberField("operatorRank", b.operatorRank());
        g.writeNumberField("snapshotRank", b.snapshotRank());
        g.writeNumberField("snapshotRankMin", b.snapshotRankMin());
        g.writeNumberField("snapshotRankMax", b.snapshotRankMax());
        JsonFields.number(g, "snapshotCondition", b.snapshotCondition());
        g.writeNumberField("nominalPairs", b.nominalPairs());
        g.writeNumberField("distinctPairs", b.distinctPairs());
        JsonFields.number(g, "fidelity", b.fidelity() == null ? null : b.fidelity().median());
        JsonFields.number(g, "fidelityP90", b.fidelity() == null ? null : b.fidelity().p90());
        g.writeNumberField("fidelitySamples", b.fidelity() == null ? 0 : b.fidelity().samples());
        JsonFields.number(g, "alignmentResidual", b.alignmentResidual());
        g.writeStringField("precision", b.numerics().precision().spec());
        JsonFields.string(g, "precisionNote", b.numerics().note());
        g.writeStringField("creditTolerance", b.numerics().creditTolerance().spec());
        JsonFields.number(g, "noiseFloor", b.numerics().noiseFloor());
        g.writeNumberField("keptBelowNoise", b.numerics().keptBelowNoise());
        embedding(g, b.embedding());
        if (b.trialCredit() == null) {
            g.writeNullField("trialLogCredit");
        } else {
            g.writeObjectFieldStart("trialLogCredit");
            g.writeNumberField("trials", b.trialCredit().trials());
            g.writeNumberField("mean", b.trialCredit().mean());
            g.writeNumberField("std", b.trialCredit().std());
            g.writeNumberField("min", b.trialCredit().min());
            g.writeNumberField("max", b.trialCredit().max());
            g.writeNumberField("meanRank", b.trialCredit().meanRank());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("kernels");
        for (KernelCredit k : b.kernels()) {
            g.writeStartObject();
            g.writeNumberField("channel", k.channel());
            JsonFields.number(g, "logCredit", k.logCredit());
            g.writeNumberField("rank", k.rank());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void embedding(JsonGenerator g, EmbeddingSummary e) throws IOException {
        if (e == null) {
            g.writeNullField("embedding");
            return;
        }
        g.writeObjectFieldStart("embedding");
        g.writeNumberField("trajectories", e.trajectories());
        g.writeNumberField("stopped", e.stopped());
        g.writeNumberField("firstStopStep", e.firstStopStep());
        g.writeNumberField("cycled", e.cycled());
        g.writeNumberField("medianCycleStep", e.medianCycleStep());
        g.writeNumberField("maxPeriod", e.maxPeriod());
        g.writeNumberField("converged", e.converged());
        g.writeNumberField("medianConvergedStep", e.medianConvergedStep());
        g.writeNumberField("computedSteps", e.computedSteps());
        g.writeNumberField("normFirst", e.meanNormFirst());
        g.writeNumberField("normLast", e.meanNormLast());
        g.writeEndObject();
    }

    private static void global(JsonGenerator g, GlobalFidelity gf) throws IOException {
        if (gf == null) {
            g.writeNullField("global");
            return;
        }
        g.writeObjectFieldStart("global");
        g.writeNumberField("samples", gf.samples());
        g.writeNumberField("agreement", gf.agreement());
        JsonFields.number(g, "networkAccuracy", gf.networkAccuracy());
        JsonFields.number(g, "operatorAccuracy", gf.operatorAccuracy());
        JsonFields.number(g, "medianRelativeError", gf.medianRelativeError());
        g.writeEndObject();
    }

    private static void featureWeights(JsonGenerator g, FeatureWeights fw,
                                       io.koopcredit.credit.TemplateAgreement t) throws IOException {
        if (fw == null) {
            g.writeNullField("featureWeights");
            return;
        }
        g.writeObjectFieldStart("featureWeights");
        g.writeArrayFieldStart("inputShape");
        for (int d : fw.inputShape()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        if (t == null) {
            g.writeNullField("templateCorrelation");
            g.writeNullField("meanTemplateCorrelation");
        } else {
            g.writeArrayFieldStart("templateCorrelation");
            for (Double d : t.perClass()) {
                if (d == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(d);
                }
            }
            g.writeEndArray();
            JsonFields.number(g, "meanTemplateCorrelation", t.mean());
        }
        g.writeArrayFieldStart("weights");
        for (double[] row : fw.weights()) {
            g.writeArray(row, 0, row.length);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void timings(JsonGenerator g, CreditResult r) throws IOException {
        g.writeObjectFieldStart("timings");
        g.writeNumberField("total", r.timings().total());
        g.writeNumberField("activations", r.timings().activations());
        g.writeNumberField("estimation", r.timings().estimation());
        g.writeNumberField("global", r.timings().global());
        g.writeNumberField("threads", r.timings().threads());
        g.writeArrayFieldStart("blocks");
        for (BlockTimings t : r.timings().blocks()) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeNumberField("embedding", t.embedding());
            g.writeNumberField("dmd", t.dmd());
            g.writeNumberField("credit", t.credit());
            g.writeNumberField("fidelity", t.fidelity());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void shape(JsonGenerator g, String field, TensorShape s) throws IOException {
        g.writeArrayFieldStart(field);
        for (int d : s.dims()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
    }




}
