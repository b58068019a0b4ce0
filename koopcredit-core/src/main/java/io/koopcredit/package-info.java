/**
 * koopcredit: credit assignment for trained neural networks based on Koopman operator theory (Liang et
 * al. 2022). The packages read as one pipeline, each using only those before it:
 *
 * <ol>
 *   <li>{@link io.koopcredit.model} and {@link io.koopcredit.model.onnx}: a trained network as a chain of
 *       layers, cut into blocks (Section III.A) that run on their own;</li>
 *   <li>{@link io.koopcredit.data}: the samples, read and preprocessed;</li>
 *   <li>{@link io.koopcredit.linalg}: the linear algebra facade;</li>
 *   <li>{@link io.koopcredit.koopman}: alignment, step-delay embedding, DMD, Koopman operators
 *       (Sections III.B–C);</li>
 *   <li>{@link io.koopcredit.credit}: block credit, sensitivity, kernel credit, feature weights, fidelity
 *       (Section III.D) — {@link io.koopcredit.credit.CreditAnalysis} is the library's entry point;</li>
 *   <li>{@link io.koopcredit.report}: JSON, CSV, PNG and HTML;</li>
 *   <li>{@link io.koopcredit.cli}: the command line.</li>
 * </ol>
 *
 * <p>Shared by all: {@link io.koopcredit.base.InputException} marks the user's mistakes (one line, exit code 2);
 * {@link io.koopcredit.base.InputFiles} checks the files a user names before anything reads them;
 * {@link io.koopcredit.base.MemoryExhausted} says what was running when the heap ran out;
 * {@link io.koopcredit.base.Seeds} is the only source of randomness (reproducible on every JVM).
 */
package io.koopcredit;
