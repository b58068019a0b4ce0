package io.koopcredit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The architecture README.md promises ("Architecture"), as rules over the production classes of the three
 * modules (the command line's test class path holds all of them): the core's packages form one pipeline,
 * each third-party library stays in the one package that wraps it, the modules depend in one direction,
 * and nothing but the command line writes to the standard streams.
 */
@AnalyzeClasses(packages = "io.koopcredit", importOptions = {ImportOption.DoNotIncludeTests.class,
    ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** Leaves out the core's and the report's test-jars (shared test helpers, not production code). */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    /**
     * The core's pipeline, lowest first (README: "each package may use only those above it in this list";
     * the facade io.koopcredit is above everything, base below everything).
     */
    @ArchTest
    static final ArchRule corePipeline = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("base").definedBy("io.koopcredit.base..")
            .layer("model").definedBy("io.koopcredit.model")
            .layer("model.onnx").definedBy("io.koopcredit.model.onnx..")
            .layer("data").definedBy("io.koopcredit.data..")
            .layer("linalg").definedBy("io.koopcredit.linalg..")
            .layer("stats").definedBy("io.koopcredit.stats..")
            .layer("koopman").definedBy("io.koopcredit.koopman..")
            .layer("credit").definedBy("io.koopcredit.credit..")
            .layer("validation").definedBy("io.koopcredit.validation..")
            .layer("facade").definedBy("io.koopcredit")
            .whereLayer("facade").mayNotBeAccessedByAnyLayer()
            .whereLayer("validation").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("credit").mayOnlyBeAccessedByLayers("validation", "facade")
            .whereLayer("koopman").mayOnlyBeAccessedByLayers("credit", "validation", "facade")
            .whereLayer("stats").mayOnlyBeAccessedByLayers("koopman", "credit", "validation", "facade")
            .whereLayer("linalg").mayOnlyBeAccessedByLayers("stats", "koopman", "credit", "validation", "facade")
            .whereLayer("data").mayOnlyBeAccessedByLayers("linalg", "stats", "koopman", "credit", "validation",
                    "facade")
            .whereLayer("model.onnx").mayOnlyBeAccessedByLayers("data", "linalg", "stats", "koopman", "credit",
                    "validation", "facade")
            .whereLayer("model").mayOnlyBeAccessedByLayers("model.onnx", "data", "linalg", "stats", "koopman",
                    "credit", "validation", "facade")
            .because("README.md, Architecture: inside the core, one straight pipeline");

    /** One package per validation check: a check uses neither the root package nor another check. */
    @ArchTest
    static final ArchRule checksAreIndependent = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("root").definedBy("io.koopcredit.validation")
            .layer("ablation").definedBy("io.koopcredit.validation.ablation..")
            .layer("randomization").definedBy("io.koopcredit.validation.randomization..")
            .layer("stability").definedBy("io.koopcredit.validation.stability..")
            .layer("stats").definedBy("io.koopcredit.validation.stats..")
            .whereLayer("root").mayNotBeAccessedByAnyLayer()
            .whereLayer("ablation").mayOnlyBeAccessedByLayers("root")
            .whereLayer("randomization").mayOnlyBeAccessedByLayers("root")
            .whereLayer("stability").mayOnlyBeAccessedByLayers("root")
            .whereLayer("stats").mayOnlyBeAccessedByLayers("root", "ablation", "randomization", "stability")
            .because("README.md, Architecture: validation has one package per check");

    /** The modules depend in one direction: core ← report ← cli. */
    @ArchTest
    static final ArchRule coreUsesNeitherReportNorCli = noClasses().that().resideInAnyPackage(
            "io.koopcredit", "io.koopcredit.base..", "io.koopcredit.model..", "io.koopcredit.data..",
            "io.koopcredit.linalg..", "io.koopcredit.stats..", "io.koopcredit.koopman..", "io.koopcredit.credit..",
            "io.koopcredit.validation..")
            .should().dependOnClassesThat().resideInAnyPackage("io.koopcredit.report..", "io.koopcredit.cli..");

    @ArchTest
    static final ArchRule reportDoesNotUseTheCli = noClasses().that().resideInAPackage("io.koopcredit.report..")
            .should().dependOnClassesThat().resideInAPackage("io.koopcredit.cli..");

    @ArchTest
    static final ArchRule onnxRuntimeAndProtobufOnlyInModelOnnx = noClasses().that()
            .resideOutsideOfPackage("io.koopcredit.model.onnx..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.onnx..", "com.google.protobuf..")
            .because("model.onnx is the only package that touches ONNX Runtime and the ONNX protobuf classes");

    @ArchTest
    static final ArchRule openBlasAndJavaCppOnlyInLinalg = noClasses().that()
            .resideOutsideOfPackage("io.koopcredit.linalg..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
            .because("linalg is the only package that touches BLAS/LAPACK (OpenBLAS through JavaCPP)");

    @ArchTest
    static final ArchRule hipparchusOnlyInStats = noClasses().that().resideOutsideOfPackage("io.koopcredit.stats..")
            .should().dependOnClassesThat().resideInAPackage("org.hipparchus..")
            .because("stats is the only package that touches Hipparchus");

    @ArchTest
    static final ArchRule jacksonOnlyInReportJsonAndCli = noClasses().that()
            .resideOutsideOfPackages("io.koopcredit.report.json..", "io.koopcredit.cli..")
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
            .because("JSON is written by the view records of report.json (and read by the agreement command)");

    @ArchTest
    static final ArchRule reportLibrariesOnlyInReport = noClasses().that().resideOutsideOfPackage("io.koopcredit.report..")
            .should().dependOnClassesThat().resideInAnyPackage("gg.jte..", "org.jfree..")
            .because("the report module holds the templates and the SVG export");

    @ArchTest
    static final ArchRule picocliOnlyInCli = noClasses().that().resideOutsideOfPackage("io.koopcredit.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("the command line is one caller of the library");

    @ArchTest
    static final ArchRule sparkOnlyInTheSparkModule = noClasses().that().resideOutsideOfPackage("io.koopcredit.spark..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
            .because("the core library never depends on Spark (STANDARDS.md); a Spark module keeps it to itself");

    @ArchTest
    static final ArchRule standardStreamsOnlyInCli = noClasses().that().resideOutsideOfPackage("io.koopcredit.cli..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("no System.out outside the CLI (STANDARDS.md): the library reports through results and"
                    + " listeners");
}
