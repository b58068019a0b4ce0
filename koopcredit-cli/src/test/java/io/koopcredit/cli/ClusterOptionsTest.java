package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without the koopcredit-spark module: no Spark on its class path, {@code --spark} refused. */
class ClusterOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void theCommandLineDoesNotDependOnSpark() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkConf"));
    }

    @Test
    void sparkWithoutTheModuleIsOneLineAndWritesNothing() {
        Path out = tmp.resolve("out");
        CliRunner.Run r = CliRunner.run("credit", "--model", "models/mlp81-mnist.onnx", "--holdout", "10",
                "--spark", "local[2]", "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("koopcredit: --spark local[2]: expected the koopcredit-spark module on the"
                + " class path"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out), "the output folder was left behind");
    }

    @Test
    void sparkConfWithoutSparkIsRefused() {
        CliRunner.Run r = CliRunner.run("credit", "--spark-conf", "spark.executor.memory=1g", "--out",
                tmp.resolve("out").toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("--spark-conf: expected --spark MASTER beside it, found none"), r.err());
    }
}
