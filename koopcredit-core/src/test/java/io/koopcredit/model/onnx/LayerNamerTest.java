package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.koopcredit.model.LayerType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which ONNX node names are meaningful layer names. */
class LayerNamerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "/conv1/Conv|Conv|conv1",
        "/dense3/Gemm|Gemm|dense3",
        "/fc1/MatMul|MatMul|fc1",
        "/features/features.0/Conv|Conv|features.0",
        "sequential/conv2d/Conv2D|Conv|conv2d",
        "sequential/dense_1/MatMul|MatMul|dense_1",
        "StatefulPartitionedCall/sequential/max_pooling2d/MaxPool|MaxPool|max_pooling2d",
        "fc1|Gemm|fc1",
        "conv1|Conv|conv1",
        "Conv_0|Conv|NONE",
        "Gemm_5|Gemm|NONE",
        "Gemm5|Gemm|NONE",
        "node_Conv_0|Conv|NONE",
        "node_linear|Gemm|NONE",
        "/Softmax|Softmax|NONE",
        "/Relu_1|Relu|NONE",
        "/0/Conv|Conv|NONE",
        "/layer-1/Conv|Conv|NONE",
        "/|Conv|NONE",
    })
    void meaningfulNames(String node, String op, String expected) {
        assertEquals(Optional.ofNullable(expected), LayerNamer.meaningful(node, op));
    }

    @Test
    void emptyNamesAreNotMeaningful() {
        assertEquals(Optional.empty(), LayerNamer.meaningful("", "Conv"));
        assertEquals(Optional.empty(), LayerNamer.meaningful(null, "Conv"));
    }

    @Test
    void generatedNamesCountPerType() {
        List<LayerGroup> layers = List.of(group(LayerType.CONV), group(LayerType.POOL), group(LayerType.CONV),
                group(LayerType.DENSE), group(LayerType.OTHER), group(LayerType.SOFTMAX));
        assertEquals(List.of("conv1", "pool1", "conv2", "dense1", "layer1", "softmax1"), LayerNamer.generated(layers));
    }

    private static LayerGroup group(LayerType type) {
        return new LayerGroup(type, 0, List.of(0), List.of(0), "in", "out");
    }
}
