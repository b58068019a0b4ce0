/**
 * The credit analysis on an Apache Spark cluster: the only package of koopcredit that touches Spark (a
 * test reads every compiled class of the build to keep it so).
 *
 * <ul>
 *   <li>{@link io.koopcredit.spark.SparkMain}: the command line with Spark on the class path (the launcher's
 *       entry point for {@code --spark}, and the all-jar's main class for {@code spark-submit});</li>
 *   <li>{@link io.koopcredit.spark.SparkBackend}: the command line's {@code io.koopcredit.cli.ClusterBackend}
 *       (found by {@link java.util.ServiceLoader}): checks the master, configures and starts the context;</li>
 *   <li>{@code SparkTrials}: the connection; the (block, trial) pairs as one Spark task each, the blocks' fitting data
 *       broadcast, the fits collected in block and trial order for
 *       {@link io.koopcredit.credit.CreditAnalysis} to assemble; user errors on the executors become one
 *       line on the driver;</li>
 *   <li>{@code TrialTask}: what one task runs on an executor; {@code ExecutorModels}: the models an executor
 *       JVM has loaded, once each, closed at shutdown;</li>
 *   <li>{@code ParquetData}: {@code --data} as a Parquet dataset, read with Spark SQL;</li>
 *   <li>{@code SparkFactors}: the one-step estimator's Gram form on the executors (the core's
 *       {@link io.koopcredit.credit.FactorRunner}): the samples' pass in the driver's chunks, every boundary's
 *       activations cut into the core's tiles and shuffled into one task per boundary, which folds them in
 *       tile order ({@link io.koopcredit.credit.BoundaryPass}); only the N × N and N × H results reach the
 *       driver; {@code SparkPass}: the second stage, the fitted blocks' kernel credits and direct errors
 *       ({@link io.koopcredit.credit.BoundaryReads}) from the same shuffle, so that the driver never runs the
 *       network;</li>
 *   <li>{@code JobSpec}, {@code EstimatorSpec} and {@code TrialFitCodec}: what travels between the driver and
 *       the executors (the core's records are not serializable; the fits travel as their exact bits).</li>
 * </ul>
 */
package io.koopcredit.spark;
