package io.koopcredit.model;

/** What anchors a layer: the operation a person would name the layer after. */
public enum LayerType {
    /** A convolution (ONNX Conv) with the element-wise nodes that follow it. */
    CONV("conv"),
    /** A dense layer (Gemm, or MatMul with its bias Add) with its followers. */
    DENSE("dense"),
    /**
     * A pooling layer (MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, LpPool, or a ReduceMean /
     * ReduceMax over the spatial axes: a global pool such as PyTorch's {@code x.mean((2, 3))}) with its followers.
     */
    POOL("pool"),
    /** A trailing Softmax or LogSoftmax; excluded from credit unless the user keeps it. */
    SOFTMAX("softmax"),
    /** Any other operation that forms its own layer (for example a lone element-wise op at the input). */
    OTHER("layer");

    private final String prefix;

    LayerType(String prefix) {
        this.prefix = prefix;
    }

    /** @return the prefix of generated layer names ({@code conv} gives conv1, conv2, ...) */
    public String namePrefix() {
        return prefix;
    }
}
