package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.model.onnx.GraphBuilder;
import io.koopcredit.report.json.JsonSchemas;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted answers through the whole command: an ONNX model built for the test, float32 {@code .npy} data
 * (the first N samples fit, the last H are held out), {@code koopcredit credit}, and the numbers in
 * {@code credit.json}. The same plants as the core's {@code PlantedFidelityTest} and
 * {@code PlantedCreditToleranceTest}, now through ONNX Runtime, the options and the JSON writer.
 */
class PlantedCreditJsonTest {
    /** ln σ moves by the relative float32 rounding of the block's outputs (6·10⁻⁸); margin for the fit. */
    private static final double LOG_TOLERANCE = 1e-6;
    /** The planted errors are 0.1 apart; float32 data rounds them by ~10⁻⁸. */
    private static final double FLOAT32_DATA = 1e-6;

    @TempDir
    Path dir;

    /** A single Gemm (PyTorch's nn.Linear export: weight [out, in], transB = 1), optionally followed by Relu. */
    private Path gemm(String name, int in, int out, float[] weight, float[] bias, boolean relu) {
        GraphBuilder b = new GraphBuilder(GraphBuilder.Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, in);
        String w = b.floats("fc.weight", weight, out, in);
        String c = b.floats("fc.bias", bias, out);
        x = b.node("Gemm", "fc", List.of(x, w, c), GraphBuilder.floatAttr("alpha", 1f),
                GraphBuilder.floatAttr("beta", 1f), GraphBuilder.intAttr("transB", 1));
        if (relu) {
            x = b.unary("Relu", x);
        }
        b.output(x);
        return b.save(dir, name + ".onnx");
    }

    /** Writes a version-1.0 NPY file of float32 samples, shape (count, width). */
    private Path npy(String name, float[] values, int width) throws IOException {
        int count = values.length / width;
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + count + ", " + width + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(total + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : values) {
            buf.putFloat(v);
        }
        Path p = dir.resolve(name + ".npy");
        Files.write(p, buf.array());
        return p;
    }

    /** Uniform values in [0.1, 1.1), seeded. */
    private static float[] uniform(int n, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.1 + rng.nextDouble());
        }
        return v;
    }

    private JsonNode credit(String out, String... args) throws IOException {
        String[] all = new String[args.length + 3];
        all[0] = "credit";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = dir.resolve(out).toString();
        CliRunner.Run r = CliRunner.run(all);
        assertEquals(Main.OK, r.code(), r.err());
        Path json = dir.resolve(out).resolve("credit.json");
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, json);
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void theCreditToleranceDecidesWhichPlantedSingularValuesCount() throws IOException {
        // W = diag(1, 1e-3, 1e-9): 2 values above the float32 tolerance, 3 above the double one.
        Path model = gemm("diag", 3, 3, new float[] {1f, 0, 0, 0, 1e-3f, 0, 0, 0, 1e-9f}, new float[3], false);
        Path data = npy("diag", uniform(14 * 3, 5), 3);
        String[] common = {"--model", model.toString(), "--data", data.toString(), "--estimator", "onestep",
            "--samples", "10", "--holdout", "4"};
        double ln3 = Math.log(1e-3f);
        double ln12 = Math.log(1e-3f) + Math.log(1e-9f);

        JsonNode f32 = credit("f32", concat(common, "--credit-tolerance", "float32")).get("blocks").get(0);
        assertEquals("float32", f32.get("creditTolerance").asText());
        assertEquals(2, f32.get("rank").asInt());
        assertEquals(ln3, f32.get("logCredit").asDouble(), LOG_TOLERANCE);
        assertEquals(3, f32.get("operatorRank").asInt());

        JsonNode f64 = credit("f64", concat(common, "--credit-tolerance", "double")).get("blocks").get(0);
        assertEquals("double", f64.get("creditTolerance").asText());
        assertEquals(3, f64.get("rank").asInt());
        assertEquals(ln12, f64.get("logCredit").asDouble(), LOG_TOLERANCE);
        assertEquals(ln12 / 3, f64.get("logCreditPerDim").asDouble(), LOG_TOLERANCE);

        // The default, data, resolves to float32: the one-step estimator fits the network's float32 pass.
        JsonNode root = credit("data", common);
        assertEquals("data", root.get("options").get("creditTolerance").asText());
        JsonNode dflt = root.get("blocks").get(0);
        assertEquals("float32", dflt.get("creditTolerance").asText());
        assertEquals(2, dflt.get("rank").asInt());
        assertEquals(ln3, dflt.get("logCredit").asDouble(), LOG_TOLERANCE);
    }

    @Test
    void fidelityInTheJsonIsTheHeldOutMedianAndP90() throws IOException {
        // relu(I·x): the identity on the 5 positive fitting samples; the held-out (1, -e) err by exactly e.
        Path model = gemm("relu", 2, 2, new float[] {1, 0, 0, 1}, new float[2], true);
        float[] samples = {0.3f, 0.7f, 0.9f, 0.2f, 0.5f, 0.6f, 0.1f, 0.8f, 0.4f, 0.4f,
            1f, -0.2f, 1f, -0.9f, 1f, -0.1f};
        Path data = npy("relu", samples, 2);
        JsonNode root = credit("fid", "--model", model.toString(), "--data", data.toString(), "--estimator",
                "onestep", "--samples", "5", "--holdout", "3");
        JsonNode b = root.get("blocks").get(0);
        assertEquals(0.2, b.get("fidelity").asDouble(), FLOAT32_DATA);
        assertEquals(0.76, b.get("fidelityP90").asDouble(), FLOAT32_DATA);
        assertEquals(3, b.get("fidelitySamples").asInt());
        assertEquals(3, root.get("options").get("holdout").asInt());
    }

    @Test
    void affineRecoversAnOffsetThatTheLinearFitCannot() throws IOException {
        Path model = gemm("affine", 3, 2, new float[] {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}, new float[] {2f, -3f},
                false);
        Path data = npy("affine", uniform(30 * 3, 6), 3);
        String[] common = {"--model", model.toString(), "--data", data.toString(), "--estimator", "onestep",
            "--samples", "20", "--holdout", "10"};
        JsonNode with = credit("with", concat(common, "--affine"));
        assertTrue(with.get("options").get("affine").asBoolean());
        double exact = with.get("blocks").get(0).get("fidelityP90").asDouble();
        assertTrue(exact < 1e-6, "float32 data, affine fit: " + exact);
        JsonNode without = credit("without", common);
        assertTrue(!without.get("options").get("affine").asBoolean());
        double linear = without.get("blocks").get(0).get("fidelity").asDouble();
        assertTrue(linear > 0.05, "no linear map through 0 fits an offset of norm 3.6: " + linear);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
