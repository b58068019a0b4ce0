package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rule of issue #11: Spark (and the Scala library under it) is used only in
 * {@code io.koopcredit.spark}. Every compiled class of the build is read and its constant pool searched for
 * references to {@code org/apache/spark} or {@code scala/}; the poms of the other modules must not name
 * Spark.
 */
class SparkConfinementTest {
    private static final List<String> MODULES = List.of("koopcredit-core", "koopcredit-report", "koopcredit-cli",
            "koopcredit-spark");

    @Test
    void sparkOnlyInTheSparkPackage() throws IOException {
        List<String> offenders = new ArrayList<>();
        int sparkUsers = 0;
        int classes = 0;
        for (String module : MODULES) {
            Path root = Path.of(module, "target", "classes");
            assertTrue(Files.isDirectory(root), root + " is not built");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes++;
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    boolean usesSpark = bytes.contains("org/apache/spark") || bytes.contains("Lscala/")
                            || bytes.contains("scala/Function");
                    String name = root.relativize(f).toString();
                    if (usesSpark && name.startsWith("io/koopcredit/spark/")) {
                        sparkUsers++;
                    } else if (usesSpark) {
                        offenders.add(module + ": " + name);
                    }
                }
            }
        }
        assertTrue(classes > 100, "found only " + classes + " classes");
        assertTrue(sparkUsers > 0, "no class of io.koopcredit.spark uses Spark: the scan sees nothing");
        assertEquals(List.of(), offenders, "classes outside io.koopcredit.spark that use Spark");
    }

    @Test
    void noOtherModuleDependsOnSpark() throws IOException {
        for (String module : List.of("koopcredit-core", "koopcredit-report", "koopcredit-cli")) {
            String pom = Files.readString(Path.of(module, "pom.xml"));
            assertTrue(!pom.contains("org.apache.spark") && !pom.contains("koopcredit-spark"),
                    module + "/pom.xml names Spark");
        }
    }
}
