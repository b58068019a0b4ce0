/**
 * Reads feed-forward ONNX models and runs their blocks with ONNX Runtime: the only package that touches
 * ONNX protobuf or ONNX Runtime types.
 *
 * <p>{@link io.koopcredit.model.onnx.OnnxNetwork#load} reads a model file into an
 * {@link io.koopcredit.model.Network}. The work is split into steps, each in its own package-private
 * class:
 * <ol>
 *   <li>{@code ModelFileReader}: bytes, SHA-256 and the parsed {@code ModelProto}, with clear errors for
 *       missing, corrupt or unsupported files (only regular files of a size the heap can hold are read:
 *       a named pipe or a device never is);</li>
 *   <li>{@code OnnxGraph}: the single float32 data input, the single output, the nodes in topological
 *       order, and which tensors carry data values (propagated from the input; {@code Shape}/{@code Size}
 *       outputs do not); it rejects control flow, recurrent layers (LSTM, GRU, RNN) and, through
 *       {@code FiniteWeights}, weights that hold NaN or infinity;</li>
 *   <li>{@code LayerGrouper} and {@code LayerNamer}: nodes grouped into layers the way a person reads a
 *       network, and their names ({@code GlobalPools} tells a global pool written as a reduction over the
 *       spatial axes, which needs the probed rank of its input, from other reductions);</li>
 *   <li>{@code ShapeProbe}: the shape of every data tensor, from one sample of zeros run through a copy
 *       of the model that exposes them as outputs;</li>
 *   <li>{@code CutAnalyzer}: which layer boundaries are safe block boundaries;</li>
 *   <li>{@code PartitionSpecParser} and {@code Partitioner}: the default partition or the user's
 *       {@code --blocks} spec;</li>
 *   <li>{@code SubModelExtractor}: an ONNX sub-model per block, and a copy of the full model exposing
 *       every block boundary;</li>
 *   <li>{@code OrtRunner}: an ONNX Runtime session with explicit settings that runs float samples in
 *       chunks; {@code OrtBlockFunction} and {@code OnnxPartitionedNetwork} build on it (the latter rejects
 *       non-finite activations, naming the block and tensor).</li>
 * </ol>
 * {@code OrtRuntime} holds the one ONNX Runtime environment, turns ONNX Runtime's errors into one line
 * without C++ source locations, and reports a native library that cannot be loaded; ONNX Runtime's own log
 * messages stay off the terminal unless {@link io.koopcredit.model.onnx.NativeLogging} is verbose.
 * {@code WeightRandomizer} builds the in-memory models behind {@code withRandomizedLayers}: the
 * randomization sanity check's copies of a network with re-drawn weights. For lesion studies and pruning,
 * {@code ResidualUnits} recognises a block that is one residual unit (an Add joining a branch and a
 * shortcut), {@code Convolutions} finds the convolutions, their per-channel weight norms and feature maps,
 * and whether a block's kernel credit ranks their channels, and {@code NetworkSurgery} builds the copies
 * behind {@code withUnitLesion} (the branch removed) and {@code withZeroedKernels} (output channels
 * zeroed).
 * {@link io.koopcredit.model.onnx.GraphBuilder} builds ONNX models in memory (the tests' small models) and
 * {@link io.koopcredit.model.onnx.ResNets} the benchmark's residual networks with seeded random weights.
 *
 * <p>Public methods return only {@code io.koopcredit.model} types; bad input raises
 * {@link io.koopcredit.base.InputException} with a one-line message.
 */
package io.koopcredit.model.onnx;
