/**
 * The network model of the credit assignment, independent of any file format or runtime: layers, the
 * paper's blocks and block partition (Liang et al. 2022, Section III.A), block kinds S2L/L2S/E2E
 * (Section III.B), the advice on S2L blocks from the Remark after Theorem 4
 * ({@link io.koopcredit.model.PartitionAdvice}: which neighbouring blocks to merge), and the interfaces
 * of a loaded {@link io.koopcredit.model.Network} and its runnable
 * {@link io.koopcredit.model.PartitionedNetwork}; what lesion studies and pruning need of a network:
 * {@link io.koopcredit.model.ResidualUnit}, {@link io.koopcredit.model.Convolution} and
 * {@link io.koopcredit.model.ConvKernel}. Implementations live in sub-packages (ONNX in
 * {@code io.koopcredit.model.onnx}).
 */
package io.koopcredit.model;
