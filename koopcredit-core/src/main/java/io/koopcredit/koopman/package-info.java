/**
 * The paper's Sections III.B and III.C: the Koopman operator K_i of one block.
 *
 * <ul>
 *   <li>{@link io.koopcredit.koopman.DimensionAlignment}: minimal linear dimension alignment (Theorem 4),
 *       B random of full rank, A = B⁺: dense ({@link io.koopcredit.koopman.AlignmentDistribution#GAUSSIAN},
 *       {@link io.koopcredit.koopman.AlignmentDistribution#ORTHONORMAL}) or structured, never formed
 *       ({@link io.koopcredit.koopman.RandomRotations} and {@link io.koopcredit.koopman.GaussianSpectrum});</li>
 *   <li>{@link io.koopcredit.koopman.StepDelayEmbedding}: the aligned block iterated 2d times from every
 *       real input, giving {@link io.koopcredit.koopman.Snapshots};</li>
 *   <li>{@link io.koopcredit.koopman.Dmd}: K̃ = Y′Y⁺ with an explicit
 *       {@link io.koopcredit.koopman.RankPolicy}; for a trial with large snapshots
 *       ({@link io.koopcredit.koopman.Scale#largeSnapshots}) the states go to column stores
 *       ({@link io.koopcredit.koopman.SnapshotSpace}, {@link io.koopcredit.koopman.StateColumns},
 *       {@link io.koopcredit.koopman.StoredSnapshots}) and {@link io.koopcredit.koopman.StoredDmd} fits them from
 *       their tall-and-skinny QR, tile by tile;</li>
 *   <li>{@link io.koopcredit.koopman.FaithfulEstimator}: the paper's estimator, K_i = B·K̃ per trial;
 *       {@link io.koopcredit.koopman.OneStepEstimator}: the alternative fitted on real input/output
 *       pairs;</li>
 *   <li>{@link io.koopcredit.koopman.KoopmanOperator}: an operator as a compact SVD, with mean, product and
 *       application; {@link io.koopcredit.koopman.BlockOperator}: an operator known only by its singular
 *       values, or by a proved log determinant over all of them (the one-step estimator's Gram form never
 *       forms it); {@link io.koopcredit.koopman.Scale}:
 *       when a block is large.</li>
 * </ul>
 *
 * <p>Uses {@code linalg} for arithmetic, {@code model} for running blocks and {@code store} for large
 * snapshots; randomness comes from
 * {@link io.koopcredit.base.Seeds} only.
 */
package io.koopcredit.koopman;
