/**
 * The paper's Section III.D and the library's entry point,
 * {@link io.koopcredit.credit.CreditAnalysis}: block partition, real activations, the estimator's trials in
 * parallel, then per block the mean operator, {@link io.koopcredit.credit.BlockCredit},
 * {@link io.koopcredit.credit.KernelCredit} and {@link io.koopcredit.credit.Fidelity}, and across blocks
 * {@link io.koopcredit.credit.BlockSensitivity} (Theorem 5), the credit ranking,
 * {@link io.koopcredit.credit.FeatureWeights} and {@link io.koopcredit.credit.GlobalFidelity}.
 *
 * <p>Memory and scale: {@link io.koopcredit.credit.MemoryPlan} predicts every stage's peak from the block
 * widths and the options ({@code MemoryModel}) before ONNX Runtime runs; {@link io.koopcredit.credit.Formulation}
 * picks, by the model's size alone, between the dense path and the scalable one: the one-step estimator in
 * Gram form ({@code ScalableOneStep}: N × N factors of the activations instead of nOut × nIn operators), whose
 * per-boundary statistics come from {@link io.koopcredit.credit.BoundaryPass} (a boundary's tiles in a fixed
 * order) and whose later reads of the activations (kernel credits, direct errors) from
 * {@link io.koopcredit.credit.BoundaryReads}, on this JVM's threads or, through
 * {@link io.koopcredit.credit.FactorRunner}, on a cluster that also runs the pass (the driver then runs none), and the
 * faithful estimator fitting each E2E block once ({@code CompactFaithful});
 * {@link io.koopcredit.credit.TrialRunner} likewise lets a cluster fit the dense path's (block, trial) pairs.
 *
 * <p>Configuration is one typed record, {@link io.koopcredit.credit.AnalysisOptions}, with every default in
 * {@link io.koopcredit.credit.Defaults}; results are immutable records
 * ({@link io.koopcredit.credit.CreditResult}) in which undefined values are null, never NaN.
 */
package io.koopcredit.credit;
