package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code credit --spark local[2]} reproduces the single-machine credit.json on the bundled models. */
class SparkLocalTest {
    @TempDir
    Path tmp;

    private void assertSameOnSpark(String... options) throws Exception {
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        CreditJson.Run a = CreditJson.cli(args("credit", options, "--out", single.toString()));
        assertEquals(0, a.code(), a.err());
        CreditJson.Run b = CreditJson.cli(args("credit", options, "--out", spark.toString(), "--spark", "local[2]"));
        assertEquals(0, b.code(), b.err());
        CreditJson.assertSameAnalysis(CreditJson.read(single), CreditJson.read(spark));
    }

    private static String[] args(String command, String[] options, String... more) {
        String[] all = new String[1 + options.length + more.length];
        all[0] = command;
        System.arraycopy(options, 0, all, 1, options.length);
        System.arraycopy(more, 0, all, 1 + options.length, more.length);
        return all;
    }

    @Test
    void lenetFaithful() throws Exception {
        assertSameOnSpark("--model", "models/lenet5-mnist.onnx", "--trials", "2", "--holdout", "100");
    }

    @Test
    void mlpFaithfulAndOneStep() throws Exception {
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--samples", "3", "--trials", "3", "--holdout", "100");
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--estimator", "onestep", "--samples", "300",
                "--holdout", "100");
    }

    /** The other estimators and options whose fits carry what the faithful ones do not (offsets, eigenvalues). */
    @Test
    void mlpAffineOneStepAndPca() throws Exception {
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--estimator", "onestep", "--affine", "--samples",
                "200", "--holdout", "100");
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--estimator", "pca", "--samples", "200", "--holdout",
                "100");
    }

    @Test
    void withoutSparkConfIsRefused() {
        CreditJson.Run r = CreditJson.cli("credit", "--spark-conf", "spark.executor.memory=1g", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--spark-conf: expected --spark MASTER beside it"), r.err());
    }
}
