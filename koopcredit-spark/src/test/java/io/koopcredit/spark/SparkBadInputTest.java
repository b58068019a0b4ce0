package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.cli.ClusterBackend;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on a cluster: one line naming the master, executor or path; exit 2; nothing written. */
class SparkBadInputTest {
    @TempDir
    Path tmp;

    @Test
    void aMasterThatDoesNotAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path out = tmp.resolve("out");
        long t0 = System.nanoTime();
        CreditJson.Run r = CreditJson.cli("credit", "--model", "models/mlp81-mnist.onnx", "--holdout", "10",
                "--spark", "spark://127.0.0.1:" + port, "--out", out.toString());
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("koopcredit: --spark spark://127.0.0.1:" + port + ": expected a Spark master"
                + " answering, found none at 127.0.0.1:" + port), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out), "the output folder was left behind");
        assertTrue(seconds < 30, "took " + seconds + " s to notice");
    }

    @Test
    void aMalformedMaster() {
        CreditJson.Run r = CreditJson.cli("credit", "--model", "models/mlp81-mnist.onnx", "--holdout", "10",
                "--spark", "spark://nohost", "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("expected spark://HOST:PORT[,HOST:PORT...], found 'nohost'"), r.err());
    }

    @Test
    void aModelFileTheExecutorsCannotRead() throws Exception {
        // The driver reads its copy of the model; by the time the executors look for it at the same path,
        // it is gone (as on a cluster whose machines do not share the driver's folder).
        Path model = Files.copy(Path.of("models/mlp81-mnist.onnx"), tmp.resolve("mlp.onnx"));
        AnalysisOptions options = AnalysisOptions.of(Estimator.faithful().samples(1).trials(2)).withHoldout(10);
        try (Network network = OnnxNetwork.load(model);
             ClusterBackend.Connection spark = new SparkBackend().connect("local[2]", Map.of())) {
            AnalysisData data = AnalysisData.load(Path.of("data/mnist"), Preprocessing.declaredBy(network.info()),
                    network.info(), 1, 10);
            Files.delete(model);
            InputException e = assertThrows(InputException.class, () -> CreditAnalysis.run(network, data, options,
                    (stage, done, total) -> { }, spark));
            assertTrue(e.getMessage().matches("--spark local\\[2\\]: executor driver on \\S+: model file " + model
                    .toAbsolutePath().toString().replace("\\", "\\\\").replace(".", "\\.")
                    + ": expected a readable file on every executor \\(a shared path\\), found no such file"),
                    e.getMessage());
        }
    }
}
