package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every unsupported or broken model gets a one-line InputException that says why. */
class OnnxNetworkErrorsTest {

    @TempDir
    Path dir;

    private InputException fail(Path model) {
        InputException e = assertThrows(InputException.class, () -> OnnxNetwork.load(model).close());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(model.toString() + ": "), e.getMessage());
        return e;
    }

    @Test
    void missingFileAndDirectory() {
        assertTrue(fail(dir.resolve("nope.onnx")).getMessage().endsWith("expected an ONNX model file, found no such file"));
        assertTrue(fail(dir).getMessage().endsWith("found a directory"));
    }

    @Test
    void corruptFiles() throws Exception {
        Path text = dir.resolve("text.onnx");
        Files.writeString(text, "this is not a model\n", StandardCharsets.UTF_8);
        assertTrue(fail(text).getMessage().contains("expected an ONNX model"), fail(text).getMessage());
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertTrue(fail(empty).getMessage().endsWith("expected an ONNX model file, found an empty (0-byte) file"));
        byte[] good = Files.readAllBytes(TestModels.lenet(dir, Naming.PYTORCH));
        Path truncated = Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(good, good.length / 2));
        assertTrue(fail(truncated).getMessage().contains("expected an ONNX model"), fail(truncated).getMessage());
    }

    @Test
    void twoDataInputs() {
        Path model = TestModels.twoInputs(dir);
        assertEquals(model + ": expected one data input, found 2 (a, b)", fail(model).getMessage());
    }

    @Test
    void twoOutputs() {
        assertTrue(fail(TestModels.twoOutputs(dir)).getMessage().contains("expected one output, found 2"));
    }

    @Test
    void controlFlow() {
        assertTrue(fail(TestModels.withIf(dir)).getMessage().contains("(If) is control flow"));
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, 4);
        String trip = b.longs("trip", new long[] {2});
        String y = b.node("Loop", "loop", List.of(trip, "", x),
                GraphBuilder.graphAttr("body", GraphProto.newBuilder().setName("body").build()));
        b.output(y);
        String message = fail(b.save(dir, "loop.onnx")).getMessage();
        assertTrue(message.contains("'/loop/Loop' (Loop) is control flow"), message);
        assertTrue(message.contains("expected a feed-forward model without Loop, If or Scan"), message);
    }

    @Test
    void nonFloatInput() {
        Path model = TestModels.int64Input(dir);
        assertEquals(model + ": input 'ids' must be float32, found INT64", fail(model).getMessage());
    }

    @Test
    void inputShapeProblems() {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, GraphBuilder.DYNAMIC);
        b.output(b.unary("Relu", x));
        assertTrue(fail(b.save(dir, "symbolic.onnx")).getMessage()
                .contains("expected fixed extents after the batch dimension"));
        GraphBuilder c = new GraphBuilder(Naming.PYTORCH, 1);
        String y = c.input("x", 5L);
        c.output(c.unary("Relu", y));
        assertTrue(fail(c.save(dir, "rank1.onnx")).getMessage().contains("must have a shape [batch, ...] of rank >= 2"));
    }

    @Test
    void onlyASoftmaxLeavesNothingToCredit() {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, 5);
        b.output(b.node("Softmax", null, List.of(x), GraphBuilder.intAttr("axis", 1)));
        Path model = b.save(dir, "softmax-only.onnx");
        assertTrue(fail(model).getMessage().contains("nothing is left to credit"));
        try (OnnxNetwork net = OnnxNetwork.load(model, LoadOptions.defaults().withKeepSoftmax(true))) {
            assertEquals(List.of("softmax1"), net.layers().stream().map(l -> l.name()).toList());
        }
    }

    @Test
    void outputThatIgnoresTheInput() {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        b.input("x", GraphBuilder.DYNAMIC, 5);
        String w = b.weights("w", 1, 1, 5);
        b.output(b.unary("Relu", w));
        assertTrue(fail(b.save(dir, "constant.onnx")).getMessage().contains("does not depend on the input 'x'"));
    }
}
