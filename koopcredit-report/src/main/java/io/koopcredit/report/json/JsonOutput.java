package io.koopcredit.report.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the JSON outputs (credit.json, validation.json, {@code inspect --format json}) from view records
 * with Jackson: properties in record component order, indented by Jackson's default pretty printer, numbers
 * in Java's shortest round-trip form ({@link Double#toString}), {@code null} for undefined values, and a
 * guard that refuses every NaN or infinity with the JSON path of the offending value (a bug upstream:
 * results never hold non-finite numbers). The same view gives the same bytes.
 */
public final class JsonOutput {

    private static final ObjectWriter WRITER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule("koopcredit-finite-numbers")
                    .addSerializer(Double.class, new FiniteDouble(Double.class))
                    .addSerializer(Double.TYPE, new FiniteDouble(Double.TYPE))
                    .addSerializer(double[].class, new FiniteDoubles()))
            .build()
            .writer();

    private JsonOutput() {
    }

    /**
     * @param view a view record (or a list or array of them); not modified
     * @return its JSON text, ending in a newline
     * @throws NonFiniteNumberException if a number in it is NaN or infinite
     */
    public static String toJson(Object view) {
        try {
            return WRITER.writeValueAsString(view) + "\n";
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NonFiniteNumberException n) {
                throw n;
            }
            throw new IllegalStateException("cannot write " + view.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + view.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A NaN or infinity met while writing JSON: a bug upstream, reported with the value's JSON path. */
    public static final class NonFiniteNumberException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NonFiniteNumberException(String path, double value) {
            super(path + " is " + value + ": non-finite numbers never reach the output");
        }
    }

    static double finite(double v, JsonGenerator g) {
        if (!Double.isFinite(v)) {
            throw new NonFiniteNumberException(path(g.getOutputContext()), v);
        }
        return v;
    }

    /**
     * @param innermost the generator's context while a value is about to be written
     * @return e.g. {@code blocks[2].logCredit}: where that value goes
     */
    static String path(JsonStreamContext innermost) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                // The innermost array has not counted the value about to be written yet.
                sb.append('[').append(c.getCurrentIndex() + (c == innermost ? 1 : 0)).append(']');
            } else if (c.getCurrentName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(c.getCurrentName());
            }
        }
        return sb.length() == 0 ? "the value" : sb.toString();
    }

    /** Writes a double as Jackson does, after the finiteness guard. */
    private static final class FiniteDouble extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteDouble(Class<Double> type) {
            super(type);
        }

        @Override
        public void serialize(Double value, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeNumber(finite(value, g));
        }
    }

    /** Writes a double[] as Jackson does, after the finiteness guard on every element. */
    private static final class FiniteDoubles extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;

        FiniteDoubles() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartArray(values, values.length);
            for (double v : values) {
                g.writeNumber(finite(v, g));
            }
            g.writeEndArray();
        }
    }
}
