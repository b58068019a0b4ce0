package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The test's view of two credit.json files: same numbers apart from timings. */
final class CreditJson {
    /**
     * Relative agreement asked of credits, ranks and fidelities between a cluster run and the single-machine
     * run (issue #11). Both runs execute the same double-precision code on the same inputs in the same
     * order, so they agree bit for bit; 1e-9 is the bound, far above double rounding (1e-16) and far
     * below any difference a change in the computation would make.
     */
    static final double RELATIVE = 1e-9;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CreditJson() {
    }

    /** An in-process run of the command line. */
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = io.koopcredit.cli.Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode read(Path dir) throws IOException {
        return JSON.readTree(Files.readString(dir.resolve("credit.json")));
    }

    /**
     * Asserts that two credit.json trees hold the same values, numbers within {@link #RELATIVE}, ignoring
     * the wall-clock timings and the top-level fields named.
     */
    static void assertSameAnalysis(JsonNode expected, JsonNode actual, String... alsoIgnored) {
        ObjectNode e = expected.deepCopy();
        ObjectNode a = actual.deepCopy();
        e.remove("timings");
        a.remove("timings");
        for (String field : alsoIgnored) {
            e.remove(field);
            a.remove(field);
        }
        compare("", e, a);
        // The values the issue names, so that a schema change cannot make this comparison vacuous.
        JsonNode blocks = e.get("blocks");
        assertTrue(blocks != null && blocks.isArray() && blocks.size() > 0, "credit.json has no blocks");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode eb = blocks.get(i);
            JsonNode ab = a.get("blocks").get(i);
            for (String field : new String[] {"logCredit", "creditRank", "fidelity"}) {
                assertTrue(eb.hasNonNull(field), "block " + i + " has no " + field + ": " + eb);
            }
        }
    }

    private static void compare(String path, JsonNode e, JsonNode a) {
        if (e.isNumber() && a.isNumber()) {
            double x = e.asDouble();
            double y = a.asDouble();
            double scale = Math.max(Math.abs(x), Math.abs(y));
            assertTrue(x == y || Math.abs(x - y) <= RELATIVE * scale, path + ": " + x + " vs " + y);
            return;
        }
        assertEquals(e.getNodeType(), a.getNodeType(), path);
        if (e.isObject()) {
            assertEquals(iterable(e.fieldNames()), iterable(a.fieldNames()), path + " fields");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                compare(path + "." + f.getKey(), f.getValue(), a.get(f.getKey()));
            }
        } else if (e.isArray()) {
            assertEquals(e.size(), a.size(), path + " length");
            for (int i = 0; i < e.size(); i++) {
                compare(path + "[" + i + "]", e.get(i), a.get(i));
            }
        } else {
            assertEquals(e, a, path);
        }
    }

    private static java.util.List<String> iterable(Iterator<String> it) {
        java.util.List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
