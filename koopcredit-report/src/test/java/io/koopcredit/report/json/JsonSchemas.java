package io.koopcredit.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published JSON Schemas (docs/schema, draft 2020-12) as test assertions: every JSON file a test
 * writes is checked against its schema with networknt's json-schema-validator, and the order of the
 * fields of every object against the order the schema lists them in.
 */
public final class JsonSchemas {

    /** The schemas, relative to the repository root (the tests' working directory). */
    public enum Kind {
        /** credit.json */
        CREDIT("docs/schema/credit.schema.json"),
        /** validation.json */
        VALIDATION("docs/schema/validation.schema.json"),
        /** inspect --format json */
        INSPECT("docs/schema/inspect.schema.json"),
        /** agreement.json */
        AGREEMENT("docs/schema/agreement.schema.json");

        private final String path;

        Kind(String path) {
            this.path = path;
        }

        /** @return the schema file */
        public Path path() {
            return Path.of(path);
        }
    }

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<Kind, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSchemas() {
    }

    /**
     * @param kind which schema
     * @param json a document
     * @return the validator's errors (empty: valid)
     */
    public static List<String> errors(Kind kind, String json) {
        List<String> out = new ArrayList<>();
        for (Error e : schema(kind).validate(json, InputFormat.JSON)) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * Fails unless the document is valid against the schema and every object lists its fields in the
     * schema's order.
     *
     * @param kind which schema
     * @param json the document
     */
    public static void assertValid(Kind kind, String json) {
        List<String> errors = errors(kind, json);
        assertTrue(errors.isEmpty(), kind + " document violates " + kind.path() + ": " + errors);
        assertSchemaOrder(kind, json);
    }

    /**
     * @param kind which schema
     * @param file a written file
     */
    public static void assertValid(Kind kind, Path file) {
        try {
            assertValid(kind, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every object of the document has its fields in the order of the {@code properties} of the schema
     * object with exactly these fields (so the schema documents the order the writer keeps).
     *
     * @param kind which schema
     * @param json the document
     */
    public static void assertSchemaOrder(Kind kind, String json) {
        try {
            List<List<String>> orders = new ArrayList<>();
            collectPropertyOrders(MAPPER.readTree(kind.path().toFile()), orders);
            checkOrder(MAPPER.readTree(json), orders, "$");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(Kind kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> {
            try {
                return REGISTRY.getSchema(Files.readString(k.path()), InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void collectPropertyOrders(JsonNode schema, List<List<String>> out) {
        if (schema.isObject()) {
            JsonNode props = schema.get("properties");
            if (props != null && props.isObject()) {
                List<String> names = new ArrayList<>();
                props.fieldNames().forEachRemaining(names::add);
                out.add(names);
            }
        }
        for (JsonNode child : schema) {
            collectPropertyOrders(child, out);
        }
    }

    private static void checkOrder(JsonNode node, List<List<String>> orders, String where) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Set<String> set = new HashSet<>(names);
            List<List<String>> candidates = orders.stream().filter(o -> new HashSet<>(o).equals(set)).toList();
            assertFalse(candidates.isEmpty(), "no schema object has exactly the fields " + names + " at " + where);
            if (!candidates.contains(names)) {
                fail("fields at " + where + " are in the order " + names + ", the schema lists " + candidates.get(0));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkOrder(e.getValue(), orders, where + "." + e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkOrder(node.get(i), orders, where + "[" + i + "]");
            }
        }
    }

    /**
     * @param kind which schema
     * @return the number of fields the schema declares, for sanity checks
     */
    static int declaredObjects(Kind kind) {
        try {
            List<List<String>> orders = new ArrayList<>();
            collectPropertyOrders(MAPPER.readTree(kind.path().toFile()), orders);
            assertEquals(orders.size(), orders.stream().distinct().count(), "schema objects are distinct");
            return orders.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
