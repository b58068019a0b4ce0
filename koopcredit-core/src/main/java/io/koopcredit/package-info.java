/**
 * koopcredit: credit assignment for trained neural networks based on Koopman operator theory (Liang et
 * al. 2022). {@link io.koopcredit.KoopCredit} is the library's front door; the packages behind it read as
 * one pipeline, each using only those before it:
 *
 * <ol>
 *   <li>{@link io.koopcredit.base}: user errors, file checks, memory exhaustion, seeds;</li>
 *   <li>{@link io.koopcredit.store}: the memory budget, and matrices kept in RAM or spilled to disk;</li>
 *   <li>{@link io.koopcredit.model} and {@link io.koopcredit.model.onnx}: a trained network as a chain of
 *       layers, cut into blocks (Section III.A) that run on their own through ONNX Runtime;</li>
 *   <li>{@link io.koopcredit.data}: the samples, read and preprocessed;</li>
 *   <li>{@link io.koopcredit.linalg}: the linear algebra facade;</li>
 *   <li>{@link io.koopcredit.stats}: correlations and quantiles;</li>
 *   <li>{@link io.koopcredit.koopman}: the estimators (alignment, step-delay embedding, DMD, Koopman
 *       operators; Sections III.B–C);</li>
 *   <li>{@link io.koopcredit.credit}: block credit, sensitivity, kernel credit, feature weights, fidelity
 *       (Section III.D), run by {@link io.koopcredit.credit.CreditAnalysis};</li>
 *   <li>{@link io.koopcredit.validation}: ablations, randomization, stability, agreement with a
 *       reference.</li>
 * </ol>
 *
 * <p>Reports (JSON, CSV, charts, HTML) are in the {@code koopcredit-report} module and the command line in
 * {@code koopcredit-cli}; neither is needed to use the library.
 */
package io.koopcredit;
