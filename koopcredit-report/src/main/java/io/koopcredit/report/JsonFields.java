package io.koopcredit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.koopcredit.credit.AnalysisOptions;
import java.io.IOException;
import java.util.List;

/**
 * Field writers shared by the JSON outputs (credit.json, validation.json): nullable values written as
 * JSON null, and a guard that no non-finite number is ever written.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /**
     * The {@code options} object: every analysis option with defaults filled in, and the preprocessing.
     *
     * @param g the generator; written to
     * @param o the options
     * @param p provenance (for the preprocessing)
     * @throws IOException from the generator
     */
    public static void options(JsonGenerator g, AnalysisOptions o, Provenance p) throws IOException {
        g.writeObjectFieldStart("options");
        g.writeStringField("estimator", o.estimator().spec());
        g.writeNumberField("samples", o.samples());
        g.writeNumberField("holdout", o.holdout());
        g.writeNumberField("trials", o.effectiveTrials());
        g.writeNumberField("seed", o.seed());
        g.writeStringField("rank", o.rank().spec());
        // Alignment, steps and the cycle shortcut belong to the faithful estimator: null for the one-step one.
        boolean faithful = o.estimator() == io.koopcredit.koopman.EstimatorKind.FAITHFUL;
        string(g, "alignment", faithful ? o.alignment().spec() : null);
        if (!faithful) {
            g.writeNullField("steps");
        } else if (o.steps() == 0) {
            g.writeStringField("steps", "2d");
        } else {
            g.writeNumberField("steps", o.steps());
        }
        g.writeBooleanField("affine", o.affine());
        string(g, "blocks", o.blocks());
        g.writeBooleanField("keepSoftmax", o.keepSoftmax());
        if (faithful) {
            g.writeBooleanField("shortcutCycles", o.shortcutCycles());
        } else {
            g.writeNullField("shortcutCycles");
        }
        g.writeStringField("creditTolerance", o.creditTolerance().spec());
        string(g, "precision", faithful ? o.precision().spec() : null);
        integer(g, "components", o.estimator() == io.koopcredit.koopman.EstimatorKind.PCA ? o.components() : null);
        g.writeStringField("preprocessing", p.preprocessing());
        g.writeEndObject();
    }

    /** Writes a string field, or null. @param g generator @param field name @param v value or null
     * @throws IOException from the generator */
    public static void string(JsonGenerator g, String field, String v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, v);
        }
    }

    /** Writes a finite number field, or null. @param g generator @param field name @param v value or null
     * @throws IOException from the generator
     * @throws IllegalStateException if the value is not finite (a bug: results never hold NaN) */
    public static void number(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, finite(field, v));
        }
    }

    /** Writes an integer field, or null. @param g generator @param field name @param v value or null
     * @throws IOException from the generator */
    public static void integer(JsonGenerator g, String field, Integer v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    /** Writes an array of strings. @param g generator @param field name @param values the strings
     * @throws IOException from the generator */
    public static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Writes an array of integers. @param g generator @param field name @param values the integers
     * @throws IOException from the generator */
    public static void ints(JsonGenerator g, String field, List<Integer> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (int v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    /** Writes an array of finite numbers or nulls. @param g generator @param field name @param values values
     * @throws IOException from the generator */
    public static void numbers(JsonGenerator g, String field, List<Double> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (Double v : values) {
            if (v == null) {
                g.writeNull();
            } else {
                g.writeNumber(finite(field, v));
            }
        }
        g.writeEndArray();
    }

    private static double finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalStateException(field + " is " + v + ": non-finite numbers never reach the output");
        }
        return v;
    }
}
